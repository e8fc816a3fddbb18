-- Takes a cancelled render out of its tenant's queue. KEYS: tenant queue, members, size; ARGV: id
local removed = redis.call('LREM', KEYS[1], 0, ARGV[1])
redis.call('SREM', KEYS[2], ARGV[1])
if removed > 0 then
  redis.call('DECRBY', KEYS[3], removed)
end
return removed
