# Archives and compression: tar c/t/x (plain and gzipped), gzip/gunzip and
# zcat round trips, md5sum and sha256sum checks, cmp and diff.
# Run by `cargo xtask test posix-scripts`: $1 is an empty work directory.
cd "$1" || exit 99
umask 022

echo "== make some files"
mkdir -p src/docs src/data/nested
seq 1 2000 > src/data/numbers.txt
awk 'BEGIN { for (i = 0; i < 500; i++) printf "line %d: the quick brown fox\n", i }' > src/docs/text.txt
printf 'tiny' > src/data/nested/tiny
: > src/data/empty
head -c 65536 /dev/zero > src/data/zeros.bin
# bytes 0..255, every one
awk 'BEGIN { for (i = 0; i < 256; i++) printf "%c", i }' > src/data/all-bytes.bin
ln -s ../docs/text.txt src/data/link
wc -c src/data/all-bytes.bin
(cd src && find . -type f | sort | xargs md5sum) > sums.md5
cat sums.md5

echo "== tar"
tar cf src.tar src
tar tf src.tar | sort
mkdir out
tar xf src.tar -C out
(cd out/src && md5sum -c ../../sums.md5)
readlink out/src/data/link
cmp src/docs/text.txt out/src/docs/text.txt && echo "extracted text matches"
diff -r src out/src && echo "diff -r finds no difference"
tar tvf src.tar | awk '{ print $1, $3, $NF }' | sort -k3

echo "== gzip"
cp src/docs/text.txt text.txt
gzip -9 text.txt
[ -e text.txt ] || echo "gzip replaced text.txt with text.txt.gz"
ls text.txt*
size=$(stat -c %s text.txt.gz)
[ "$size" -lt 2000 ] && echo "compressed to less than 2000 bytes"
gzip -t text.txt.gz && echo "gzip -t says the archive is sound"
zcat text.txt.gz | md5sum
md5sum < src/docs/text.txt
gunzip text.txt.gz
cmp text.txt src/docs/text.txt && echo "gunzip restored the original"
gzip -c src/data/all-bytes.bin | gunzip -c | cmp - src/data/all-bytes.bin && echo "binary round trip through a pipe"
printf 'not gzip data' > bogus.gz
gunzip -t bogus.gz 2>/dev/null || echo "gunzip rejects bogus data"

echo "== tar with gzip"
tar czf src.tgz src
gunzip -c src.tgz | tar tf - | sort | head -n 4
mkdir out2
tar xzf src.tgz -C out2
diff -r src out2/src && echo "the gzipped tar round trip is exact"
mkdir out3
tar cf - src | (cd out3 && tar xf -)
diff -r src out3/src && echo "tar through a pipe into a subshell is exact"

echo "== checksums"
md5sum src/data/numbers.txt src/data/empty
sha256sum src/data/nested/tiny
printf 'abc' | sha1sum
printf '' | md5sum
md5sum src/data/numbers.txt > one.md5
echo "tampered" >> src/data/numbers.txt
md5sum -c one.md5 2>&1 | sed 's/:.*FAILED.*/: FAILED/' | head -n 1
md5sum -c one.md5 >/dev/null 2>&1 || echo "md5sum -c fails with status $?"
