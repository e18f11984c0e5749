# Blocks forever on a pipe nobody will ever write: only the wall-clock limit ends it.
import os

r, w = os.pipe()
os.read(r, 1)
