-- Stores a new render, indexes it for its tenant's listing and, unless it has ended, as unfinished.
-- Stores nothing when run after its deadline: its caller has stopped waiting and answered that nothing was
-- stored (Redis stalled and is running its backlog).
-- KEYS: render hash, tenant index, unfinished set, order counter
-- ARGV: id, tenant, status, updated ms, json, revision, terminal (1/0), finished ttl ms, deadline ms (Redis clock)
-- Returns 1 when stored, 0 when the id exists, -1 when too late.
local time = redis.call('TIME')
if tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000) > tonumber(ARGV[9]) then
  return -1
end
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], 'rev', ARGV[6], 'status', ARGV[3], 'tenant', ARGV[2], 'updated', ARGV[4], 'json', ARGV[5])
local order = redis.call('INCR', KEYS[4])
redis.call('ZADD', KEYS[2], order, ARGV[1])
if ARGV[7] == '1' then
  redis.call('PEXPIRE', KEYS[1], ARGV[8])
else
  redis.call('SADD', KEYS[3], ARGV[1])
end
return 1
