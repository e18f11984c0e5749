// Output comparison, outside the sandbox, by LiveCodeBench's rules
// (lcb_runner/evaluation/testing_util.py: grade_stdio and grade_call_based).
//
// stdin/stdout programs (grade_stdio):
//   1. Both outputs are stripped of leading and trailing whitespace as a whole (Python str.strip:
//      ASCII whitespace, \x1c-\x1f and Unicode spaces such as U+00A0, U+3000), split on "\n",
//      and every line is stripped again. CRLF therefore equals LF, trailing spaces and trailing
//      blank lines do not matter, blank lines *inside* the output do.
//   2. Different line counts: wrong answer.
//   3. Line by line: equal strings pass. Otherwise both lines are split on whitespace and every
//      token is read as a Python decimal.Decimal; if either line has a token that is not a
//      number, or the token lists differ in length or in any value, wrong answer.
//      Decimal equality is exact, not a tolerance: "1.0" == "1" == "1e0" == "+1.000",
//      "-0" == "0", but "0.3333333" != "0.33333333". Decimal accepts underscores anywhere
//      ("1_000"), "Inf"/"Infinity"/"NaN" in any case; NaN never equals anything.
//   There is no absolute/relative float tolerance in LiveCodeBench's stdio grader (the
//   np.isclose it once used was removed because 50000000000000000 "equalled"
//   50000000000000001).
//
// Functional (LeetCode-style) programs (grade_call_based): the returned value, with a top-level
// tuple turned into a list, must == the expected value parsed from JSON. That is Python
// equality between JSON-shaped values: 1 == 1.0 == True, big integers exact, floats exactly
// equal (no tolerance), dict key order irrelevant, list order relevant. Here the program's value
// arrives as JSON written inside the sandbox and is compared by these rules outside, so an object
// whose __eq__ lies cannot pass; values that are not JSON-shaped (sets, nested tuples, custom
// objects) are never equal to a JSON value, as in Python.
#pragma once

#include <string>
#include <string_view>

#include "r1/core/error.h"

namespace r1::sandbox {

/// True if `actual` matches `expected` by LiveCodeBench's stdio rule; otherwise `detail` (if
/// given) says where, e.g. "line 3: '5' != '6'" or "4 lines, expected 5".
bool LcbStdoutMatches(std::string_view actual, std::string_view expected, std::string* detail = nullptr);

/// Python equality of two JSON documents (see above). NaN, Infinity and -Infinity are accepted
/// as Python's json module writes them. An error means a document is not JSON.
Result<bool> LcbJsonEqual(std::string_view actual, std::string_view expected);

}  // namespace r1::sandbox
