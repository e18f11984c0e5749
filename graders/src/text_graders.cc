// "exact" and "regex" graders; see text_graders.h.
#include "r1/graders/text_graders.h"

#include <re2/re2.h>

#include <cctype>

#include "r1/graders/answer_extraction.h"

namespace r1::graders {
namespace {

Grade Truncated(const Completion& completion) {
  Grade grade;
  grade.truncated = true;
  grade.detail = completion.finish_reason == "length" ? "truncated: finish_reason=length"
                                                      : "truncated: thinking never closed";
  return grade;
}

class ExactGrader final : public Grader {
 public:
  std::string Version() const override { return "exact-1"; }
  Grade GradeCompletion(const Problem& problem, const Completion& completion,
                        std::string_view) const override {
    TextAnswer answer = FinalTextAnswer(completion);
    if (answer.truncated) return Truncated(completion);
    Grade grade;
    if (answer.text.empty()) {
      grade.detail = "no answer found";
      return grade;
    }
    grade.extracted = answer.text;
    grade.canonical_key = NormalizeExactAnswer(answer.text);
    grade.correct = grade.canonical_key == NormalizeExactAnswer(problem.gold);
    grade.detail = grade.correct ? "equal" : "not equal to the reference";
    return grade;
  }
};

class RegexGrader final : public Grader {
 public:
  std::string Version() const override { return "regex-1"; }
  Grade GradeCompletion(const Problem& problem, const Completion& completion,
                        std::string_view) const override {
    TextAnswer answer = FinalTextAnswer(completion);
    if (answer.truncated) return Truncated(completion);
    Grade grade;
    RE2::Options options;
    options.set_log_errors(false);
    RE2 pattern(problem.gold, options);
    if (!pattern.ok()) {
      grade.detail = "bad pattern in the suite: " + pattern.error();
      return grade;
    }
    if (answer.text.empty()) {
      grade.detail = "no answer found";
      return grade;
    }
    grade.extracted = answer.text;
    grade.canonical_key = NormalizeExactAnswer(answer.text);
    grade.correct = RE2::PartialMatch(answer.text, pattern);
    grade.detail = grade.correct ? "matches" : "does not match the pattern";
    return grade;
  }
};

}  // namespace

std::string NormalizeExactAnswer(std::string_view answer) {
  std::string unwrapped;
  for (std::size_t i = 0; i < answer.size(); ++i) {
    bool skipped = false;
    for (std::string_view cmd : {"\\text{", "\\textbf{", "\\mathrm{", "\\mbox{"}) {
      if (answer.substr(i, cmd.size()) == cmd) {
        i += cmd.size() - 1;
        skipped = true;
        break;
      }
    }
    if (skipped) continue;
    char c = answer[i];
    if (c == '$' || c == '{' || c == '}') continue;
    unwrapped += c;
  }
  std::string out;
  bool space = false;
  for (char c : unwrapped) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  while (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

TextAnswer FinalTextAnswer(const Completion& completion) {
  Extraction ex = ExtractFinalAnswer(completion.content, completion.finish_reason);
  if (ex.truncated) return {"", true};
  if (!ex.answer.empty()) return {ex.answer, false};
  std::string_view text = SplitThinking(completion.content).text;
  std::size_t end = text.find_last_not_of(" \t\r\n");
  if (end == std::string_view::npos) return {"", false};
  std::size_t start = text.rfind('\n', end);
  start = start == std::string_view::npos ? 0 : start + 1;
  return {std::string(text.substr(start, end + 1 - start)), false};
}

std::unique_ptr<Grader> MakeExactGrader() { return std::make_unique<ExactGrader>(); }
std::unique_ptr<Grader> MakeRegexGrader() { return std::make_unique<RegexGrader>(); }

}  // namespace r1::graders
