# Tries to write everywhere outside the work dir, including the host path of a marker the test
# watches (given on stdin). Prints ESCAPED for any write that lands somewhere shared.
import os
import sys

marker = sys.stdin.read().strip()
targets = ["/usr/r1-escape", "/usr/lib/r1-escape", "/r1-escape", "/etc/r1-escape", "/src/r1-escape",
           "/dev/r1-escape", "/proc/r1-escape", "/proc/sys/kernel/hostname", "/proc/sysrq-trigger",
           "/dev/null/../r1-escape", marker]
for path in targets:
    try:
        with open(path, "w") as f:
            f.write("escaped")
        # /tmp is the sandbox's private tmpfs, so the marker path itself may be writable here.
        shared = not path.startswith("/tmp/")
        print("WROTE", path, "ESCAPED" if shared else "(private tmpfs)")
    except OSError as e:
        print("refused", path, e.errno)
try:
    os.mkdir("/etc")
    print("ESCAPED mkdir /etc")
except OSError as e:
    print("refused mkdir /etc", e.errno)
try:
    os.chmod("/", 0o777)
    print("ESCAPED chmod /")
except OSError as e:
    print("refused chmod /", e.errno)
