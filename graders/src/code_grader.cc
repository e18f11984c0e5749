// Code judging through a CodeRunner; see code_grader.h.
#include "r1/graders/code_grader.h"

#include <nlohmann/json.hpp>
#include <vector>

#include "r1/graders/answer_extraction.h"
#include "r1/graders/judges_code.h"
#include "unscored.h"

namespace r1::graders {
namespace {

using nlohmann::json;

class CodeGrader final : public Grader {
 public:
  CodeGrader(std::shared_ptr<CodeRunner> runner, std::string unavailable)
      : runner_(std::move(runner)), unavailable_(std::move(unavailable)) {}
  std::string Version() const override { return "code-2"; }
  bool JudgesCode(const Problem&) const override { return true; }
  Grade GradeCompletion(const Problem& problem, const Completion& completion,
                        std::string_view) const override {
    return JudgeCode(runner_.get(), problem.gold, completion, unavailable_);
  }

 private:
  std::shared_ptr<CodeRunner> runner_;
  std::string unavailable_;
};

}  // namespace

std::string ExtractLastCodeBlock(std::string_view text) {
  std::vector<std::size_t> fences;  // start of each line holding ```
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (text.substr(start, end - start).find("```") != std::string_view::npos)
      fences.push_back(start);
    start = end + 1;
  }
  if (fences.size() < 2) return "";
  std::size_t open = fences[fences.size() - 2], close = fences.back();
  std::size_t body = text.find('\n', open);
  if (body == std::string_view::npos || body + 1 > close) return "";
  return std::string(text.substr(body + 1, close - body - 1));
}

Grade JudgeCode(CodeRunner* runner, std::string_view spec_text, const Completion& completion,
                const std::string& unavailable) {
  Grade grade;
  FinalPart part = SplitThinking(completion.content);
  if (completion.finish_reason == "length" || part.thinking_unclosed) {
    grade.truncated = true;
    grade.detail = "truncated";
    return grade;
  }
  json spec = json::parse(spec_text, nullptr, /*allow_exceptions=*/false);
  if (!spec.is_object() || !spec.contains("tests") || !spec["tests"].is_array()) {
    return Unscored("the problem's code spec has no \"tests\" list");
  }
  std::string code = ExtractLastCodeBlock(part.text);
  if (code.empty()) {
    grade.detail = "no fenced code block in the final part";
    grade.canonical_key = "fail";
    return grade;
  }
  grade.extracted = code.size() > 200 ? code.substr(0, 200) + "..." : code;
  if (!runner) {
    return Unscored("code checks need the sandbox" +
                    (unavailable.empty() ? std::string(", which is not wired in") : ": " + unavailable),
                    std::move(grade));
  }
  CodeJudgeRequest request;
  const std::string language = spec.value("language", std::string("python"));
  if (language == "bash") {
    // Exec'd from Python so bash runs under the limits the sandbox sets for Python programs.
    request.program.language = CodeLanguage::kPython;
    request.program.source = "import os\nos.execv('/usr/bin/bash', ['bash', '-c', " +
                             json(code).dump(-1, ' ', false, json::error_handler_t::replace) +
                             "])\n";
  } else if (auto parsed = ParseCodeLanguage(language)) {
    request.program.language = *parsed;
    request.program.source = code;
  } else {
    return Unscored("the problem's spec names an unsupported language '" + language + "'",
                    std::move(grade));
  }
  for (const auto& t : spec["tests"]) {
    if (!t.is_object() || !t.contains("input") || !t["input"].is_string()) {
      return Unscored("a test of the problem's spec has no \"input\" string", std::move(grade));
    }
    CodeTest test;
    test.input = t["input"].get<std::string>();
    if (t.contains("output") && t["output"].is_string())
      test.expected = t["output"].get<std::string>();
    request.tests.push_back(std::move(test));
  }
  if (spec.contains("time_limit") && spec["time_limit"].is_number()) {
    request.limits.time_limit_s = spec["time_limit"].get<double>();
  }
  auto judgement = runner->Judge(request);
  if (!judgement) return Unscored("sandbox error: " + judgement.error().message, std::move(grade));
  if (judgement->verdict == CodeVerdict::kInternalError) {
    return Unscored(InternalErrorDetail(*judgement), std::move(grade));
  }
  grade.correct = judgement->verdict == CodeVerdict::kOk;
  grade.canonical_key = grade.correct ? "pass" : "fail";
  grade.detail = std::string(CodeVerdictName(judgement->verdict)) + ": " +
                 std::to_string(judgement->passed) + "/" + std::to_string(request.tests.size()) +
                 " tests passed";
  return grade;
}

std::unique_ptr<Grader> MakeCodeGrader(std::shared_ptr<CodeRunner> runner,
                                       std::string unavailable) {
  return std::make_unique<CodeGrader>(std::move(runner), std::move(unavailable));
}

}  // namespace r1::graders
