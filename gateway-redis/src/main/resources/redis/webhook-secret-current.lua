-- A tenant's secrets, creating the first from the candidate if there is none: two instances never mint two
-- different first secrets. KEYS: secrets hash; ARGV: candidate secret, now ms.
-- Returns current, current-created, previous, previous-created, previous-expires ('' when absent).
if redis.call('HSETNX', KEYS[1], 'current', ARGV[1]) == 1 then
  redis.call('HSET', KEYS[1], 'current-created', ARGV[2])
end
local s = redis.call('HMGET', KEYS[1], 'current', 'current-created', 'previous', 'previous-created',
  'previous-expires')
for i = 1, 5 do
  if not s[i] then s[i] = '' end
end
return s
