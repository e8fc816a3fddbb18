-- Numbers one render event with the global sequence and records it: in the stream of all events (the live
-- fan-out, approximately capped), in the tenant's stream (exactly capped, remembering the highest trimmed
-- sequence), and as the render's latest event (capped per tenant).
-- KEYS: sequence, epoch, all-events stream, tenant stream, tenant evicted, tenant latest zset, latest hash
-- ARGV: render id, render json, history limit, all-events max length, tenant, latest cap, history ttl ms,
--       start sequence (now in microseconds, used when the sequence does not exist yet)
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('SET', KEYS[1], ARGV[8])
  redis.call('SET', KEYS[2], ARGV[8])
end
local seq = string.format('%d', redis.call('INCR', KEYS[1]))
local id = seq .. '-0'
local limit = tonumber(ARGV[3])
local length = redis.call('XLEN', KEYS[4])
if length >= limit then
  local trimmed = redis.call('XRANGE', KEYS[4], '-', '+', 'COUNT', length - limit + 1)
  redis.call('SET', KEYS[5], string.match(trimmed[#trimmed][1], '^(%d+)'))
  redis.call('XTRIM', KEYS[4], 'MAXLEN', limit - 1)
end
redis.call('XADD', KEYS[4], id, 'r', ARGV[2])
redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[4], id, 't', ARGV[5], 'r', ARGV[2])
redis.call('ZADD', KEYS[6], seq, ARGV[1])
redis.call('HSET', KEYS[7], ARGV[1], seq .. ':' .. ARGV[2])
local extra = redis.call('ZCARD', KEYS[6]) - tonumber(ARGV[6])
if extra > 0 then
  local old = redis.call('ZRANGE', KEYS[6], 0, extra - 1)
  redis.call('ZREMRANGEBYRANK', KEYS[6], 0, extra - 1)
  for _, renderId in ipairs(old) do
    redis.call('HDEL', KEYS[7], renderId)
  end
end
redis.call('PEXPIRE', KEYS[4], ARGV[7])
redis.call('PEXPIRE', KEYS[5], ARGV[7])
return seq
