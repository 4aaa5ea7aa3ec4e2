# Two sqlite3 processes on one database at the same time, with SQLite's
# file locks (fcntl F_SETLK/F_GETLK on byte ranges of the database) keeping
# them apart: process A, fed through a FIFO, holds a write transaction (then
# an exclusive one) open while other processes try to read and write. A
# second writer is refused at once ("database is locked", status 5) or, with
# a busy timeout, waits until A commits; readers read the last committed
# state, except while A holds the exclusive lock.
cd "$1" || exit 1

sqlite3 -bail shared.db "CREATE TABLE t(id INTEGER PRIMARY KEY, who TEXT); INSERT INTO t VALUES (1, 'setup');"

mkfifo to_a from_a
sqlite3 shared.db < to_a > from_a 2>&1 &
a=$!
exec 3> to_a 4< from_a
# Runs SQL in A and prints its answer: the SQL ends with a SELECT of one
# marker line, which A prints once it has run everything before it.
in_a() {
  echo "$1" >&3
  read -r line <&4
  echo "A: $line"
}

echo "== A holds a write transaction (RESERVED)"
in_a "BEGIN IMMEDIATE; INSERT INTO t VALUES (2, 'A'); SELECT 'in a write transaction, ' || count(*) || ' rows' FROM t;"
sqlite3 shared.db "INSERT INTO t VALUES (3, 'B');"
echo "B: insert status $?"
sqlite3 shared.db "BEGIN IMMEDIATE;"
echo "B: BEGIN IMMEDIATE status $?"
sqlite3 shared.db "SELECT 'C reads ' || count(*) || ' committed rows' FROM t;"
echo "C: read status $?"

echo "== A commits"
in_a "COMMIT; SELECT 'committed';"
sqlite3 shared.db "INSERT INTO t VALUES (3, 'B'); SELECT 'B inserted, ' || count(*) || ' rows' FROM t;"
echo "B: insert status $?"

echo "== A holds an exclusive transaction"
in_a "BEGIN EXCLUSIVE; UPDATE t SET who = upper(who); SELECT 'exclusive';"
sqlite3 shared.db "SELECT count(*) FROM t;"
echo "C: read status $?"

echo "== a writer with a busy timeout waits for A"
sqlite3 -cmd ".timeout 20000" shared.db "INSERT INTO t VALUES (4, 'D'); SELECT 'D inserted after waiting';" > d.out 2>&1 &
d=$!
sleep 1
in_a "COMMIT; SELECT 'committed again';"
wait $d
echo "D: status $?"
cat d.out

exec 3>&-
wait $a
echo "A: status $?"
exec 4<&-
sqlite3 -bail shared.db "PRAGMA integrity_check; SELECT id, who FROM t ORDER BY id;"
