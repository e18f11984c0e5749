# A System V shared memory segment of 2 GiB, filled. Lives in the sandbox's own IPC namespace
# and is charged to its memory cgroup.
import ctypes
import ctypes.util

libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
libc.shmat.restype = ctypes.c_void_p
size = 2 << 30
shmid = libc.shmget(0, ctypes.c_size_t(size), 0o1000 | 0o600)  # IPC_PRIVATE, IPC_CREAT
if shmid < 0:
    print("shmget failed", ctypes.get_errno())
    raise SystemExit(0)
addr = libc.shmat(shmid, None, 0)
ctypes.memset(addr, 1, size)
print("filled")
