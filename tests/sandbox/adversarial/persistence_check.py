# Second half: nothing an earlier run wrote may be visible.
import os

found = [p for p in ("/box/persist", "/tmp/persist", "/dev/shm/persist") if os.path.exists(p)]
print("LEAKED" if found else "CLEAN", found)
