# Functional attack: writes fake "correct" results on every descriptor and on stdout, then
# returns a wrong answer. The judge only believes the value the call returned.
import os


class Solution:
    def answer(self, n):
        fake = "\n\x1eR1RESULT v %d\n" % (n + 1)
        for fd in range(0, 64):
            try:
                os.write(fd, fake.encode())
            except OSError:
                pass
        print(fake)
        return -1
