-- Books one render into a tenant's day: its count, its credits, and the day's expiry, in one step.
-- KEYS: usage hash; ARGV: count name, credits to add, ttl ms
if tonumber(ARGV[2]) ~= 0 then
  redis.call('HINCRBYFLOAT', KEYS[1], 'credits', ARGV[2])
end
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
