# Symlink and hardlink tricks: links to host paths resolve inside the sandbox's own root, and
# hardlinks across mounts are refused.
import os

for src, dst in (("/etc/shadow", "/box/s1"), ("/proc/1/root/etc/shadow", "/box/s2"), ("/usr/bin/python3", "/box/h1")):
    try:
        os.symlink(src, dst)
        with open(dst, "rb") as f:
            data = f.read(64)
        print("read through", dst, "root:" in data.decode("latin-1"))
    except OSError as e:
        print("symlink", dst, e.errno)
try:
    os.link("/usr/bin/python3", "/box/hard")
    print("ESCAPED hardlink")
except OSError as e:
    print("hardlink refused", e.errno)
