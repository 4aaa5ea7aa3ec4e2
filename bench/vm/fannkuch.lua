-- Fannkuch-redux: every permutation of 0..N-1, each flipped until 0 comes
-- first, as bench/vm/Fannkuch.java (arrays are tables indexed from 1: Java's
-- a[i] is a[i + 1] here).
local function fannkuch(n)
  local perm, perm1, count = {}, {}, {}
  for i = 1, n do perm[i] = 0; perm1[i] = i - 1; count[i] = 0 end
  local maxFlips, checksum, permCount, r = 0, 0, 0, n
  while true do
    while r ~= 1 do count[r] = r; r = r - 1 end
    table.move(perm1, 1, n, 1, perm)
    local flips = 0
    local k = perm[1]
    while k ~= 0 do
      local i, j = 1, k + 1
      while i < j do
        local t = perm[i]; perm[i] = perm[j]; perm[j] = t
        i = i + 1; j = j - 1
      end
      flips = flips + 1
      k = perm[1]
    end
    if flips > maxFlips then maxFlips = flips end
    if permCount % 2 == 0 then checksum = checksum + flips else checksum = checksum - flips end
    -- The next permutation: rotate the first r+1 elements until one of the
    -- counts is not yet used up.
    while true do
      if r == n then return checksum, maxFlips end
      local p0 = perm1[1]
      for i = 1, r do perm1[i] = perm1[i + 1] end
      perm1[r + 1] = p0
      local c = count[r + 1] - 1
      count[r + 1] = c
      if c > 0 then break end
      r = r + 1
    end
    permCount = permCount + 1
  end
end

local n = tonumber(arg[1])
local t0 = os.clock()
local checksum, maxFlips = fannkuch(n)
local t1 = os.clock()
print("result fannkuch " .. checksum .. " " .. maxFlips)
print(string.format("bench fannkuch %.6f s", t1 - t0))
