-- Strings: build N short strings, append them, count a character, as Strings.java.
local n = tonumber(arg[1])
local t0 = os.clock()
local parts, len, count = {}, 0, 0
for i = 0, n - 1 do
  local s = "item" .. i
  parts[#parts + 1] = s
  parts[#parts + 1] = ","
  len = len + #s + 1
  if len > 10000 then
    local all = table.concat(parts)
    for k = 1, #all do if string.byte(all, k) == 55 then count = count + 1 end end
    parts, len = {}, 0
  end
end
local t1 = os.clock()
print("result strings " .. count)
print(string.format("bench strings %.6f s", t1 - t0))
