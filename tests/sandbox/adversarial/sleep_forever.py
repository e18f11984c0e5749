# Uses no CPU at all: only the wall-clock limit ends it.
import time

time.sleep(10**6)
