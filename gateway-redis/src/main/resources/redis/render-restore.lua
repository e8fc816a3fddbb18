-- Writes back a render that Redis lost (restarted empty, or flushed), as the instance holding it last knew it:
-- the render unless Redis holds this revision or a newer one, its entry in the tenant's listing, its place
-- among the unfinished renders, the instance's lease on it (unless another instance holds it) and, when the
-- instance remembers one, the Idempotency-Key that created it (unless the key is in use again).
-- KEYS: render hash, tenant index, unfinished set, order counter, lease, and the idempotency key if any
-- ARGV: id, tenant, status, updated ms, json, revision, terminal (1/0), finished ttl ms, owner, lease ttl ms,
--       idempotency fingerprint, idempotency ttl ms
-- Returns 1 when the render was written back, 0 when Redis had it already.
local stored = tonumber(redis.call('HGET', KEYS[1], 'rev') or '-1')
if stored >= tonumber(ARGV[6]) then
  return 0
end
redis.call('HSET', KEYS[1], 'rev', ARGV[6], 'status', ARGV[3], 'tenant', ARGV[2], 'updated', ARGV[4], 'json', ARGV[5])
if not redis.call('ZSCORE', KEYS[2], ARGV[1]) then
  redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[4]), ARGV[1])
end
if ARGV[7] == '1' then
  redis.call('SREM', KEYS[3], ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[8])
else
  redis.call('SADD', KEYS[3], ARGV[1])
  redis.call('SET', KEYS[5], ARGV[9], 'NX', 'PX', ARGV[10])
end
if #KEYS >= 6 and redis.call('EXISTS', KEYS[6]) == 0 then
  redis.call('HSET', KEYS[6], 'fp', ARGV[11], 'render', ARGV[1])
  redis.call('PEXPIRE', KEYS[6], ARGV[12])
end
return 1
