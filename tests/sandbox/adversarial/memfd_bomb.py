# Memory that is not on the heap: memfds (shmem), each just under the file-size limit, until
# 4 GiB. They are charged to the sandbox's memory cgroup like anything else.
import os

chunk = b"x" * (1 << 20)
fds = []
for _ in range(128):
    fd = os.memfd_create("bomb")
    for _ in range(32):
        os.write(fd, chunk)
    fds.append(fd)
print("wrote 4 GiB")
