# Dumps every environment the sandbox can see: its own, pid 1's, and every visible process's.
import glob
import os

print("env", dict(os.environ))
for path in ["/proc/self/environ", "/proc/1/environ", "/proc/1/cmdline", "/proc/1/comm"] + glob.glob("/proc/[0-9]*/environ"):
    try:
        with open(path, "rb") as f:
            print(path, f.read()[:4096])
    except OSError as e:
        print("refused", path, e.errno)
