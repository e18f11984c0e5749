#!/usr/bin/env python3
"""Extracts test cases from LiveCodeBench's official run of Qwen2.5-7B-Instruct
(../shared/realruns/lcb-qwen25-7b-instruct-codegen) for realruns_test.cc.

Only data is processed here; the model's programs are judged by the C++ test in the sandbox.
Every failed problem whose metadata records the failing test (input, expected and, for WA, the
program's actual output) and nothing truncated becomes one JSON line:
  {"id", "platform", "code", "function" ("" for stdin programs), "input", "expected",
   "lcb_verdict": "WA"|"RE", "lcb_output" (WA only; for functional problems as JSON, or null when
   the printed value cannot be read back)}
For functional (LeetCode) problems LCB records str() of the arguments list, of the expected value
and of the returned value; they are read back with ast.literal_eval, using the starter code's
return annotation to tell a returned string from a number (str("12") == str(12)).
"""
import ast
import json
import re
import sys

TRUNC = "...(truncated) ..."


def literal(text, returns_str):
    if returns_str:
        return text
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return text


def main(path):
    with open(path) as f:
        problems = json.load(f)
    for p in problems:
        meta = json.loads(p["metadata"][0])
        code = meta.get("error_code")
        if code not in (-2, -4) or "inputs" not in meta or "expected" not in meta:
            continue
        fields = [meta["inputs"], meta["expected"], meta.get("output", "")]
        if any(isinstance(x, str) and TRUNC in x for x in fields):
            continue
        case = {"id": p["question_id"], "platform": p["platform"], "code": p["code_list"][0],
                "lcb_verdict": "WA" if code == -2 else "RE", "lcb_output": None}
        starter = p["starter_code"]
        if starter:
            m = re.search(r"def\s+(\w+)\s*\(\s*self", starter)
            if not m:
                continue
            case["function"] = m.group(1)
            header = starter[m.start():].split("\n", 1)[0]
            returns_str = bool(re.search(r"->\s*str\s*:", header))
            try:
                args = ast.literal_eval(meta["inputs"])
            except (ValueError, SyntaxError):
                continue
            case["input"] = "\n".join(json.dumps(a) for a in args)
            case["expected"] = json.dumps(literal(meta["expected"], returns_str))
            if code == -2:
                out = literal(meta["output"], returns_str)
                if isinstance(out, str) and not returns_str:
                    out = None  # not a literal (a custom object's str(), ...): not comparable
                case["lcb_output"] = None if out is None else json.dumps(out)
        else:
            case["function"] = ""
            case["input"] = meta["inputs"]
            case["expected"] = meta["expected"]
            if code == -2:
                case["lcb_output"] = meta["output"]
        print(json.dumps(case))


if __name__ == "__main__":
    main(sys.argv[1])
