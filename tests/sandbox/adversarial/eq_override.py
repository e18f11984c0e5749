# Functional (LeetCode-style) attack: an answer that claims to equal anything. In LiveCodeBench's
# own grader `prediction == expected` is evaluated in-process and this passes.
class Liar:
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = object.__hash__


class LyingInt(int):
    def __eq__(self, other):
        return True


class Solution:
    def answer(self, n):
        return Liar() if n == 1 else LyingInt(12345)
