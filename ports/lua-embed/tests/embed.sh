# lua-embed, a C program linked with the lua5.4 port's liblua.a: its
# built-in demonstration (C calls Lua, Lua calls C, a userdata type, a
# coroutine resumed from C, errors), then scripts run through it: arguments,
# require of a module from the work directory, the C functions, an exit
# status, and errors (at run time with a traceback, at load time, a missing
# file). Everything it prints is the same on any machine.
cd "$1" || exit 1

echo "== built in"
lua-embed
echo "status $?"

echo "== a script"
cat > shapes.lua <<'LUA'
local shapes = {}
function shapes.area(kind, a, b)
  if kind == "rect" then return a * b end
  if kind == "square" then return a * a end
  error("unknown shape " .. tostring(kind), 2)
end
return shapes
LUA
cat > script.lua <<'LUA'
print("arg", #arg, arg[0], arg[1], arg[2])
print("...", select("#", ...), ...)
local shapes = require("shapes")
local parts = split(arg[1])
local total = sum(shapes.area("rect", tonumber(parts[1]), tonumber(parts[2])), shapes.area("square", 3))
print("total area", total)
local c = host.counter()
for i = 1, 10 do c:add(i) end
print("counted", c:get(), tostring(c))
keep = host.counter(99) -- still alive at lua_close, whose finalizers run
print("pcall", pcall(shapes.area, "circle", 1))
return 3
LUA
lua-embed script.lua 4,5 extra
echo "status $?"

echo "== a run-time error"
cat > fails.lua <<'LUA'
local function inner(x) return x.field end
local function outer() return inner(nil) end
print("before")
outer()
print("not reached")
LUA
lua-embed fails.lua
echo "status $?"

echo "== a syntax error"
printf 'print("a"\nprint("b")\n' > bad.lua
lua-embed bad.lua
echo "status $?"

echo "== a missing file"
lua-embed missing.lua
echo "status $?"
