# Files and directories: mkdir -p, touch, > and >>, cat, ls, cp, mv, rm,
# ln -s, readlink, wc -c, test -f/-d/-L/-e/-s, find -name, stat -c %s.
# Run by `cargo xtask test posix-scripts`: $1 is an empty work directory.
cd "$1" || exit 99
umask 022

echo "== create"
mkdir -p tree/a/b/c tree/d
touch tree/empty tree/a/b/c/deep
echo "first line" > tree/a/note.txt
echo "second line" >> tree/a/note.txt
printf 'no newline at end' > tree/d/partial
echo "== cat"
cat tree/a/note.txt
cat tree/d/partial; echo
cat tree/a/note.txt tree/d/partial tree/empty | wc -l

echo "== ls"
ls tree
ls -a tree/a
ls -d tree/a/b/c
ls -R tree | cat
ls tree/missing 2>/dev/null || echo "ls of a missing file fails with $?"

echo "== sizes"
wc -c tree/a/note.txt tree/d/partial tree/empty
stat -c '%n %s' tree/a/note.txt tree/d/partial tree/empty
stat -c '%F' tree/a tree/a/note.txt
head -c 100000 /dev/zero > tree/zeros
stat -c %s tree/zeros
: > tree/zeros
stat -c %s tree/zeros

echo "== test"
for p in tree tree/a/note.txt tree/empty tree/missing; do
    kind=
    [ -e "$p" ] && kind="$kind exists"
    [ -f "$p" ] && kind="$kind file"
    [ -d "$p" ] && kind="$kind dir"
    # (-s of a directory depends on the file system: files only)
    [ -f "$p" ] && [ -s "$p" ] && kind="$kind non-empty"
    [ -L "$p" ] && kind="$kind link"
    echo "$p:${kind:- nothing}"
done

echo "== copy and move"
cp tree/a/note.txt tree/copy.txt
cmp tree/a/note.txt tree/copy.txt && echo "copy is identical"
cp -r tree/a tree/a-copy
find tree/a-copy | sort
mv tree/copy.txt tree/d/moved.txt
[ -e tree/copy.txt ] || echo "old name is gone"
cat tree/d/moved.txt
mv tree/a-copy tree/renamed-dir
ls tree | sort
echo "overwrite" > tree/d/moved.txt
cp tree/d/moved.txt tree/d/partial
cat tree/d/partial

echo "== links"
ln -s a/note.txt tree/link-to-note
ln -s ../nowhere tree/dangling
readlink tree/link-to-note
readlink tree/dangling
[ -L tree/link-to-note ] && [ -f tree/link-to-note ] && echo "link to a file: -L and -f"
[ -L tree/dangling ] && ! [ -e tree/dangling ] && echo "dangling link: -L but not -e"
cat tree/link-to-note
echo "through the link" >> tree/link-to-note
tail -n 1 tree/a/note.txt
readlink -f tree/link-to-note | sed "s|^$(pwd -P)/||"
ln tree/a/note.txt tree/hard
stat -c %h tree/a/note.txt
echo "== find"
find tree -name '*.txt' | sort
find tree -type d | sort
find tree -type f -name 'e*' | sort
find tree -type l | sort
find tree -name deep -exec echo "found:" {} \; | sort

echo "== remove"
rm tree/hard tree/dangling
rm -r tree/renamed-dir
rmdir tree/a/b/c 2>/dev/null || echo "rmdir of a non-empty directory fails"
rm tree/a/b/c/deep
rmdir tree/a/b/c
rm -f tree/does-not-exist && echo "rm -f of a missing file succeeds"
rm tree/does-not-exist 2>/dev/null || echo "rm of a missing file fails"
find tree | sort
rm -rf tree
[ -e tree ] || echo "tree removed"
ls -A
