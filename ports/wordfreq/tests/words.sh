# wordfreq (a Rust port) on files, on stdin, with options and errors.
cd "$1"
printf 'the quick brown fox\njumps over the lazy dog\nThe end.\n' > a.txt
i=0
while [ $i -lt 300 ]; do echo "line $i of the file, with words: alpha beta $((i % 7))"; i=$((i + 1)); done > b.txt
wordfreq a.txt
echo "status $?"
wordfreq -n 5 a.txt b.txt
echo "status $?"
cat b.txt | wordfreq -n 3
echo "status $?"
printf 'Grüße, grüße! ÜBER über\n' | wordfreq -n 2
echo "status $?"
wordfreq -n 2 a.txt missing.txt 2>&1
echo "status $?"
wordfreq -n 2>&1
echo "status $?"
