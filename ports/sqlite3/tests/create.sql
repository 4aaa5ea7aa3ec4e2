-- The first process: a database on a file, built in transactions.
PRAGMA journal_mode;
CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT);
CREATE TABLE products(id INTEGER PRIMARY KEY, name TEXT UNIQUE, price REAL);
CREATE TABLE orders(
  id INTEGER PRIMARY KEY,
  customer INTEGER NOT NULL REFERENCES customers(id),
  product INTEGER NOT NULL REFERENCES products(id),
  qty INTEGER CHECK (qty > 0),
  day TEXT
);

-- 50 products from .import (the CSV file the script wrote); the orders
-- use only 48 of them.
.import --csv --skip 1 products.csv products
SELECT count(*), printf('%.2f', sum(price)) FROM products;

-- 20,000 orders in one transaction, from a recursive CTE.
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
INSERT INTO orders(id, customer, product, qty, day)
  SELECT i, (i * 7919) % 500 + 1, (i * 104729) % 48 + 1, i % 9 + 1,
         date('2024-01-01', '+' || (i * 31 % 366) || ' days')
  FROM n;
COMMIT;
SELECT count(*), sum(qty), min(day), max(day) FROM orders;
