-- The token marking this Redis's data: written when missing (a new or emptied Redis), else read.
-- An instance that finds a token other than the one it saw last knows that Redis lost its data meanwhile.
-- KEYS: marker; ARGV: a fresh random token. Returns the token stored now.
local token = redis.call('GET', KEYS[1])
if token then
  return token
end
redis.call('SET', KEYS[1], ARGV[1])
return ARGV[1]
