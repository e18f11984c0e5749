# Fork bomb: every process keeps forking. The cgroup pids limit makes fork fail with EAGAIN,
# and the CPU burnt by all of them together ends it as TLE.
import os

while True:
    try:
        os.fork()
    except OSError:
        pass
