# sqlite3 with zlib (the zlib port, linked in): an SQLite archive made with
# `sqlite3 -A` from a folder, listed, queried and extracted again, and a ZIP
# file written by the zipfile() aggregate, read back by sqlite3's zipfile
# table and by busybox unzip.
tests=$(cd "$(dirname "$0")" && pwd)
cd "$1" || exit 1

mkdir -p in/sub
awk 'BEGIN { for (i = 0; i < 3000; i++) print "line", i, i * i }' > in/numbers.txt
printf 'hello\n' > in/sub/hello.txt
: > in/empty

echo "== archive"
sqlite3 files.sqlar -Ac in || echo "create: status $?"
sqlite3 files.sqlar -At | sort
sqlite3 files.sqlar "SELECT name, sz, length(data), length(data) < sz FROM sqlar WHERE sz > 0 ORDER BY name;"
sqlite3 files.sqlar "SELECT sum(length(sqlar_uncompress(data, sz))) FROM sqlar;"
mkdir out
(cd out && sqlite3 ../files.sqlar -Ax) || echo "extract: status $?"
for file in numbers.txt sub/hello.txt empty; do
  cmp in/$file out/in/$file && echo "$file: same"
done
sqlite3 files.sqlar "PRAGMA integrity_check;"

echo "== zip"
sqlite3 -bail < "$tests/zip.sql" || echo "zip: status $?"
unzip -l made.zip | awk 'NR > 3 && $4 != "" { print $1, $4 }'
unzip -p made.zip squares.txt | md5sum
unzip -p made.zip big.txt | wc -l
mkdir unzipped
(cd unzipped && unzip -q ../made.zip) || echo "unzip: status $?"
cmp unzipped/squares.txt in/numbers.txt && echo "squares.txt: same as numbers.txt"
md5sum made.zip
