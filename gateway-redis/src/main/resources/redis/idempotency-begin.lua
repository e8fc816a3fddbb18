-- Starts a request under an Idempotency-Key: reserves a new key for a short while, else says what the
-- first request with it came to. KEYS: key hash; ARGV: fingerprint, reservation ttl ms
-- Returns {'reserved'}, {'mismatch'}, {'in_progress'} or {'replay', render id}.
local fingerprint = redis.call('HGET', KEYS[1], 'fp')
if not fingerprint then
  redis.call('HSET', KEYS[1], 'fp', ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return {'reserved'}
end
if fingerprint ~= ARGV[1] then
  return {'mismatch'}
end
local render = redis.call('HGET', KEYS[1], 'render')
if not render then
  return {'in_progress'}
end
return {'replay', render}
