# Text tools: grep, sed, awk, sort, uniq, wc, cut, tr, head, tail, xargs,
# printf.
# Run by `cargo xtask test posix-scripts`: $1 is an empty work directory.
cd "$1" || exit 99

cat > fruit.csv <<'END'
name,colour,price,count
apple,red,0.50,12
banana,yellow,0.25,30
cherry,red,3.00,200
date,brown,2.10,15
elderberry,black,4.75,8
fig,purple,1.20,9
grape,green,2.50,60
apple,green,0.55,7
END
cat > poem.txt <<'END'
The quick brown fox
jumps over the lazy dog.
THE END is not the end:
  the fox returns, quick as ever,
and the dog sleeps on.
END

echo "== grep"
grep red fruit.csv
grep -c apple fruit.csv
grep -n -i 'the end' poem.txt
grep -v ',' poem.txt | head -n 2
grep -E '^(fig|grape),' fruit.csv
grep -o 'qu[a-z]*' poem.txt
grep -w the poem.txt
grep -l fox poem.txt fruit.csv
grep -q zebra fruit.csv || echo "no zebra: status $?"
grep -e apple -e fig fruit.csv | wc -l

echo "== sed"
sed -n '2,3p' fruit.csv
sed 's/red/RED/' fruit.csv | grep RED
sed 's/the/THE/g' poem.txt | head -n 2
sed -e '1d' -e 's/,.*//' fruit.csv | tr '\n' ' '; echo
sed '/^name/d; s/\([a-z]*\),\([a-z]*\),.*/\2 \1/' fruit.csv | head -n 3
sed -n '$p' poem.txt
printf 'one\ntwo\nthree\n' | sed '2i\
inserted
$a\
appended'
sed 's/^ *//; y/abc/ABC/' poem.txt | tail -n 2
cp poem.txt edited.txt
sed -i 's/fox/cat/g' edited.txt
grep -c cat edited.txt

echo "== awk"
awk -F, 'NR > 1 { total += $3 * $4 } END { printf "total value %.2f\n", total }' fruit.csv
awk -F, 'NR > 1 && $4 > 10 { print $1, $4 }' fruit.csv
awk -F, 'NR > 1 { count[$2]++ } END { for (c in count) print c, count[c] }' fruit.csv | sort
awk '{ print NR ": " NF " words, longest " length($0) }' poem.txt
awk 'BEGIN { x = 1; for (i = 0; i < 10; i++) x *= 2; s = sprintf("%05d|%-6s|%x", 42, "ab", 255); print x, s; print toupper("mixed Case"), substr("phantom", 2, 3), index("hello", "ll") }'
awk -F, -v OFS=';' 'NR > 1 && NR < 4 { $2 = "?"; print }' fruit.csv
echo "3 4" | awk '{ n = split("a:b:c", parts, ":"); print $1 * $2, n, parts[3] }'

echo "== sort and uniq"
cut -d, -f2 fruit.csv | tail -n +2 | sort
cut -d, -f2 fruit.csv | tail -n +2 | sort | uniq -c
cut -d, -f1 fruit.csv | tail -n +2 | sort -u
tail -n +2 fruit.csv | sort -t, -k4 -n | cut -d, -f1,4
tail -n +2 fruit.csv | sort -t, -k3 -rn | head -n 3
printf 'b\na\nc\na\nb\na\n' | sort | uniq -d
printf '10\n9\n100\n1\n' | sort
printf '10\n9\n100\n1\n' | sort -n
printf 'x\nx\ny\nx\n' | uniq

echo "== wc, cut, tr"
wc -l < fruit.csv
wc -w < poem.txt
wc -c < poem.txt
wc poem.txt
cut -c 1-5 poem.txt
cut -d, -f1,3 fruit.csv | head -n 3
echo 'Hello, World' | tr 'a-z' 'A-Z'
echo 'Hello, World' | tr -d 'lo'
echo 'too    many     spaces' | tr -s ' '
echo 'a-b_c' | tr -c 'a-z\n' '.'

echo "== head and tail"
head -n 2 poem.txt
tail -n 2 poem.txt
head -c 9 poem.txt; echo
tail -c 15 poem.txt
seq 1 100 | head -n 3
seq 1 100 | tail -n 2
seq 5 -1 1 | tr '\n' ' '; echo

echo "== xargs"
printf 'one\ntwo\nthree\n' | xargs echo words:
printf '1 2 3 4 5\n' | xargs -n 2 echo pair:
cut -d, -f1 fruit.csv | tail -n +2 | sort -u | xargs -I NAME echo "<NAME>"
printf 'a.txt\nb.txt\n' | xargs touch
ls *.txt | sort

echo "== printf"
printf '%s|%5s|%-5s|\n' abc def ghi
printf '%d %03d %+d %x %X %o\n' 42 7 5 255 255 8
printf '%.3f %e %g\n' 3.14159 12345.678 0.0001
printf '%c%c%c\n' A B C
printf 'tab\there, backslash \\ and percent %%\n'
printf '%s\n' several words each on a line
printf '%b\n' 'escapes\tin\targument'
