-- A third process: what the second one committed is there.
PRAGMA integrity_check;
SELECT count(*), sum(qty) FROM orders;
SELECT name FROM sqlite_schema WHERE type = 'index' ORDER BY name;
SELECT sum(price) > 0 FROM products;
-- VACUUM rewrites the whole file through a temporary database.
VACUUM;
PRAGMA integrity_check;
SELECT count(*) FROM orders;
