-- luac, the Lua compiler: syntax checks (-p), listings (-l), binary chunks
-- (-o, -s, several files, stdin) that lua then runs, and its errors. Files
-- go into the work directory (arg[1], the current directory), named
-- relative to it so that messages are the same everywhere.

assert(arg[1], "usage: lua luac.lua WORKDIR")

local function write(name, text)
  local f = assert(io.open(name, "w"))
  f:write(text)
  f:close()
end

local function read(name)
  local f = assert(io.open(name, "rb"))
  local data = f:read("a")
  f:close()
  return data
end

-- Runs a shell command line, prints what it wrote (stdout and stderr, in
-- order) and how it ended. Listings name functions by their address in memory,
-- which differs from run to run: those are masked.
local function run(label, command)
  local p = assert(io.popen("(" .. command .. ") 2>&1"))
  local out = p:read("a"):gsub("0x%x+", "ADDR")
  local _, how, code = p:close()
  io.write("== ", label, ": ", how, " ", code, "\n", out)
end

write("good.lua", [[
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
local function counter()
  local n = 0
  return function(step) n = n + (step or 1); return n end
end
local c = counter()
c(); c(5)
local t = {}
for i = 1, 10 do t[#t + 1] = i * i end
print("fib", fib(20), "counter", c(), "sum", (function(...)
  local s = 0
  for _, v in ipairs({...}) do s = s + v end
  return s
end)(table.unpack(t)))
print("args", select("#", ...), ...)
print(string.format("%5.2f|%-4s|%x", math.pi, "ab", 255))
]])

write("small.lua", [[
local function add(a, b)
  return a + b
end
print(add(1, 2))
]])

write("bad.lua", "local x = 1\nif x then\n  print(x\nend\n")
write("bad2.lua", "x = = 1\n")
write("fails.lua", "local function f(x) error('boom ' .. x) end\nf(42)\n")
write("a.lua", "print('a: first')\nshared = 7\n")
write("b.lua", "print('b: second, sees', shared)\n")

run("version", "luac -v")
run("-p on a good file", "luac -p good.lua")
run("-p on a bad file", "luac -p bad.lua")
run("-p on another bad file", "luac -p bad2.lua")
run("-p on a missing file", "luac -p missing.lua")
run("-p on good and bad together", "luac -p good.lua bad2.lua")
run("no file (luac.out from stdin is not the default)", "luac -o x.luac < /dev/null")
run("an unknown option", "luac -Z good.lua")
run("-l listing", "luac -l -p small.lua")
run("-l -l listing: constants, locals, upvalues", "luac -l -l -p small.lua")

run("-o", "luac -o good.luac good.lua")
run("lua good.lua", "lua good.lua one two")
run("lua good.luac", "lua good.luac one two")
run("luac.out is the default output", "luac small.lua && lua luac.out")
run("-s strips debug information", "luac -s -o stripped.luac good.lua && lua stripped.luac")
run("errors with and without debug information",
  "luac -o fails.luac fails.lua && luac -s -o fails-s.luac fails.lua && "
  .. "lua fails.luac; echo status $?; lua fails-s.luac; echo status $?")
run("several files in one chunk", "luac -o both.luac a.lua b.lua && lua both.luac")
run("stdin as a file", "echo 'print(\"from stdin\", 6 * 7)' | luac -o stdin.luac - && lua stdin.luac")
run("a listing of a binary chunk", "luac -l both.luac | grep -c '^main'")

local chunk = read("good.luac")
local stripped = read("stripped.luac")
print("header", chunk:sub(1, 4) == "\27Lua", string.format("version %02x format %d", chunk:byte(5), chunk:byte(6)))
print("stripped is smaller", #stripped < #chunk)
print("same bytes every time", read("good.luac") == chunk)
run("checksums", "md5sum good.luac stripped.luac both.luac")

print("load binary", pcall(assert(loadfile("good.luac", "b")), "x"))
print("text only", loadfile("good.luac", "t"))
print("binary only", loadfile("good.lua", "b"))
print("truncated", load(chunk:sub(1, 20), "cut", "b"))
print("string.dump round trip", load(string.dump(load("return 6 * 7")))())
