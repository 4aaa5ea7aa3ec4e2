# zlib through its programs: zlib's own self-test, then minigzip compressing
# and decompressing files (text, and a binary: the start of busybox itself, the same
# file in the guest as on the host) at several levels, through pipes and in
# place, cross-checked with busybox's gzip and gunzip. Compressed sizes and
# checksums are printed: the same zlib gives the same bytes anywhere.
cd "$1" || exit 1

echo "== zlib-example"
zlib-example scratch.gz
echo "status $?"

echo "== files"
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "%d %d %s\n", i, i * i % 9973, (i % 7 ? "even odds" : "seven") }' > text
head -c 400000 /bin/busybox > binary
for file in text binary; do
  echo "$file: $(wc -c < $file) bytes, md5 $(md5sum < $file)"
done

echo "== levels"
for file in text binary; do
  for level in 1 6 9; do
    minigzip -$level -c $file > $file.$level.gz
    echo "$file -$level: $(wc -c < $file.$level.gz) bytes, md5 $(md5sum < $file.$level.gz)"
    minigzip -d -c $file.$level.gz | cmp - $file && echo "$file -$level: back the same"
  done
done

echo "== pipes"
# minigzip reads a pipe with stdio (readv) and writes a file: the writer
# waits on a full pipe, and only the reader's reads make room for it.
cat text binary | minigzip > piped.gz
minigzip -d < piped.gz | md5sum
cat piped.gz | minigzip -d > unpiped
cat text binary | cmp - unpiped && echo "piped: same"
cat text binary | minigzip | minigzip -d | md5sum
cat text binary | md5sum
minigzip -h < text | wc -c
minigzip -r < binary | minigzip -d | cmp - binary && echo "rle: same"

echo "== in place"
cp text copy
minigzip copy
ls copy*
minigzip -d copy.gz
ls copy*
cmp copy text && echo "copy: same"

echo "== busybox"
gunzip -c text.9.gz | cmp - text && echo "busybox gunzip reads minigzip's"
gzip -c binary | minigzip -d | cmp - binary && echo "minigzip reads busybox gzip's"
zcat binary.6.gz | md5sum

echo "== errors"
echo "not gzip data" > bad.gz
minigzip -d -c bad.gz | od -c | head -3
echo "status $?"
head -c 1000 binary.6.gz > cut.gz
minigzip -d -c cut.gz > /dev/null
echo "status $?"
minigzip -c no-such-file
echo "status $?"
