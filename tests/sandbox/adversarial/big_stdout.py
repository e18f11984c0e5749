# A gigabyte on stdout, as fast as Python can write it.
import os

chunk = b"y" * (1 << 20)
for _ in range(1024):
    os.write(1, chunk)
