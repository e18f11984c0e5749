# Double fork + setsid: a daemon that outlives the program and would write a marker later.
# The run must end with the program, and the daemon must die with its namespace.
import os
import time

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(20)
        with open("/box/late-marker", "w") as f:
            f.write("daemon survived")
        os._exit(0)
    os._exit(0)
time.sleep(0.05)
print("parent done")
