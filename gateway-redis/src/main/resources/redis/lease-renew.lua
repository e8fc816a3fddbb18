-- Extends an instance's leases; takes again the ones that expired and nobody took.
-- KEYS: leases; ARGV: owner, ttl ms. Returns the positions (1-based) of the leases another instance holds.
local lost = {}
for i, key in ipairs(KEYS) do
  local holder = redis.call('GET', key)
  if holder == ARGV[1] then
    redis.call('PEXPIRE', key, ARGV[2])
  elseif not holder then
    redis.call('SET', key, ARGV[1], 'PX', ARGV[2])
  else
    lost[#lost + 1] = i
  end
end
return lost
