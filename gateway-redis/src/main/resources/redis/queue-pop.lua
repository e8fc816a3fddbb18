-- Takes the next render by fair turns between tenants: the first render of the tenant whose turn it is; the
-- tenant goes to the end of the turns if it has more. The id is noted as taken (for the recovery check)
-- until the claim settles it.
-- KEYS: turns, active tenants, members, taken, size; ARGV: key prefix, now ms
-- Returns {tenant, id}, or nil when nothing waits.
for _ = 1, redis.call('LLEN', KEYS[1]) do
  local tenant = redis.call('LPOP', KEYS[1])
  if not tenant then
    return nil
  end
  local queue = ARGV[1] .. 'queue:' .. tenant
  local id = redis.call('LPOP', queue)
  if redis.call('LLEN', queue) > 0 then
    redis.call('RPUSH', KEYS[1], tenant)
  else
    redis.call('SREM', KEYS[2], tenant)
  end
  if id then
    redis.call('SREM', KEYS[3], id)
    redis.call('ZADD', KEYS[4], ARGV[2], id)
    redis.call('DECR', KEYS[5])
    return {tenant, id}
  end
end
return nil
