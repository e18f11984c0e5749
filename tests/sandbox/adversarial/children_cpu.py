# The parent waits idly while two children burn CPU: the limit must sum over children too.
import os

for _ in range(2):
    if os.fork() == 0:
        while True:
            pass
os.wait()
