// Integer-answer grading for AIME-style suites.
#include "r1/graders/integer_grader.h"

#include <cctype>
#include <string>

#include "r1/graders/answer_extraction.h"
#include "r1/graders/math/equivalence.h"

namespace r1::graders {
namespace {

// An integer written in a form the plain reader does not take ("\frac{66}{2}", "33.0",
// "1.2e2"): the math engine's exact value, if it is an integer that fits.
std::optional<long long> EngineInteger(std::string_view answer) {
  std::string key = math::CanonicalKey(math::Answer::Parse(answer));
  std::size_t start = !key.empty() && key[0] == '-' ? 1 : 0;
  if (key.size() == start || key.size() - start > 15) return std::nullopt;
  for (std::size_t i = start; i < key.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(key[i]))) return std::nullopt;
  }
  return std::stoll(key);
}

std::optional<long long> AnyInteger(std::string_view answer) {
  if (auto v = ParseIntegerAnswer(answer)) return v;
  return EngineInteger(answer);
}

// Removes "\text{...}" / "\mathrm{...}" wrappers but keeps their inside.
std::string Unwrap(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    for (std::string_view cmd : {"\\text{", "\\textbf{", "\\mathrm{", "\\mathbf{"}) {
      if (s.substr(i, cmd.size()) == cmd) {
        i += cmd.size();
        break;
      }
    }
    if (i < s.size()) out += s[i];
  }
  return out;
}

class IntegerGrader final : public Grader {
 public:
  // integer-3: extraction fallbacks of issue 14 (unescaped text, "boxed{17}" without its
  // backslash, no bare variable, the final statement).
  std::string Version() const override { return "integer-3"; }

  Grade GradeCompletion(const Problem& problem, const Completion& completion,
                        std::string_view /*sample_data*/) const override {
    Extraction ex = ExtractFinalAnswer(completion.content, completion.finish_reason);
    if (auto none = GradeWithoutAnswer(ex, completion)) return *none;
    Grade grade;
    grade.extracted = ex.answer;
    auto value = AnyInteger(ex.answer);
    auto gold = AnyInteger(problem.gold);
    if (!value) {
      // Not an integer: still a vote in cons@k, keyed by its whitespace-free text.
      for (char c : ex.answer) {
        if (!std::isspace(static_cast<unsigned char>(c))) grade.canonical_key += c;
      }
      grade.detail = "answer is not an integer";
      return grade;
    }
    grade.canonical_key = std::to_string(*value);
    grade.correct = gold.has_value() && *gold == *value;
    grade.detail = grade.correct ? "equal" : "not equal to " + problem.gold;
    return grade;
  }
};

}  // namespace

std::optional<long long> ParseIntegerAnswer(std::string_view answer) {
  std::string text = Unwrap(answer);
  std::string digits;
  bool negative = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' && i + 1 < text.size() &&
        (text[i + 1] == '!' || text[i + 1] == ',' || text[i + 1] == ';' || text[i + 1] == ' ')) {
      ++i;  // LaTeX spacing
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(c)) || c == '$' || c == '{' || c == '}') continue;
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits += c;
      continue;
    }
    bool leading = digits.empty() && !negative;
    if (leading && c == '+') continue;
    if (leading && c == '-') {
      negative = true;
      continue;
    }
    if (c == '.' && i + 1 == text.size() && !digits.empty()) continue;  // "33." ends a sentence
    return std::nullopt;
  }
  if (digits.empty() || digits.size() > 15) return std::nullopt;
  long long value = std::stoll(digits);
  return negative ? -value : value;
}

std::unique_ptr<Grader> MakeIntegerGrader() { return std::make_unique<IntegerGrader>(); }

}  // namespace r1::graders
