# Fills every writable place until it is refused and reports how much each took. Only the
# sandbox's own size-limited tmpfs mounts are writable, so the host disk never sees a byte.
import os

chunk = b"x" * (1 << 20)
for place in ("/box", "/tmp", "/dev/shm"):
    written = 0
    try:
        with open(os.path.join(place, "fill"), "wb") as f:
            while written < (10 << 30):
                f.write(chunk)
                f.flush()
                written += len(chunk)
    except OSError as e:
        print(place, "stopped", e.errno)
    print(place, "MiB", written >> 20)
    # Also try many small files (inodes).
    made = 0
    try:
        for i in range(100000):
            open(os.path.join(place, "f%d" % i), "w").close()
            made += 1
    except OSError as e:
        print(place, "inodes stopped", e.errno)
    print(place, "files", made)
