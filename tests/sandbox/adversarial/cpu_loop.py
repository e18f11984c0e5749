# Spins forever: TLE on CPU time.
while True:
    pass
