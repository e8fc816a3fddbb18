-- The reserving request failed before creating anything: the key is free again. KEYS: key hash
if redis.call('HEXISTS', KEYS[1], 'render') == 0 then
  return redis.call('DEL', KEYS[1])
end
return 0
