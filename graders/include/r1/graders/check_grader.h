// Programmatic checks ("check"): each problem's gold is a JSON object saying how to verify the
// response, so one suite can mix checks (the r1-demos suite does). Checks, by "type":
//  - "letter_count" {"letter": "r", "word": "strawberry"}: the final answer is the number of
//    times the letter occurs in the word (case-insensitive), computed here, not typed in.
//  - "integer" {"value": 3}: the final answer is that integer.
//  - "regex" {"pattern": P, "reject": R?, "on": "answer"|"response"}: P (RE2) matches the final
//    answer (default) or the whole final part, and R, when given, does not.
//  - "sentences_end_with" {"word": W, "count": N?}: every sentence of the final part ends with
//    the word W (case-insensitive, trailing punctuation, quotes and markdown ignored); exactly N
//    sentences when N is given. List markers ("1.", "-") are not sentences; a line ending in ':'
//    is a heading, not a sentence.
//  - "parenthesize" {"expression": E, "target": T}: the final answer is E with exactly one pair
//    of parentheses added (spaces, \times, \cdot, × and a trailing "= T" ignored) and it
//    evaluates to T (integers; + - * /, division only when exact).
//  - "code" {"language": ..., "tests": [...]}: the program in the response passes every test,
//    judged as code_grader.h says; without a CodeRunner never correct, and the detail says so.
// The final answer is found as in text_graders.h. Pass/fail checks vote in cons@k with the keys
// "pass"/"fail"; numeric and expression checks vote on the answer itself.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "r1/core/code_runner.h"
#include "r1/core/grader.h"

namespace r1::graders {

/// Evaluates an integer arithmetic expression (+ - * /, parentheses, unary minus); nullopt when
/// it does not parse, divides inexactly or by zero, or overflows.
std::optional<long long> EvaluateArithmetic(std::string_view expression);

/// `runner` judges "code" checks (the CLI passes the sandbox); null: they are never correct and
/// say why (`unavailable`, when given).
std::unique_ptr<Grader> MakeCheckGrader(std::shared_ptr<CodeRunner> runner = nullptr,
                                        std::string unavailable = "");

}  // namespace r1::graders
