-- A feed's catch-up, read atomically with the sequence it is valid up to (the watermark).
-- With a placeable last event id: the tenant's events after it ('replay'), or where the history no longer
-- reaches back, the latest event of each selected render ('since'; the caller keeps those after the id).
-- Without (or with one it cannot place): the latest event of the selected renders, or of the tenant's most
-- recently changed ones ('current').
-- KEYS: sequence, epoch, tenant stream, tenant evicted, tenant latest zset, latest hash
-- ARGV: last event id ('' for none), snapshot limit, selected render ids (none: tenant-wide)
-- Returns: watermark, mode, then sequence and render json of each event, in no particular order unless 'replay'
local watermark = tonumber(redis.call('GET', KEYS[1]) or '0')
local epoch = tonumber(redis.call('GET', KEYS[2]) or '0')
local out = {string.format('%d', watermark), 'current'}
local after = tonumber(ARGV[1])
local ids = {}
for i = 3, #ARGV do
  ids[#ids + 1] = ARGV[i]
end

local function latestOf(renderIds)
  for first = 1, #renderIds, 500 do
    local last = math.min(first + 499, #renderIds)
    local values = redis.call('HMGET', KEYS[6], unpack(renderIds, first, last))
    for i = 1, last - first + 1 do
      local value = values[i]
      if value then
        local colon = string.find(value, ':', 1, true)
        out[#out + 1] = string.sub(value, 1, colon - 1)
        out[#out + 1] = string.sub(value, colon + 1)
      end
    end
  end
end

if after and after >= epoch and after <= watermark then
  local evicted = tonumber(redis.call('GET', KEYS[4]) or '0')
  if redis.call('EXISTS', KEYS[3]) == 1 and after >= evicted then
    out[2] = 'replay'
    for _, entry in ipairs(redis.call('XRANGE', KEYS[3], '(' .. string.format('%d', after) .. '-0', '+')) do
      out[#out + 1] = string.match(entry[1], '^(%d+)')
      out[#out + 1] = entry[2][2]
    end
  elseif #ids == 0 then
    out[2] = 'since'
    latestOf(redis.call('ZRANGEBYSCORE', KEYS[5], '(' .. string.format('%d', after), '+inf'))
  else
    out[2] = 'since'
    latestOf(ids)
  end
elseif #ids == 0 then
  latestOf(redis.call('ZREVRANGE', KEYS[5], 0, tonumber(ARGV[2]) - 1))
else
  latestOf(ids)
end
return out
