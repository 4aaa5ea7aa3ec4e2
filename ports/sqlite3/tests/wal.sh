# sqlite3 in WAL mode, one process after the other: the first makes a WAL
# database and writes to it in several transactions, the next ones reopen
# it, read, write and checkpoint. (Two processes on one WAL database at the
# same time need a -shm file mapped MAP_SHARED by both, which Phantom does
# not share yet: not tested.) Then an in-memory database and a temporary
# file of sqlite3's own (a big sort).
cd "$1" || exit 1

echo "== wal"
sqlite3 -bail wal.db "
  PRAGMA journal_mode = WAL;
  CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);
  BEGIN;
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
  INSERT INTO t SELECT i, printf('%08X', i * 2654435761 % 4294967296) FROM n;
  COMMIT;
  UPDATE t SET v = lower(v) WHERE id % 3 = 0;
  SELECT count(*), count(DISTINCT v), max(length(v)) FROM t;
" || echo "first: status $?"
ls
sqlite3 -bail wal.db "
  PRAGMA journal_mode;
  SELECT count(*), sum(id) FROM t WHERE v = lower(v);
  DELETE FROM t WHERE id > 4000;
  PRAGMA wal_checkpoint(TRUNCATE);
  SELECT count(*) FROM t;
" || echo "second: status $?"
sqlite3 -bail wal.db "PRAGMA integrity_check; SELECT count(*), min(id), max(id) FROM t; PRAGMA journal_mode = DELETE;" || echo "third: status $?"
ls

echo "== memory and temporary files"
sqlite3 -bail :memory: "
  PRAGMA temp_store = FILE;
  CREATE TABLE r(x);
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000)
  INSERT INTO r SELECT (i * 7919) % 10007 FROM n;
  SELECT count(*), count(DISTINCT x), min(x), max(x) FROM r;
  SELECT group_concat(x, ',') FROM (SELECT x FROM r ORDER BY x DESC, rowid LIMIT 5);
  SELECT x, count(*) FROM r GROUP BY x ORDER BY count(*) DESC, x LIMIT 3;
" || echo "memory: status $?"
