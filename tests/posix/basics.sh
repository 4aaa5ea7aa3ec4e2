# Shell basics: echo, variables and expansions, arithmetic, if/case/for/while,
# functions, here-documents and exit statuses.
# Run by `cargo xtask test posix-scripts`: $1 is an empty work directory.
cd "$1" || exit 99

echo "== echo"
echo plain words
echo -n "no newline; "
echo "then one"
echo 'single $quotes stay' "double \"escapes\" work"

echo "== variables"
name=phantom
empty=
echo "name=$name braces=${name}os length=${#name}"
echo "default=${unset_var:-fallback} assigned=${assigned:=now} then=$assigned"
echo "alternate=${name:+set} empty-alternate=[${empty:+set}]"
path=/usr/local/lib/libfoo.so.1
echo "strip: ${path##*/} ${path%/*} ${path%%.*} ${path#/usr/}"
set -- first "second arg" third
echo "positional: $# [$1] [$2] [$3]"
for arg in "$@"; do echo "  quoted arg: $arg"; done
for arg in $*; do echo "  split arg: $arg"; done
shift
echo "after shift: $# [$1]"

echo "== arithmetic"
i=7
echo "sum=$((i + 5)) product=$((i * 6)) quotient=$((i / 2)) remainder=$((i % 4))"
echo "power-of-two=$((1 << 10)) hex=$((0x1f)) negative=$((3 - 10)) nested=$(( (i + 1) * (i - 1) ))"
n=0
n=$((n + 1)); n=$((n + 1)); : $((n += 3))
echo "counter=$n"

echo "== if"
for v in 0 5 10; do
    if [ "$v" -eq 0 ]; then
        echo "$v is zero"
    elif [ "$v" -lt 10 ]; then
        echo "$v is small"
    else
        echo "$v is big"
    fi
done
if [ -n "$name" ] && [ -z "$empty" ]; then echo "string tests ok"; fi
if ! [ "abc" = "abd" ]; then echo "negation ok"; fi

echo "== case"
for word in apple banana cherry 42 ""; do
    case "$word" in
        a*) echo "[$word] starts with a" ;;
        *an*) echo "[$word] contains an" ;;
        [0-9]*) echo "[$word] is a number" ;;
        "") echo "[$word] is empty" ;;
        *) echo "[$word] is something else" ;;
    esac
done

echo "== loops"
for i in 1 2 3; do
    for j in a b; do
        printf '%s%s ' "$i" "$j"
    done
done
echo
count=0
while [ "$count" -lt 5 ]; do
    count=$((count + 1))
    [ "$count" -eq 2 ] && continue
    [ "$count" -eq 4 ] && break
    echo "while: $count"
done
until [ "$count" -le 0 ]; do
    count=$((count - 2))
done
echo "until ended at $count"

echo "== functions"
greet() {
    local who="$1"
    echo "hello, $who ($# args)"
    return 3
}
greet world extra
echo "greet returned $?"
factorial() {
    if [ "$1" -le 1 ]; then
        echo 1
    else
        echo $(( $1 * $(factorial $(( $1 - 1 ))) ))
    fi
}
echo "10! = $(factorial 10)"
counter=0
bump() { counter=$((counter + 1)); }
bump; bump; bump
echo "globals changed by functions: $counter"

echo "== here-documents"
cat <<END
name is $name
sum is $((2 + 2))
END
cat <<'END'
name is $name, not expanded
END
cat <<-END
	leading tabs are removed
	for $name
	END
while read -r key value; do
    echo "read: key=$key value=$value"
done <<END
alpha 1
beta two words
END

echo "== exit statuses"
true; echo "true -> $?"
false; echo "false -> $?"
(exit 42); echo "subshell exit 42 -> $?"
sh -c 'exit 5'; echo "child sh exit 5 -> $?"
no_such_command_here 2>/dev/null; echo "missing command -> $?"
! true; echo "! true -> $?"
greet nobody >/dev/null; echo "function return -> $?"
exit 0
