-- Takes a render's lease for an instance, or extends it if that instance holds it already.
-- KEYS: lease; ARGV: owner, ttl ms. Returns 1 if the owner holds the lease now, else 0.
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
