#!/bin/sh
# Boot Phantom in QEMU with the test binaries in its initramfs and run one
# shell command in it; print what the command prints.
#
# Usage: tests/c/run-phantom.sh NAME 'COMMAND' [BINDIR]
#   BINDIR (default /tmp/ctest) holds the built tests; they appear as /t/NAME.
#   The kernel log goes to /tmp/NAME-kernel.log. PHANTOM_KERNEL overrides the
#   kernel ELF (default: the release build under target/).
# A stop-gap until `cargo xtask run --headless --exec` can take extra files.
set -eu
name=$1
cmd=$2
bindir=${3:-/tmp/ctest}
root=$(cd "$(dirname "$0")/../.." && pwd)
kernel=${PHANTOM_KERNEL:-$root/target/x86_64-unknown-none/release/phantom-kernel}
dir=$(mktemp -d /tmp/phantom-initrd.XXXXXX)
trap 'rm -rf "$dir"' EXIT

mkdir -p "$dir/bin" "$dir/t" "$dir/etc" "$dir/boot" "$dir/tmp"
cp /bin/busybox "$dir/bin/busybox"
for tool in sh true echo cat ls mkdir rm; do
    ln -s /bin/busybox "$dir/bin/$tool"
done
cp "$bindir"/* "$dir/t/"
if [ -f "$root/target/phantom/kernel.sym" ]; then
    cp "$root/target/phantom/kernel.sym" "$dir/boot/"
fi
printf '%s\n' "$cmd" > "$dir/etc/phantom-exec"
(cd "$dir" && find . | cpio -o -H newc --quiet > "/tmp/$name.cpio")

timeout "${PHANTOM_TIMEOUT:-120}" qemu-system-x86_64 -machine q35 -cpu max -m 512M \
    -no-reboot -display none -monitor none -nic none \
    -serial stdio -serial "file:/tmp/$name-kernel.log" \
    -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
    -kernel "$kernel" -initrd "/tmp/$name.cpio" -append log=ttyS1 </dev/null || true
