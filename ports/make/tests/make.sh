# GNU make on a small project (project/, copied into the work directory):
# a full build, nothing to do the second time, a rebuild of only what a
# changed source touches (times set with touch -d, so nothing depends on
# the clock), a generated included makefile, a sub-make with parallel jobs
# (-j, the jobserver), dry runs, and errors (-k, a missing rule, a failing
# command and its status).
tests=$(cd "$(dirname "$0")" && pwd)
cd "$1" || exit 1
cp -r "$tests/project" project
cd project
for word in alpha beta gamma delta; do echo "$word one" > $word.txt; echo "$word two" >> $word.txt; done

# The commands run with busybox's sh on both sides (the host's /bin/sh may
# be another shell); --no-print-directory keeps paths out of the output.
sh=$(command -v sh)
mk() { make SHELL="$sh" --no-print-directory "$@"; }

echo "== first build"
mk; echo "status $?"
cat out/report.txt
echo "== again"
mk; echo "status $?"
mk out/alpha.up; echo "status $?"

echo "== one source changed"
touch -d '2020-01-01 00:00:00' Makefile *.txt out/* out lib/*
touch -d '2021-06-01 12:00:00' gamma.txt
mk -n | sed 's/^make\[[0-9]*\]/make[N]/'
mk; echo "status $?"
mk -q; echo "question: status $?"

echo "== functions"
mk check

echo "== parallel"
mk clean > /dev/null
mk -j4 > parallel.out 2>&1; echo "status $?"
sort parallel.out
md5sum lib/libwords.a out/report.txt
mk -j4 -C lib; echo "status $?"

echo "== errors"
mk fail; echo "status $?"
mk nope; echo "status $?"
mk -k fail nope all; echo "status $?"
mk -f missing.mk; echo "status $?"
printf 'all:\n\techo tab\n  bad line\n' > bad.mk
mk -f bad.mk; echo "status $?"
make --version | head -n 1
