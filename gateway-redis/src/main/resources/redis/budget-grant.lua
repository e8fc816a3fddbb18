-- Grants a slot its send time under the cluster's sliding window, when its request is about to leave: no more
-- than LIMIT sends in any window, counting the sends the instances reported (budget-sent.lua) and every granted
-- request not yet reported as if it left now. A request granted more than MAX_WAIT ago and never reported (its
-- instance died) counts as sent MAX_WAIT after its grant. All times are Redis's (TIME), in microseconds.
-- KEYS: sent (zset id -> send time), pending (zset id -> granted time)
-- ARGV: id, LIMIT, window µs, MAX_WAIT µs
-- Returns {1, wait, now}: granted, leave in `wait` µs (0: now); or {0, 0, now}: LIMIT granted requests are still
-- unreported, ask again later.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local limit = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local maxWait = tonumber(ARGV[4])
local lost = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', string.format('%d', now - maxWait), 'WITHSCORES')
for i = 1, #lost, 2 do
  redis.call('ZREM', KEYS[2], lost[i])
  redis.call('ZADD', KEYS[1], string.format('%d', tonumber(lost[i + 1]) + maxWait), lost[i])
end
-- A send a window ago or more never holds a slot back again; of the rest only the latest LIMIT matter.
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%d', now - window))
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(limit + 1))
local pending = redis.call('ZCARD', KEYS[2])
if pending >= limit then
  return {0, 0, now}
end
local at = now
local back = redis.call('ZREVRANGE', KEYS[1], limit - pending - 1, limit - pending - 1, 'WITHSCORES')
if #back > 0 then
  at = math.max(now, tonumber(back[2]) + window)
end
redis.call('ZADD', KEYS[2], string.format('%d', at), ARGV[1])
redis.call('PEXPIRE', KEYS[1], math.floor(window / 1000) + 60000)
redis.call('PEXPIRE', KEYS[2], math.floor((at - now + maxWait) / 1000) + 60000)
return {1, at - now, now}
