-- A ZIP file from SQL (fixed times, so that its bytes do not depend on
-- when the test runs), read back by the zipfile table.
SELECT writefile('made.zip', zipfile(name, mode, mtime, data))
FROM (SELECT 'squares.txt' AS name, 420 AS mode, 1700000000 AS mtime,
             readfile('in/numbers.txt') AS data
      UNION ALL
      SELECT 'big.txt', 420, 1700000000,
             (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
              SELECT group_concat('row ' || i || char(10), '') FROM n)
      UNION ALL
      SELECT 'dir/', 16877, 1700000000, NULL);
SELECT name, mode, mtime, sz, rawdata IS NULL, method FROM zipfile('made.zip') ORDER BY name;
SELECT length(data) FROM zipfile('made.zip') WHERE name = 'big.txt';
