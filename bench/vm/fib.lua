-- Recursive calls: fib(N), as bench/vm/Fib.java.
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
local n = tonumber(arg[1])
local t0 = os.clock()
local r = fib(n)
local t1 = os.clock()
print("result fib " .. r)
print(string.format("bench fib %.6f s", t1 - t0))
