// User-defined suites: a JSON suite file names JSON-lines data, a prompt template and a grader,
// and becomes a SuiteEntry like any built-in (`r1-eval --suite path/to/suite.json`).
//
//   {
//     "name": "my-suite",                  // required; letters, digits, '.', '_', '-'
//     "description": "what it measures",   // optional
//     "data": "rows.jsonl",                // required; JSON lines or a JSON array, relative to
//                                          // the suite file
//     "grader": "math",                    // required: math | integer | choice | exact | regex |
//                                          // check | code
//     "prompt": "{question}\n...",         // optional; must contain {question}. Defaults: R1's
//                                          // math instruction; the simple-evals template for
//                                          // choice ({letters}, {choices} too); "{question}"
//                                          // for check and code
//     "fields": {"id": "id", "question": "question", "answer": "answer", "choices": "choices"},
//     "shuffle": true, "seed": 0,          // choice only: per-sample shuffling (choice_order.h)
//     "breakdowns": ["difficulty"]         // optional; row fields reports group problems by
//   }
//
// Rows: `question` is the prompt text; `answer` is, per grader: math/integer/exact the reference
// answer; regex an RE2 pattern the final answer must match; choice a letter ("B"), a 0-based
// index or the text of one of `choices` (a list of strings); check a check object (see
// graders/check_grader.h); code {"language": "python"|"cpp"|"bash", "tests": [{"input",
// "output"}]}. Unknown keys are errors, so typos do not silently fall back to defaults.
#pragma once

#include <string>

#include "r1/core/error.h"
#include "r1/suites/registry.h"

namespace r1::suites {

/// The graders a suite file may name.
inline constexpr const char* kUserSuiteGraders[] = {"math",  "integer", "choice", "exact",
                                                    "regex", "check",   "code"};

}  // namespace r1::suites
