-- Spectral norm of A(i,j) = 1/((i+j)(i+j+1)/2+i+1) cut to N x N, 10 rounds of
-- the power method, as bench/vm/SpectralNorm.java (arrays are tables indexed
-- from 1: i and j here are Java's plus one).
local function a(i, j)
  local ij = i + j - 2
  return 1.0 / (ij * (ij + 1) // 2 + i)
end

local function mulAv(n, v, av)
  for i = 1, n do
    local s = 0.0
    for j = 1, n do s = s + a(i, j) * v[j] end
    av[i] = s
  end
end

local function mulAtv(n, v, atv)
  for i = 1, n do
    local s = 0.0
    for j = 1, n do s = s + a(j, i) * v[j] end
    atv[i] = s
  end
end

local n = tonumber(arg[1])
local t0 = os.clock()
local u, v, t = {}, {}, {}
for i = 1, n do u[i] = 1.0; v[i] = 0.0; t[i] = 0.0 end
for _ = 1, 10 do
  mulAv(n, u, t); mulAtv(n, t, v)
  mulAv(n, v, t); mulAtv(n, t, u)
end
local vbv, vv = 0.0, 0.0
for i = 1, n do vbv = vbv + u[i] * v[i]; vv = vv + v[i] * v[i] end
local norm = math.sqrt(vbv / vv)
local t1 = os.clock()
print(string.format("result spectralnorm %.9f", norm))
print(string.format("bench spectralnorm %.6f s", t1 - t0))
