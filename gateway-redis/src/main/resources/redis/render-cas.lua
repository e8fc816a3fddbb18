-- Compare-and-set on the revision: replaces the render only if its stored revision is the expected one.
-- A render that ends leaves the unfinished set and expires after the finished ttl.
-- KEYS: render hash, unfinished set
-- ARGV: id, expected revision, new revision, status, updated ms, json, terminal (1/0), finished ttl ms
if redis.call('HGET', KEYS[1], 'rev') ~= ARGV[2] then
  return 0
end
redis.call('HSET', KEYS[1], 'rev', ARGV[3], 'status', ARGV[4], 'updated', ARGV[5], 'json', ARGV[6])
if ARGV[7] == '1' then
  redis.call('SREM', KEYS[2], ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[8])
end
return 1
