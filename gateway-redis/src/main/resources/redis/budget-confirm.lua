-- Confirms a slot just before its request leaves: spacing must hold from the last request that really left
-- (whichever instance sent it, reported by budget-sent.lua), not only from the reserved slot times.
-- KEYS: last send; ARGV: spacing µs. Returns 0 to go now, else how many µs to wait before asking again.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
local due = last + tonumber(ARGV[1])
if now >= due then
  redis.call('SET', KEYS[1], string.format('%d', now), 'PX', 60000)
  return 0
end
return due - now
