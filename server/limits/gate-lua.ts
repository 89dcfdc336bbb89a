/**
 * The cluster-wide gate's state transitions, as Lua scripts that Redis runs atomically, so
 * two relays can never both take the last slot. Times come from Redis' own clock (TIME),
 * never a relay's, so relays with skewed clocks still agree on leases and pauses.
 *
 * Keys, under the prefix passed as ARGV[1]:
 * - `leases`   ZSET waiter id → lease expiry (ms): the calls at Gemini now;
 * - `ring`     LIST of users with waiters, in round-robin order (served user goes to the back);
 * - `q:<user>` ZSET waiter id → arrival number: that user's waiters, oldest first;
 * - `state`    HASH cap (width now), streak (successes since last widening), paused_until;
 * - `relay:<id>` a relay's heartbeat; waiters and leases of a relay without one are dropped.
 * A waiter id is `<relay id>|<n>`; a grant is published on `granted:<relay id>`.
 */

const COMMON = `
local p = ARGV[1]
local maxcap = tonumber(ARGV[2])
local leasems = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

local function relay_of(id)
  return string.match(id, '^(.*)|[^|]*$')
end

local function alive(relay, seen)
  local v = seen[relay]
  if v == nil then
    v = redis.call('EXISTS', p .. 'relay:' .. relay) == 1
    seen[relay] = v
  end
  return v
end

local function read_state()
  local s = redis.call('HMGET', p .. 'state', 'cap', 'streak', 'paused_until')
  local cap = tonumber(s[1]) or maxcap
  if cap > maxcap then cap = maxcap end
  return cap, tonumber(s[2]) or 0, tonumber(s[3]) or 0
end

-- Grants free slots to waiters, one user at a time in ring order. Returns {granted ids, ms paused, width}.
local function pump()
  local seen = {}
  redis.call('ZREMRANGEBYSCORE', p .. 'leases', '-inf', now)
  local held = redis.call('ZRANGE', p .. 'leases', 0, -1)
  for _, id in ipairs(held) do
    if not alive(relay_of(id), seen) then redis.call('ZREM', p .. 'leases', id) end
  end
  local cap, streak, paused = read_state()
  if paused > now then return {{}, paused - now, cap} end
  local granted = {}
  local active = redis.call('ZCARD', p .. 'leases')
  while active < cap do
    local user = redis.call('LPOP', p .. 'ring')
    if not user then break end
    local q = p .. 'q:' .. user
    local popped = redis.call('ZPOPMIN', q)
    local id = popped[1]
    if id then
      local relay = relay_of(id)
      if alive(relay, seen) then
        redis.call('ZADD', p .. 'leases', now + leasems, id)
        active = active + 1
        granted[#granted + 1] = id
        redis.call('PUBLISH', p .. 'granted:' .. relay, id)
      end
      if redis.call('ZCARD', q) > 0 then redis.call('RPUSH', p .. 'ring', user) end
    end
  end
  return {granted, 0, cap}
end
`;

/** ARGV: prefix, maxcap, leasems, user, waiter id. Queues the waiter, then pumps. */
export const ACQUIRE = `${COMMON}
local user = ARGV[4]
local q = p .. 'q:' .. user
if redis.call('ZCARD', q) == 0 then
  redis.call('LREM', p .. 'ring', 0, user)
  redis.call('RPUSH', p .. 'ring', user)
end
redis.call('ZADD', q, redis.call('INCR', p .. 'seq'), ARGV[5])
return pump()
`;

/**
 * ARGV: prefix, maxcap, leasems, waiter id, 429 delay (ms, or -1), longest pause (ms).
 * Frees a lease. A 429 halves the width and pauses everyone; a success counts towards
 * widening again (one slot per full round of successes at the current width).
 */
export const RELEASE = `${COMMON}
local removed = redis.call('ZREM', p .. 'leases', ARGV[4])
local limited = tonumber(ARGV[5])
local cap, streak, paused = read_state()
if limited >= 0 then
  cap = math.max(1, math.floor(cap / 2))
  streak = 0
  paused = math.max(paused, now + math.min(limited, tonumber(ARGV[6])))
elseif removed == 1 and cap < maxcap then
  streak = streak + 1
  if streak >= cap then
    cap = cap + 1
    streak = 0
  end
end
redis.call('HSET', p .. 'state', 'cap', cap, 'streak', streak, 'paused_until', paused)
return pump()
`;

/** ARGV: prefix, maxcap, leasems, user, waiter id. Withdraws a waiter, or frees its slot if granted. */
export const WITHDRAW = `${COMMON}
local user = ARGV[4]
local q = p .. 'q:' .. user
if redis.call('ZREM', q, ARGV[5]) == 1 then
  if redis.call('ZCARD', q) == 0 then redis.call('LREM', p .. 'ring', 0, user) end
else
  redis.call('ZREM', p .. 'leases', ARGV[5])
end
return pump()
`;

/**
 * ARGV: prefix, maxcap, leasems, then pairs of (waiter id, user) for this relay's waiters,
 * then '--', then this relay's lease ids. Renews the leases, puts back any waiter Redis
 * forgot (a Redis restart), pumps, and returns {granted, ms paused, width, already granted}.
 */
export const TICK = `${COMMON}
local i = 4
local known = {}
while ARGV[i] ~= '--' do
  local id, user = ARGV[i], ARGV[i + 1]
  if redis.call('ZSCORE', p .. 'leases', id) then
    known[#known + 1] = id
  else
    local q = p .. 'q:' .. user
    if not redis.call('ZSCORE', q, id) then
      if redis.call('ZCARD', q) == 0 then
        redis.call('LREM', p .. 'ring', 0, user)
        redis.call('RPUSH', p .. 'ring', user)
      end
      redis.call('ZADD', q, redis.call('INCR', p .. 'seq'), id)
    end
  end
  i = i + 2
end
for j = i + 1, #ARGV do
  redis.call('ZADD', p .. 'leases', 'XX', now + leasems, ARGV[j])
end
local res = pump()
res[4] = known
return res
`;
