-- A request has left (later than confirmed): the next confirmation counts from now. KEYS: last send
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
if now > last then
  redis.call('SET', KEYS[1], string.format('%d', now), 'PX', 60000)
end
return 1
