-- No slot before now + wait: a 429's Retry-After for everyone, or a request that left late, which pushes
-- the next slots back so that spacing holds between actual sends. KEYS: next free slot; ARGV: wait µs
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local nextFree = tonumber(redis.call('GET', KEYS[1]) or '0')
local hold = now + tonumber(ARGV[1])
if hold > nextFree then
  redis.call('SET', KEYS[1], string.format('%d', hold), 'PX', math.floor(tonumber(ARGV[1]) / 1000) + 60000)
end
return 1
