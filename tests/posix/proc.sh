# /proc as programs use it: /proc/self/status, stat, cmdline, exe, cwd and
# fd links, /proc/<pid>, /proc/uptime and /proc/meminfo. Only facts that
# hold on any Linux are printed, never the numbers themselves.
# Run by `cargo xtask test posix-scripts`: $1 is an empty work directory.
cd "$1" || exit 99

echo "== /proc/self/status"
grep '^Name:' /proc/self/status
awk '/^Name:/ { print "awk sees", $2 }' /proc/self/status
cat /proc/self/status | grep '^Name:'
awk '/^State:/ { print "State of the reader:", $2 }' /proc/self/status
ppid=$(awk '/^PPid:/ { print $2 }' /proc/self/status)
[ "$ppid" = "$$" ] && echo "PPid of a command is the shell's pid"
pid=$(sh -c 'awk "/^Pid:/ { print \$2 }" /proc/$$/status')
[ -n "$pid" ] && [ "$pid" -gt 0 ] && echo "a child shell reads its own Pid from /proc/\$\$/status"
[ "$(awk '/^Pid:/ { print $2 }' /proc/$$/status)" = "$$" ] && echo "/proc/\$\$/status has the shell's own Pid"
grep -c '^Name:' /proc/$$/status

echo "== /proc/self/stat and cmdline"
cut -d' ' -f2 /proc/self/stat
awk '{ print "fields 2 and 3 of stat:", $2, $3 }' /proc/self/stat
cat /proc/self/cmdline | tr '\0' '|'; echo
# (the substitution's subshell reads the cmdline of the sh that waits for it)
sh -c 'echo "$(tr "\0" "|" < /proc/$$/cmdline)"' zero one 'two words'

echo "== /proc/self links"
readlink /proc/self/exe | sed 's|.*/||'
[ "$(readlink /proc/self/cwd)" = "$(pwd -P)" ] && echo "/proc/self/cwd is the working directory"
mkdir sub && cd sub
[ "$(readlink /proc/self/cwd)" = "$(pwd -P)" ] && echo "and follows cd"
cd ..
readlink /proc/self/fd/0
readlink /proc/self/fd/1 | sed 's/\[.*//'
echo hi > file.txt
exec 7< file.txt
readlink /proc/$$/fd/7 | sed "s|^$(pwd -P)/||"
exec 7<&-
[ -e /proc/$$/fd/7 ] || echo "a closed descriptor leaves /proc/\$\$/fd"
ls /proc/self/ | grep -E '^(cmdline|cwd|exe|fd|stat|status)$' | sort

echo "== /proc/uptime"
[ -r /proc/uptime ] && echo "/proc/uptime is readable"
grep -Eq '^[0-9]+\.[0-9][0-9] [0-9]+\.[0-9][0-9]$' /proc/uptime && echo "it holds two numbers with two decimals"
read -r up idle < /proc/uptime
awk -v up="$up" 'BEGIN { if (up > 0) print "the uptime is positive" }'
sleep 1
read -r later idle < /proc/uptime
awk -v a="$up" -v b="$later" 'BEGIN { if (b - a >= 0.9 && b - a < 30) print "it grows by about a second across sleep 1" }'

echo "== /proc/meminfo"
grep -Ec '^MemTotal: +[0-9]+ kB$' /proc/meminfo
grep -Ec '^MemFree: +[0-9]+ kB$' /proc/meminfo
awk '/^MemTotal:/ { total = $2 } /^MemFree:/ { free = $2 }
     END { if (total > 0 && free >= 0 && free <= total) print "0 <= MemFree <= MemTotal" }' /proc/meminfo
free | awk 'NR == 2 { print "free prints", $1, ($2 > 0 ? "a total" : "no total") }'

echo "== /proc/<pid>"
sleep 5 &
child=$!
[ -d /proc/$child ] && echo "a background child has a /proc entry"
grep -c '^Name:' /proc/$child/status
ls /proc | grep -qx "$child" && echo "and is listed in /proc"
kill $child
wait $child
echo "killed: status $?"
[ -d /proc/$child ] || echo "and gone from /proc once reaped"
