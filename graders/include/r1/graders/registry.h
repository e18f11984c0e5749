// The grader registry: suites name graders by these keys.
#pragma once

#include <memory>
#include <string>

#include "r1/core/grader.h"
#include "r1/core/registry.h"

namespace r1::graders {

/// True when the server's reasoning parser moved a thinking that never closed out of `content`:
/// `content` is blank, `reasoning` is not, and the output was not cut by the token limit (that
/// is truncated anyway). llama.cpp `--reasoning-format deepseek` sends an EOS before `</think>`
/// this way; with `none` the same generation is `<think>...` without `</think>` in `content`.
bool ThinkingLeftInReasoning(const Completion& completion);

/// `grader` made to score thinking that never closed as truncated whatever the server's
/// reasoning parser did; otherwise it grades exactly as `grader`.
std::unique_ptr<Grader> ParserIndependent(std::unique_ptr<Grader> grader);

/// Every grader it makes is ParserIndependent, so no grader can forget the rule.
class GraderRegistry : public Registry<Grader> {
 public:
  Result<std::unique_ptr<Grader>> Make(const std::string& name) const {
    auto made = Registry<Grader>::Make(name);
    if (!made) return made;
    return ParserIndependent(std::move(*made));
  }
};

/// Adds every built-in grader ("integer", "math").
void RegisterGraders(GraderRegistry& registry);

}  // namespace r1::graders
