-- The cluster's upstream budget as a GCRA: grants the next free slot, spaced by 1/rate (with the safety
-- margin) from the previous one, whichever instance asks; times are Redis's own clock (TIME), so instance
-- clocks never matter. KEYS: next free slot; ARGV: spacing in microseconds
-- Returns how long the caller waits for its slot, in microseconds.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local nextFree = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, nextFree)
local ttl = math.floor((slot - now) / 1000) + 60000
redis.call('SET', KEYS[1], string.format('%d', slot + tonumber(ARGV[1])), 'PX', ttl)
return slot - now
