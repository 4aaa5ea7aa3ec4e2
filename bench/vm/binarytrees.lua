-- Binary trees: allocate and walk many short-lived complete binary trees, as
-- bench/vm/BinaryTrees.java (a node is a table with left and right fields).
local function build(depth)
  if depth == 0 then return { left = nil, right = nil } end
  return { left = build(depth - 1), right = build(depth - 1) }
end

local function check(node)
  if node.left == nil then return 1 end
  return 1 + check(node.left) + check(node.right)
end

local n = tonumber(arg[1])
local t0 = os.clock()
local maxDepth = math.max(6, n)
local total = check(build(maxDepth + 1))
local longLived = build(maxDepth)
for depth = 4, maxDepth, 2 do
  local iterations = 1 << (maxDepth - depth + 4)
  local c = 0
  for _ = 1, iterations do c = c + check(build(depth)) end
  total = total + c
end
total = total + check(longLived)
local t1 = os.clock()
print("result binarytrees " .. total)
print(string.format("bench binarytrees %.6f s", t1 - t0))
