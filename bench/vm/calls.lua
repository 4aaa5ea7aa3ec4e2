-- Method calls through objects with different methods, as bench/vm/Calls.java.
local Square = {} Square.__index = Square
function Square.area(self, k) return k * k end
local Rect = {} Rect.__index = Rect
function Rect.area(self, k) return k * (k + 1) end
local n = tonumber(arg[1])
local shapes = { setmetatable({}, Square), setmetatable({}, Rect) }
local t0 = os.clock()
local sum = 0
for i = 0, n - 1 do
  sum = (sum + shapes[(i & 1) + 1]:area(i & 255)) & 0xffffffff
end
local t1 = os.clock()
if sum >= 0x80000000 then sum = sum - 0x100000000 end
print("result calls " .. sum)
print(string.format("bench calls %.6f s", t1 - t0))
