-- Puts back queued renders that are in no queue: taken out by an instance that died before claiming them,
-- or stored by one that died before queueing them. Only renders untouched for the grace period count, so
-- a render being queued or claimed right now is left alone. Re-queued renders go to the head.
-- KEYS: unfinished set, members, taken, turns, active tenants, size
-- ARGV: key prefix, now ms, grace ms. Returns how many renders were put back.
local prefix = ARGV[1]
local cutoff = tonumber(ARGV[2]) - tonumber(ARGV[3])
local restored = 0
local function restore(id)
  local render = prefix .. 'render:' .. id
  local fields = redis.call('HMGET', render, 'status', 'tenant', 'updated')
  if fields[1] ~= 'queued' or redis.call('SISMEMBER', KEYS[2], id) == 1 or tonumber(fields[3]) > cutoff then
    return
  end
  redis.call('SADD', KEYS[2], id)
  redis.call('LPUSH', prefix .. 'queue:' .. fields[2], id)
  redis.call('INCR', KEYS[6])
  if redis.call('SADD', KEYS[5], fields[2]) == 1 then
    redis.call('RPUSH', KEYS[4], fields[2])
  end
  restored = restored + 1
end
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', cutoff)) do
  redis.call('ZREM', KEYS[3], id)
  restore(id)
end
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if not redis.call('ZSCORE', KEYS[3], id) then
    restore(id)
  end
end
return restored
