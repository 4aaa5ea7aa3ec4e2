-- The os and io libraries, on files in the work directory (arg[1]).
-- Prints nothing that depends on the time or on where the directory is.

local dir = assert(arg[1], "usage: lua os_io.lua WORKDIR")
local path = dir .. "/data.txt"

local f = assert(io.open(path, "w"))
for i = 1, 100 do f:write(string.format("line %03d %s\n", i, ("x"):rep(i % 7))) end
f:write("no newline at the end")
print("close", f:close())

f = assert(io.open(path, "r"))
print("first", f:read("l"))
print("number?", f:read("n"))
print("seek", f:seek("set", 9), f:read(4))
print("size", f:seek("end"))
f:seek("set")
local count, last = 0, nil
for line in f:lines() do count = count + 1; last = line end
print("lines", count, last)
f:close()

f = assert(io.open(path, "a+"))
f:write("\nappended")
f:seek("set")
local all = f:read("a")
f:close()
print("append", #all, all:sub(-8))

local n = 0
for line in io.lines(path) do if line:find("xxxxxx") then n = n + 1 end end
print("io.lines", n)

local none, why, code = io.open(dir .. "/missing.txt")
print("open missing", none, why:sub(#dir + 1), code)
print("rename", os.rename(path, dir .. "/renamed.txt"))
print("old gone", io.open(path) == nil)
print("remove", os.remove(dir .. "/renamed.txt"))
print("remove again", select(3, os.remove(dir .. "/renamed.txt")))

io.write("io.write ", 1, " ", 2.5, "\n")
io.stdout:write("stdout:write\n")
io.stderr:write("to stderr\n")
print("type", io.type(io.stdout), io.type(f), io.type(42))

print("getenv", os.getenv("HOME"), os.getenv("PHANTOM_NO_SUCH_VAR"))
print("time", math.type(os.time()), os.time() > 1700000000)
print("clock", type(os.clock()), os.clock() >= 0)
print("date", os.date("!%Y-%m-%d %H:%M:%S", 86400 * 365))
print("date table", os.date("!*t", 0).year, os.time({year = 2000, month = 1, day = 1, hour = 12}) ~= nil)
print("difftime", os.difftime(10, 4))
local tmp = os.tmpname()
print("tmpname", type(tmp))
os.remove(tmp)
print("execute", os.execute("exit 3"))
local p = io.popen("echo from a child")
print("popen", p:read("a"), p:close())
os.exit(5)
