// driver.py, kept as a C++ string so the library needs no data files at run time.
#include "python_driver.h"

namespace r1::sandbox::internal {

std::string_view PythonDriverSource() {
  static constexpr std::string_view kSource = R"PY(# r1-eval: hosts one Python solution inside the sandbox, with the solution's own privileges.
# It keeps no secrets: what it prints is only the solution's claim, compared outside.
import io
import os
import sys

SOURCE = "/src/main.py"
MARK = "\x1eR1RESULT "

# LiveCodeBench runs every solution after this prelude (testing_util.py, import_string): star
# imports in this order (later ones shadow earlier names, e.g. math.pow vs builtins.pow), plain
# imports, and a recursion limit of 50000. Verdicts depend on it: programs that forget an import
# pass, programs whose names collide with it fail.
_STAR = ["string", "re", "datetime", "collections", "heapq", "bisect", "copy", "math", "random",
         "statistics", "itertools", "functools", "operator", "io", "sys", "json", "builtins", "typing"]
_PLAIN = _STAR[:-2]
LCB_PRELUDE = ("".join("from %s import *\n" % m for m in _STAR) +
               "".join("import %s\n" % m for m in _PLAIN) + "sys.setrecursionlimit(50000)\n")


def die(message):
    sys.stderr.write("r1-eval driver: %s\n" % message)
    sys.stderr.flush()
    os._exit(1)


def read_source():
    with open(SOURCE, encoding="utf-8", errors="surrogateescape") as f:
        return f.read()


def take_stdio():
    """Reads all of stdin, points fds 0 and 1 at /dev/null and returns a text file on the
    original stdout. Like LCB's grading process, the solution sees an empty real stdin and its
    writes to the real stdout (os.write(1), sys.__stdout__) are lost."""
    data = sys.stdin.buffer.read().decode("utf-8", "surrogateescape")
    out = os.dup(1)
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.close(null)
    return data, os.fdopen(out, "w", encoding="utf-8", errors="surrogatepass")


class Capture(io.TextIOBase):
    """LCB captures print() in a StringIO: no .buffer, no fileno(), and close() takes an argument
    it never gets. This one forwards to the real stdout so the output cap still applies."""

    def __init__(self, sink):
        self._sink = sink

    def writable(self):
        return True

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError("string argument expected, got '%s'" % type(s).__name__)
        self._sink.write(s)
        return len(s)

    def flush(self):
        self._sink.flush()

    def close(self, x):
        return 1


def clean_if_name(code):
    # LCB: a trailing `if __name__ == '__main__':` block is replaced by its body.
    import ast
    try:
        tree = ast.parse(code)
        last = tree.body[-1]
        if isinstance(last, ast.If) and ast.unparse(last.test).strip() == "__name__ == '__main__'":
            code = ast.unparse(tree.body[:-1]) + "\n" + ast.unparse(last.body)
    except Exception:
        pass
    return code


def make_function(code):
    # LCB: top-level imports stay at module level, every other statement becomes the body of
    # wrapped_function(), after the prelude. Globals become locals, which changes semantics
    # (`global x` fails); that is what LCB scores. On any failure the code is used unchanged.
    import ast
    try:
        tree = ast.parse(code)
        imports = [s for s in tree.body if isinstance(s, (ast.Import, ast.ImportFrom))]
        others = [s for s in tree.body if not isinstance(s, (ast.Import, ast.ImportFrom))]
        function = ast.FunctionDef(
            name="wrapped_function",
            args=ast.arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]),
            body=others, decorator_list=[], lineno=-1)
        return LCB_PRELUDE + "\n" + ast.unparse(imports) + "\n" + ast.unparse(function)
    except Exception:
        return code


def load(code, name):
    import types
    module = types.ModuleType("tmp_sol", "")
    exec(code, module.__dict__)
    target = module.Solution() if "class Solution" in code else module
    method = getattr(target, name, None)
    if method is None:
        die("the program defines no %s" % name)
    return method


def stdio_lcb():
    import builtins
    code = make_function(clean_if_name(read_source()))
    data, sink = take_stdio()
    method = load(code, "wrapped_function")
    # LCB patches read/readline/readlines on the *original* stdin object (seen by programs that
    # did `from sys import stdin`; readline yields lines without "\n"), then replaces sys.stdin
    # with a StringIO and open() with a mock reading the same data.
    lines = iter(data.split("\n"))
    real_stdin = sys.stdin
    real_stdin.read = lambda *args: data
    real_stdin.readline = lambda *args: next(lines)
    real_stdin.readlines = lambda *args: data.split("\n")
    sys.stdin = io.StringIO(data)
    builtins.open = lambda *args, **kwargs: io.StringIO(data)
    sys.stdout = Capture(sink)
    try:
        method()
    except SystemExit:
        pass
    sink.flush()
    os._exit(0)


class Unsupported(Exception):
    pass


def encode(value, depth=0):
    """The value as JSON-shaped data with exactly the content Python's == would compare, read
    through the base types so that overridden __eq__/__iter__/__str__ cannot lie."""
    if depth > 900:
        raise Unsupported("nested too deeply")
    t = type(value)
    if value is None or t is bool or t is int or t is float or t is str:
        return value
    if t is list:
        return [encode(v, depth + 1) for v in value]
    if isinstance(value, dict):
        out = {}
        for k, v in dict.items(value):
            if type(k) is not str and not isinstance(k, str):
                raise Unsupported("dict with %s keys" % type(k).__name__)
            out[str.__str__(k)] = encode(v, depth + 1)
        return out
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int.__int__(value)
    if isinstance(value, float):
        return float.__float__(value)
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, list):
        return [encode(v, depth + 1) for v in list.__iter__(value)]
    import numbers
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    raise Unsupported(t.__name__)


def call(name, lcb):
    import json
    dumps = json.dumps
    prelude = LCB_PRELUDE if lcb else "from typing import *\n"
    code = prelude + "\n\n" + read_source()
    data, sink = take_stdio()
    method = load(code, name)
    if data.endswith("\n"):
        data = data[:-1]
    args = [json.loads(line) for line in data.split("\n")]
    result = method(*args)
    if isinstance(result, tuple):  # LCB: a top-level tuple counts as a list
        result = list(result)
    try:
        line = "v " + dumps(encode(result))
    except Unsupported as e:
        line = "u " + str(e)
    sink.write("\n" + MARK + line + "\n")
    sink.flush()
    os._exit(0)


if __name__ == "__main__":
    if sys.argv[1:2] == ["stdio-lcb"]:
        stdio_lcb()
    elif len(sys.argv) == 3 and sys.argv[1] in ("call", "call-lcb"):
        call(sys.argv[2], sys.argv[1] == "call-lcb")
    else:
        die("usage: driver.py stdio-lcb | call NAME | call-lcb NAME")
)PY";
  return kSource;
}

}  // namespace r1::sandbox::internal
