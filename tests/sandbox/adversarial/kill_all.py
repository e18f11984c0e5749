# kill(-1, SIGKILL): on the host this would hit every process of the same uid (including other
# sandboxes and a host process the test starts under the sandbox uid). In a pid namespace it
# reaches only this program's own processes. It also tries to kill pid 1 and its parent.
import os
import signal
import time

child = os.fork()
if child == 0:
    time.sleep(60)
    os._exit(0)
time.sleep(0.05)
for target in (-1, 1, os.getppid()):
    try:
        os.kill(target, signal.SIGKILL)
        print("kill", target, "sent")
    except OSError as e:
        print("kill", target, "failed", e.errno)
time.sleep(0.1)
print("ALIVE", os.getpid())
