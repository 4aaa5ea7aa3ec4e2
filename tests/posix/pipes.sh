# Pipelines, command substitution, subshells, && and ||, redirections
# (2>&1, <, >|, here-strings through pipes) and exec with file descriptors.
# Run by `cargo xtask test posix-scripts`: $1 is an empty work directory.
cd "$1" || exit 99

echo "== pipelines"
seq 1 10 | grep 1 | tr '\n' ' '; echo
seq 1 1000 | sort -rn | head -n 3 | tr '\n' ' '; echo
echo "a long pipeline" | cat | cat | cat | cat | cat | tr 'a-z' 'A-Z'
yes phantom | head -n 3
seq 1 20000 | wc -l
head -c 300000 /dev/zero | tr '\0' 'x' | wc -c
false | true; echo "status of false | true: $?"
true | false; echo "status of true | false: $?"
set -o pipefail
false | true; echo "with pipefail: $?"
set +o pipefail

echo "== command substitution"
count=$(seq 1 5 | wc -l)
echo "count=$count"
nested=$(echo "outer $(echo "inner $(echo deepest)")")
echo "$nested"
old=`echo backquotes`
echo "$old"
lines="$(printf 'one\ntwo\n\n\n')"
echo "trailing newlines are cut: [$lines]"
value=$(echo printed; exit 3)
echo "a substitution's status is the assignment's: $? (value [$value])"
files=$(for i in 1 2 3; do echo "f$i"; done)
echo $files

echo "== subshells"
x=outer
(x=inner; echo "in the subshell: $x")
echo "after the subshell: $x"
(cd /; pwd)
[ "$(pwd -P)" = "$(cd "$1" && pwd -P)" ] && echo "the working directory is unchanged"
(exit 4) || echo "a subshell's status is seen: $?"
{ echo grouped; echo commands; } | wc -l
result=$( (echo a; echo b) | tr -d '\n')
echo "$result"

echo "== && and ||"
true && echo "and after true"
false && echo "never printed"
false || echo "or after false"
true || echo "never printed"
false && echo no || echo "chains: false && x || y runs y"
[ -d . ] && [ ! -e nothing ] && echo "tests chained with &&"
mkdir made && cd made && pwd | sed 's|.*/||' && cd ..

echo "== redirections"
echo out > out.txt
echo more >> out.txt
cat < out.txt
wc -l < out.txt
ls nowhere > ls.txt 2> ls.err || true
echo "stdout lines: $(wc -l < ls.txt), stderr lines: $(wc -l < ls.err)"
ls nowhere 2>&1 | sed 's/nowhere/NOWHERE/'
{ echo to-stdout; echo to-stderr >&2; } > both.txt 2>&1
sort both.txt
{ echo kept; echo dropped >&2; } 2>/dev/null
echo "swap" 3>&1 1>&2 2>&3 | wc -c
cat nothing-here 2>&1 >/dev/null | grep -c "No such file"
cat <<END | tr 'a-z' 'A-Z'
here-document through a pipe
END

echo "== exec and file descriptors"
exec 3> fd3.txt
echo "line one via fd 3" >&3
echo "line two via fd 3" >&3
exec 3>&-
cat fd3.txt
exec 4< fd3.txt
read -r first <&4
read -r second <&4
exec 4<&-
echo "read back: [$first] [$second]"
exec 5>> fd3.txt
echo "appended via fd 5" >&5
exec 5>&-
wc -l < fd3.txt
{ echo closed >&3; } 2>/dev/null || echo "writing to a closed descriptor fails"
exec 6>&1
exec > redirected.txt
echo "this goes to the file"
exec 1>&6 6>&-
echo "stdout is back"
cat redirected.txt

echo "== read loops"
printf 'a 1\nb 2\nc 3\n' > pairs.txt
total=0
while read -r name value; do
    total=$((total + value))
done < pairs.txt
echo "total from a redirected loop: $total"
sum=0
cat pairs.txt | while read -r name value; do sum=$((sum + value)); echo "running sum $sum"; done
echo "a piped loop runs in a subshell: sum=$sum"
