# sqlite3 with a database on a file: one process creates it (tables, a CSV
# import, 20,000 rows in a transaction), a second reopens it (joins,
# aggregates, a window function, an index, a rolled-back and a committed
# transaction, output modes), a third checks it and vacuums it. The file's
# bytes are the same wherever the same sqlite3 made it, so its checksum is
# printed too.
tests=$(cd "$(dirname "$0")" && pwd)
cd "$1" || exit 1

# 500 customers as single INSERT statements in one transaction, and 50
# products as a CSV file, written by awk.
awk 'BEGIN {
  split("Lyon Oslo Porto Quito Riga Turku", city, " ")
  print "BEGIN;"
  for (i = 1; i <= 500; i++)
    printf "INSERT INTO customers VALUES(%d, '\''customer %03d'\'', '\''%s'\'');\n", i, i, city[i % 6 + 1]
  print "COMMIT;"
}' > customers.sql
awk 'BEGIN {
  print "id,name,price"
  for (i = 1; i <= 50; i++) printf "%d,\"product %02d\",%d.%02d\n", i, i, i * 3 % 17 + 1, i * 7 % 100
}' > products.csv

echo "== create"
sqlite3 -bail shop.db < "$tests/create.sql" || echo "create: status $?"
sqlite3 -bail shop.db < customers.sql || echo "customers: status $?"
echo "== query"
sqlite3 -bail shop.db < "$tests/query.sql" || echo "query: status $?"
echo "== check"
sqlite3 -bail shop.db < "$tests/check.sql" || echo "check: status $?"
ls
md5sum shop.db
wc -c < shop.db

echo "== errors"
sqlite3 shop.db 'SELECT * FROM no_such_table;'
echo "status $?"
sqlite3 shop.db 'INSERT INTO orders VALUES(1, 1, 1, 1, NULL);'
echo "status $?"
sqlite3 missing/dir.db 'SELECT 1;'
echo "status $?"
