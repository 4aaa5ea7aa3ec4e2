-- Allocation: N small tables in a linked list, keeping the last 1000, as Alloc.java.
local n = tonumber(arg[1])
local t0 = os.clock()
local head = nil
local sum = 0
for i = 0, n - 1 do
  head = { value = i, next = head }
  if i % 1000 == 999 then
    local p = head
    while p do sum = sum + p.value; p = p.next end
    head = nil
  end
end
local t1 = os.clock()
print("result alloc " .. sum)
print(string.format("bench alloc %.6f s", t1 - t0))
