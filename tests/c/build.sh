#!/bin/sh
# Build the C conformance tests (and tests/rust-hello) as static musl binaries.
#
# Usage: tests/c/build.sh [OUTDIR]     (default /tmp/ctest)
# Then run them on the host (each must print "N passed, 0 failed") with
#   mkdir -p /tmp/w && OUTDIR/files /tmp/w
# or on Phantom with tests/c/run-phantom.sh.
set -eu
out=${1:-/tmp/ctest}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
mkdir -p "$out"
for t in files proc mem signals time io locks extra; do
    musl-gcc -static -O1 -Wall -o "$out/$t" "$here/$t.c"
done
musl-gcc -static -O1 -Wall -pthread -o "$out/threads" "$here/threads.c"
if [ "${SKIP_RUST:-}" = "" ]; then
    (cd "$root/tests/rust-hello" &&
        cargo build --quiet --release --target x86_64-unknown-linux-musl --target-dir "$root/target/rust-hello")
    cp "$root/target/rust-hello/x86_64-unknown-linux-musl/release/rust-hello" "$out/"
fi
