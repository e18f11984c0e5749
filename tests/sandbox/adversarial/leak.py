# Grows by 1 MiB at a time until something stops it.
chunks = []
while True:
    chunks.append(bytearray(1 << 20))
