-- Queues a render id at the tail (new) or at the head (withdrawn) of its tenant's queue, and gives the
-- tenant a place in the round-robin turns if it has none.
-- KEYS: tenant queue, turns, active tenants, members, size; ARGV: tenant, id, 'tail' or 'head'
if redis.call('SADD', KEYS[4], ARGV[2]) == 0 then
  return 0
end
if ARGV[3] == 'head' then
  redis.call('LPUSH', KEYS[1], ARGV[2])
else
  redis.call('RPUSH', KEYS[1], ARGV[2])
end
redis.call('INCR', KEYS[5])
if redis.call('SADD', KEYS[3], ARGV[1]) == 1 then
  redis.call('RPUSH', KEYS[2], ARGV[1])
end
return 1
