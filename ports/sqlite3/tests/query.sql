-- The second process: the same file reopened, queried, changed.
PRAGMA integrity_check;
SELECT count(*) FROM customers;
SELECT count(*) FROM orders;

.mode column
.headers on
-- A join over three tables with aggregates: the five best customers.
SELECT c.name, c.city, count(*) AS orders, sum(o.qty) AS items,
       printf('%.2f', sum(o.qty * p.price)) AS spent
FROM orders o JOIN customers c ON c.id = o.customer
              JOIN products p ON p.id = o.product
GROUP BY c.id ORDER BY sum(o.qty * p.price) DESC, c.name LIMIT 5;

-- Per city, with HAVING, and a left join that finds unused products.
SELECT c.city, count(DISTINCT c.id) AS customers, count(o.id) AS orders,
       round(avg(o.qty), 3) AS avg_qty, max(o.day) AS last_day
FROM customers c LEFT JOIN orders o ON o.customer = c.id
GROUP BY c.city HAVING count(o.id) > 100 ORDER BY c.city;
SELECT p.name FROM products p LEFT JOIN orders o ON o.product = p.id
WHERE o.id IS NULL ORDER BY p.name;

-- Month totals and a window function over them.
SELECT substr(day, 1, 7) AS month, sum(qty) AS items,
       sum(sum(qty)) OVER (ORDER BY substr(day, 1, 7)) AS running
FROM orders GROUP BY month ORDER BY month LIMIT 6;

-- An index: the plan uses it, and the answers do not change.
.headers off
.mode list
SELECT count(*), sum(qty) FROM orders WHERE customer = 42;
CREATE INDEX orders_by_customer ON orders(customer, day);
EXPLAIN QUERY PLAN SELECT count(*), sum(qty) FROM orders WHERE customer = 42;
SELECT count(*), sum(qty) FROM orders WHERE customer = 42;
SELECT group_concat(day, ' ') FROM
  (SELECT day FROM orders WHERE customer = 42 ORDER BY day LIMIT 4);

-- A rolled-back change leaves nothing; a committed one stays.
BEGIN;
DELETE FROM orders WHERE qty > 4;
SELECT count(*) FROM orders;
ROLLBACK;
SELECT count(*) FROM orders;
BEGIN;
UPDATE products SET price = price * 2 WHERE id % 10 = 0;
DELETE FROM orders WHERE id % 1000 = 0;
COMMIT;
SELECT count(*), printf('%.2f', sum(price)) FROM products JOIN orders ON orders.product = products.id;

-- Other output modes.
.mode csv
SELECT id, name, price FROM products WHERE id <= 3;
.mode json
SELECT id, name, city FROM customers WHERE id IN (1, 2);
.mode box
SELECT name, city FROM customers ORDER BY id LIMIT 3;
.mode list
.schema orders
