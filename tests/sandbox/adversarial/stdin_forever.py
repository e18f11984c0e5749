# Reads stdin forever. stdin is a file that ends, so this spins on EOF until the CPU limit.
import sys

while True:
    sys.stdin.read()
