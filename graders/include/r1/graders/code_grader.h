// The "code" grader of user suites (and "code" checks of the check grader): the problem's gold
// is a JSON spec {"language": "python"|"cpp"|"bash", "tests": [{"input", "output"?}...],
// "time_limit"?}; the program is the last fenced code block of the final part of the response,
// and it is correct when it passes every test in the sandbox (CodeRunner). Without a runner it is
// never correct, and the detail says why.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "r1/core/code_runner.h"
#include "r1/core/grader.h"

namespace r1::graders {

/// The lines between the last two lines that hold "```" (the opening fence line excluded), or
/// "" when there are fewer than two.
std::string ExtractLastCodeBlock(std::string_view text);

/// Judges the response against the spec in `spec_text` as described above; `unavailable` says
/// why there is no runner when `runner` is null.
Grade JudgeCode(CodeRunner* runner, std::string_view spec_text, const Completion& completion,
                const std::string& unavailable);

std::unique_ptr<Grader> MakeCodeGrader(std::shared_ptr<CodeRunner> runner,
                                       std::string unavailable = "");

}  // namespace r1::graders
