#!/bin/sh
# Runs the sandbox's adversarial tests on a pure cgroup-v2 kernel, for real: boots Debian's
# kernel under qemu (software emulation, no KVM needed) with this machine's / shared read-only
# over 9p as the guest's root, and inside (scripts/cgroup_v2_vm_guest.sh):
#   1. as root from a cgroup shared with another process (the no-internal-processes case of a
#      login shell on Ubuntu 24.04 / Debian 12 / Fedora hosts);
#   1b. as root again, the memory tests on the path of kernels before 5.19 (no memory.peak);
#   2. as an ordinary user inside a delegated subtree (what systemd's Delegate=yes gives).
# Passes 1 and 2 also run the code suites end to end (r1_cli_tests "[code]": LiveCodeBench through
# the real r1-eval against a fake server on the guest's loopback), which must score what they
# score as root on the host. Each pass also fails if any cgroup the sandbox made is left behind.
# Takes about 30 minutes on 2 shared cores (TCG, one vCPU); run it niced: nice -n 10 scripts/cgroup_v2_vm.sh.
# Needs root on the host only to fetch packages. Nothing is installed: qemu, the kernel and
# busybox are `apt-get download`ed and unpacked into WORK (default build/cgroup-v2-vm), which is
# not part of the source tree. Build r1-eval, r1_sandbox_tests and r1_cli_tests first. BUILD_DIR
# may be a copy of a build tree (same layout, with its CMakeCache.txt), so that rebuilding the
# tree cannot change the binaries under test: the guest mounts it where the tests were built.
# usage: scripts/cgroup_v2_vm.sh [BUILD_DIR] [WORK]    exit 0 when every check in the guest passed
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$src/build}" && pwd)
work=${2:-$build/cgroup-v2-vm}
kernel_pkg=${R1_VM_KERNEL:-linux-image-6.1.0-57-amd64}
mkdir -p "$work/debs" "$work/root"
# The guest mounts a fresh tmpfs on /tmp, which hides whatever the host keeps there.
case "$src/ $build/" in
  /tmp/*|*" /tmp/"*) echo "cgroup_v2_vm: the source and build trees must not be under /tmp (the guest's /tmp is its own)" >&2; exit 2;;
esac
for f in "$build/r1-eval" "$build/tests/sandbox/r1_sandbox_tests" "$build/tests/cli/r1_cli_tests" \
         "$build/tests/support/r1-fake-server"; do
  [ -x "$f" ] || { echo "cgroup_v2_vm: $f missing: build r1-eval, r1_sandbox_tests and r1_cli_tests first" >&2; exit 2; }
done
# r1_cli_tests starts R1_BINARY_DIR/r1-eval, a path compiled in: the build tree's own directory
# (CMAKE_CACHEFILE_DIR), which differs from BUILD_DIR when BUILD_DIR is a copy.
built_in=$(sed -n 's/^CMAKE_CACHEFILE_DIR:INTERNAL=//p' "$build/CMakeCache.txt" 2>/dev/null)
built_in=${built_in:-$build}

if [ ! -x "$work/root/usr/bin/qemu-system-x86_64" ] || ! ls "$work/root/boot/vmlinuz-"* >/dev/null 2>&1; then
  # qemu-system-x86 and the libraries it needs that a bookworm build host may lack.
  (cd "$work/debs" && apt-get download qemu-system-x86 qemu-system-common qemu-system-data seabios ipxe-qemu \
    libaio1 libcapstone4 libfdt1 libslirp0 liburing2 libpmem1 libndctl6 libdaxctl1 libfuse3-3 libibverbs1 \
    librdmacm1 libnl-3-200 libnl-route-3-200 libusb-1.0-0 libusbredirparser1 libvdeplug2 libspice-server1 \
    libcacard0 libbrlapi0.8 libsndio7.0 liborc-0.4-0 libgstreamer-plugins-base1.0-0 libexecs0 \
    "$kernel_pkg" busybox-static)
  for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$work/root"; done
fi
vmlinuz=$(ls "$work"/root/boot/vmlinuz-* | head -1)
kver=${vmlinuz##*/vmlinuz-}
mods="$work/root/lib/modules/$kver/kernel"

