-- Stores a new delivery, indexes it for its render and, while pending, by its next attempt.
-- A delivery that exists already is left as it is and returned (enqueuing twice is harmless).
-- KEYS: delivery, render's deliveries, pending zset
-- ARGV: id, json, pending (1/0), next attempt ms, finished ttl ms
local existing = redis.call('GET', KEYS[1])
if existing then
  return existing
end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('RPUSH', KEYS[2], ARGV[1])
if ARGV[3] == '1' then
  redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
else
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  redis.call('PEXPIRE', KEYS[2], ARGV[5])
end
return ''
