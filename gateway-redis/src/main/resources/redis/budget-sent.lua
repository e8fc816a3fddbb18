-- A granted request has left (or will not be sent): it counts from its send time, no longer as pending.
-- The time is the instance's estimate on Redis's clock (its grant's TIME plus the instance's own elapsed time since
-- it asked for the grant, so never early), or now if that is earlier, and never before the time it was granted.
-- KEYS: sent (zset id -> send time), pending (zset id -> granted time); ARGV: id, estimate µs, window µs
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local at = math.min(now, tonumber(ARGV[2]))
local granted = redis.call('ZSCORE', KEYS[2], ARGV[1])
if granted then
  at = math.max(at, tonumber(granted))
  redis.call('ZREM', KEYS[2], ARGV[1])
end
local known = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not known or at > tonumber(known) then
  redis.call('ZADD', KEYS[1], string.format('%d', at), ARGV[1])
  redis.call('PEXPIRE', KEYS[1], math.floor(tonumber(ARGV[3]) / 1000) + 60000)
end
return 1
