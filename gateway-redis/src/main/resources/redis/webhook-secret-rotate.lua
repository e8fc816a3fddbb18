-- Rotates a tenant's secret: the new one becomes current, the current one stays valid until now + overlap,
-- an older previous one ends now. KEYS: secrets hash; ARGV: new secret, now ms, overlap ms.
-- Returns current, current-created, previous, previous-created, previous-expires ('' when absent).
local old = redis.call('HMGET', KEYS[1], 'current', 'current-created')
if old[1] then
  redis.call('HSET', KEYS[1], 'previous', old[1], 'previous-created', old[2],
    'previous-expires', tostring(tonumber(ARGV[2]) + tonumber(ARGV[3])))
else
  redis.call('HDEL', KEYS[1], 'previous', 'previous-created', 'previous-expires')
end
redis.call('HSET', KEYS[1], 'current', ARGV[1], 'current-created', ARGV[2])
local s = redis.call('HMGET', KEYS[1], 'current', 'current-created', 'previous', 'previous-created',
  'previous-expires')
for i = 1, 5 do
  if not s[i] then s[i] = '' end
end
return s
