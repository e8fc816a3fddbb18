-- Replaces a delivery after an attempt: still pending, it moves to its next attempt; finished, it leaves the
-- pending zset and expires (with its render's index) after the finished ttl.
-- KEYS: delivery, render's deliveries, pending zset
-- ARGV: id, json, pending (1/0), next attempt ms, finished ttl ms
redis.call('SET', KEYS[1], ARGV[2])
if ARGV[3] == '1' then
  redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
else
  redis.call('ZREM', KEYS[3], ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  redis.call('PEXPIRE', KEYS[2], ARGV[5])
end
return 'OK'
