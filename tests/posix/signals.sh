# Signals and jobs as a non-interactive shell uses them: background jobs and
# wait, $!, kill with names and numbers, trap handlers (and their reset),
# exit statuses of signalled commands, SIGPIPE in pipelines, timeouts.
# Run by `cargo xtask test posix-scripts`: $1 is an empty work directory.
cd "$1" || exit 99

echo "== background jobs and wait"
sleep 0.2 & a=$!
(sleep 0.1; exit 3) & b=$!
wait $b; echo "second job exited with $?"
wait $a; echo "first job exited with $?"
[ "$a" != "$b" ] && echo "each job has its own pid"
for i in 1 2 3; do (echo "job $i" > out.$i) & done
wait
cat out.1 out.2 out.3

echo "== kill and exit statuses"
# (the shell's own "Terminated"/"Killed" notes depend on when it reaps the
# job, before or inside `wait`, so they are left out)
sleep 5 & p=$!
{ kill $p; wait $p; } 2>/dev/null; echo "TERM gives $?"
sleep 5 & p=$!
{ kill -9 $p; wait $p; } 2>/dev/null; echo "KILL gives $?"
# (not INT: a background job ignores SIGINT once it has set itself up, so
# the result would depend on how soon the signal comes)
sleep 5 & p=$!
{ kill -s HUP $p; wait $p; } 2>/dev/null; echo "HUP gives $?"
kill -0 $$ && echo "kill -0 on ourselves works"
kill -0 999999 2>/dev/null || echo "kill -0 on a missing pid fails"
sh -c 'kill -USR1 $$; echo not reached'; echo "USR1 to itself gives $?"

echo "== trap"
trap 'echo got USR1' USR1
kill -USR1 $$
echo "after the handler"
trap 'echo got TERM; trapped=yes' TERM
kill $$
echo "trapped=$trapped"
trap - TERM
sh -c 'trap "echo child caught HUP; exit 7" HUP; kill -HUP $$; sleep 1'; echo "child exit $?"
sh -c 'trap "" INT; kill -INT $$; echo ignored INT survives'
( trap 'echo EXIT trap runs' EXIT; echo in subshell )

echo "== SIGPIPE in pipelines"
yes | head -3
seq 1 100000 | head -1
(for i in 1 2 3 4 5 6 7 8 9 10; do echo line $i; done) | head -2

echo "== timeouts"
timeout 0.3 sleep 5; echo "timeout gives $?"
timeout 5 true; echo "a command that finishes in time gives $?"
