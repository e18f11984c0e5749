# Asks for 8 GiB and touches all of it.
x = bytearray(8 << 30)
print(len(x))