# initramfs: busybox, the virtio and 9p modules, and an init that mounts the host root.
initrd="$work/initrd"
rm -rf "$initrd" && mkdir -p "$initrd/bin" "$initrd/lib" "$initrd/proc" "$initrd/sys" "$initrd/dev" "$initrd/newroot"
cp "$work/root/bin/busybox" "$initrd/bin/busybox"
# In dependency order (each module's "depends=" in .modinfo; there is no modules.dep unpacked).
for m in drivers/virtio/virtio_ring drivers/virtio/virtio drivers/virtio/virtio_pci_legacy_dev \
         drivers/virtio/virtio_pci_modern_dev drivers/virtio/virtio_pci fs/netfs/netfs fs/fscache/fscache \
         net/9p/9pnet net/9p/9pnet_virtio fs/9p/9p; do
  cp "$mods/$m.ko" "$initrd/lib/"
done
cat > "$initrd/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci netfs fscache 9pnet 9pnet_virtio 9p; do
  insmod /lib/\$m.ko || echo "insmod \$m failed"
done
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=262144,cache=loose hostroot /newroot || { echo "R1-VM-RESULT: FAIL (cannot mount the host root)"; poweroff -f; }
mount -t proc proc /newroot/proc
mount -t sysfs sys /newroot/sys
mount -t devtmpfs dev /newroot/dev
mount -t tmpfs -o mode=1777 tmp /newroot/tmp
mount -t tmpfs tmp /newroot/run
mount -t cgroup2 -o nsdelegate,memory_recursiveprot cgroup2 /newroot/sys/fs/cgroup
exec switch_root /newroot /bin/sh $src/scripts/cgroup_v2_vm_guest.sh $build $built_in
INIT
chmod +x "$initrd/init"
(cd "$initrd" && find . | "$work/root/bin/busybox" cpio -o -H newc | gzip -1) > "$work/initrd.gz"

export LD_LIBRARY_PATH="$work/root/usr/lib/x86_64-linux-gnu:$work/root/lib/x86_64-linux-gnu"
start=$(date +%s)
log="$work/guest.log"
# 9 GiB of guest RAM (touched lazily): alloc_8g.cpp's malloc(8 GiB) must succeed, as on the host, so
# that the memory cgroup (not the overcommit heuristic) ends it.
# cgroup_no_v1=all and systemd.unified_cgroup_hierarchy=1: a pure v2 machine, like current distros.
# -icount shift=0: the guest's clocks count executed instructions (one per ns), not host time.
# Without it a guest process is charged CPU time for every host moment its emulation takes,
# load from other host processes included, ~25x the host's: r1-eval's preflight (a g++ compile
# with a fixed 10 s CPU limit) then failed and no code run could start. With it, one vCPU
# (with -smp 2 and -icount the guest did not boot within 7 minutes).
timeout "${R1_VM_TIMEOUT:-3600}" "$work/root/usr/bin/qemu-system-x86_64" -L "$work/root/usr/share/qemu" \
  -L "$work/root/usr/share/seabios" -machine q35 -accel tcg -icount shift=0,sleep=on -cpu max -smp 1 -m 9216 -nographic -no-reboot \
  -kernel "$vmlinuz" -initrd "$work/initrd.gz" \
  -append "console=ttyS0 quiet panic=-1 no_timer_check cgroup_no_v1=all systemd.unified_cgroup_hierarchy=1 ${R1_VM_TESTS:+R1_VM_TESTS=$R1_VM_TESTS} ${R1_TEST_TIME_SCALE:+R1_TEST_TIME_SCALE=$R1_TEST_TIME_SCALE}" \
  -fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap \
  -device virtio-9p-pci,fsdev=root,mount_tag=hostroot </dev/null 2>&1 | tee "$log"
echo "cgroup_v2_vm: $(( $(date +%s) - start )) s (boot, every pass)"
grep -q "^R1-VM-RESULT: PASS" "$log"
