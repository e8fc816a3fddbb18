-- How many renders wait, in all and per tenant with waiting renders.
-- KEYS: size, active tenants; ARGV: key prefix. Returns total, then tenant and count pairs.
local out = {tonumber(redis.call('GET', KEYS[1]) or '0')}
for _, tenant in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  out[#out + 1] = tenant
  out[#out + 1] = redis.call('LLEN', ARGV[1] .. 'queue:' .. tenant)
end
return out
