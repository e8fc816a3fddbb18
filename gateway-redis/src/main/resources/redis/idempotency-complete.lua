-- The reserving request created a render: later requests replay it for the key's whole ttl.
-- KEYS: key hash; ARGV: render id, ttl ms
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
redis.call('HSET', KEYS[1], 'render', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
