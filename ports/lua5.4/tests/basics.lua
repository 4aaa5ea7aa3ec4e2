-- The language and its pure libraries: closures, coroutines, strings and
-- patterns, tables, integer and float math. Output must not depend on
-- addresses or time, so the guest's and the host's can be compared.

local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print("fib(25)", fib(25))

-- closures
local function counter()
  local n = 0
  return function() n = n + 1; return n end
end
local a, b = counter(), counter()
a(); a()
print("closures", a(), b())

-- coroutines
local gen = coroutine.wrap(function()
  for i = 1, 3 do coroutine.yield(i * i) end
  return "done"
end)
print("coroutine", gen(), gen(), gen(), gen())
local co = coroutine.create(function(x) local y = coroutine.yield(x + 1); error("boom " .. y) end)
print("resume", coroutine.resume(co, 1))
local ok, err = coroutine.resume(co, 7)
print("resume error", ok, (err:gsub("^.-:%d+: ", "")), coroutine.status(co))

-- strings
local s = "The quick brown fox jumps over the lazy dog"
print("upper", s:upper())
print("rev", ("phantom"):reverse(), ("ab"):rep(3, "-"), #s)
print("format", string.format("%5d|%-5s|%.3f|%x|%q", 42, "ab", math.pi, 255, "a\nb"))
print("byte/char", s:byte(1, 3), string.char(72, 105))
-- patterns
print("find", s:find("brown"), s:find("o", 20, true))
print("match", ("key = value"):match("^(%w+)%s*=%s*(%w+)$"))
local words = {}
for w in s:gmatch("%a+") do words[#words + 1] = w:lower() end
print("gmatch", #words, table.concat(words, ","))
print("gsub", (s:gsub("(%w+)", "<%1>", 3)))
print("gsub fn", ("x=1, y=22"):gsub("%d+", function(d) return d * 2 end))
print("frontier", ("THE (quick) fox"):gsub("%f[%a]%a+", "W"))
print("balanced", ("f(a(b)c) g(d)"):match("%b()"))

-- tables
local t = {}
for i = 1, 20 do t[i] = (i * 7919) % 101 end
table.sort(t)
print("sort", table.concat(t, " "))
table.sort(t, function(x, y) return x > y end)
print("sort desc", table.concat(t, " ", 1, 5))
local people = { {name = "ana", age = 31}, {name = "bo", age = 25}, {name = "cy", age = 31} }
table.sort(people, function(p, q) if p.age ~= q.age then return p.age < q.age end return p.name < q.name end)
for _, p in ipairs(people) do io.write(p.name, ":", p.age, " ") end print()
local packed = table.pack(1, nil, 3)
print("pack", packed.n, table.unpack({1, 2, 3}))
table.insert(t, 1, 0); table.remove(t)
print("insert/remove", #t, t[1], t[#t])
print("move", table.concat(table.move({1, 2, 3}, 1, 3, 2, {9}), ","))
local keys = {}
for k in pairs({x = 1, y = 2, z = 3}) do keys[#keys + 1] = k end
table.sort(keys)
print("pairs", table.concat(keys))
local mt = setmetatable({}, {__index = function(_, k) return k .. "!" end, __call = function() return "called" end})
print("metatable", mt.hi, mt())

-- integer and float math
print("int", 7 // 2, 7 % 3, -7 // 2, -7 % 3, 2^10, 1 << 62, math.maxinteger, math.mininteger)
print("float", 7 / 2, 1e300 * 1e10, -1e300 * 1e10, 0.1 + 0.2, 3.0 == 3, math.type(3), math.type(3.0))
print("math", math.floor(-3.5), math.ceil(-3.5), math.abs(-4), math.max(1, 9, 3), math.fmod(7, 3))
print("sqrt", math.sqrt(2), math.sin(1), math.exp(1), math.log(100, 10))
print("tointeger", math.tointeger(5.0), math.tointeger(5.5), 10 // 0.0, tostring(0/0):gsub("-", ""))
print("convert", tonumber("0x1F"), tonumber("1e3"), tonumber("z", 36), tostring(1e15), tostring(2^63))
print("wrap", math.maxinteger + 1 == math.mininteger, string.format("%.14g", 2^53 + 1))
math.randomseed(42)
local r = math.random(1, 100)
print("random", r >= 1 and r <= 100)

-- errors
local ok7, e7 = pcall(function() error({code = 7}) end)
print("pcall", ok7, type(e7), e7.code)
print("pcall msg", select(2, pcall(error, "plain", 0)))
print("xpcall", xpcall(function() return nil + 1 end, function(m) return "handled" end))
print("utf8", utf8.char(72, 228, 8364), utf8.len("häll€"))
