// Multiple-choice letter extraction and grading; see choice_grader.h.
#include "r1/graders/choice_grader.h"

#include <cctype>
#include <nlohmann/json.hpp>
#include <optional>

#include "r1/graders/answer_extraction.h"

namespace r1::graders {
namespace {

bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool StartsWithNoCase(std::string_view text, std::size_t pos, std::string_view word) {
  if (pos + word.size() > text.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[pos + i])) != word[i]) return false;
  }
  return true;
}

// A letter token starting at `pos` (wrappers first): the option position and the index just
// past the letter, or nullopt.
struct Letter {
  int index = -1;
  std::size_t end = 0;
};
std::optional<Letter> LetterTokenAt(std::string_view text, std::size_t pos, int count) {
  static constexpr std::string_view kWrappers[] = {"\\boxed{",  "\\textbf{", "\\text{", "\\mathrm{",
                                                   "\\mathbf{", "\\(",       "option",  "choice"};
  for (int round = 0; round < 12 && pos < text.size(); ++round) {
    char c = text[pos];
    if (c == ' ' || c == '\t' || c == '*' || c == '_' || c == '$' || c == '(' || c == '[' ||
        c == '{' || c == '`' || c == '"' || c == '\'') {
      ++pos;
      continue;
    }
    bool skipped = false;
    for (std::string_view w : kWrappers) {
      if (StartsWithNoCase(text, pos, w)) {
        pos += w.size();
        skipped = true;
        break;
      }
    }
    if (!skipped) break;
  }
  if (pos >= text.size()) return std::nullopt;
  char c = text[pos];
  if (c < 'A' || c >= 'A' + count) return std::nullopt;
  if (pos + 1 < text.size() && IsAlnum(text[pos + 1])) return std::nullopt;
  return Letter{c - 'A', pos + 1};
}

std::optional<int> LetterAt(std::string_view text, std::size_t pos, int count) {
  auto letter = LetterTokenAt(text, pos, count);
  if (!letter) return std::nullopt;
  return letter->index;
}

// A box holding a letter and nothing else but closing wrappers, or "C) the option text".
std::optional<int> BoxedLetter(std::string_view boxed, int count) {
  auto letter = LetterTokenAt(boxed, 0, count);
  if (!letter) return std::nullopt;
  std::string_view rest = boxed.substr(letter->end);
  if (!rest.empty() && rest[0] == ')') return letter->index;
  if (rest.find_first_not_of(" })]$.*") != std::string_view::npos) return std::nullopt;
  return letter->index;
}

// Lower-cased, trimmed, '$'/'*' and a final '.' removed, inner whitespace collapsed.
std::string NormalizeText(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == '$' || c == '*') continue;
    if (IsSpace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  while (!out.empty() && (out.back() == '.' || out.back() == ' ')) out.pop_back();
  return out;
}

std::optional<int> OptionByText(std::string_view answer, const std::vector<std::string>& options) {
  std::string want = NormalizeText(answer);
  if (want.empty()) return std::nullopt;
  std::optional<int> found;
  for (std::size_t i = 0; i < options.size(); ++i) {
    if (NormalizeText(options[i]) != want) continue;
    if (found) return std::nullopt;  // two options with this text: ambiguous
    found = static_cast<int>(i);
  }
  return found;
}

std::string_view RestOfLine(std::string_view text, std::size_t pos) {
  while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
  std::size_t end = text.find('\n', pos);
  return text.substr(pos, (end == std::string_view::npos ? text.size() : end) - pos);
}

// Rules 1 and 3 share the scan over every word "answer".
std::optional<int> ScanAnswerWord(std::string_view text, bool colon_rule,
                                  const std::vector<std::string>& options) {
  const int count = static_cast<int>(options.size());
  std::optional<int> last;
  for (std::size_t at = 0; at + 6 <= text.size(); ++at) {
    if (!StartsWithNoCase(text, at, "answer")) continue;
    if (at > 0 && std::isalpha(static_cast<unsigned char>(text[at - 1]))) continue;
    std::size_t pos = at + 6;
    if (colon_rule) {
      while (pos < text.size() && (text[pos] == '*' || text[pos] == '_' || text[pos] == ' ')) ++pos;
      if (pos >= text.size() || text[pos] != ':') continue;
      ++pos;
      while (pos < text.size() && (text[pos] == '*' || text[pos] == '_' || IsSpace(text[pos])))
        ++pos;
      if (auto letter = LetterAt(text, pos, count)) {
        last = letter;
      } else if (auto byText = OptionByText(RestOfLine(text, pos), options)) {
        last = byText;
      }
    } else {
      while (pos < text.size() && (text[pos] == ' ' || text[pos] == '*')) ++pos;
      if (!StartsWithNoCase(text, pos, "is")) continue;
      pos += 2;
      if (pos < text.size() && IsAlnum(text[pos])) continue;
      while (pos < text.size() && (text[pos] == ' ' || text[pos] == ':')) ++pos;
      if (auto letter = LetterAt(text, pos, count)) last = letter;
    }
  }
  return last;
}

std::optional<int> LastLineLetter(std::string_view text, int count) {
  std::size_t end = text.size();
  while (end > 0 && IsSpace(text[end - 1])) --end;
  std::size_t start = text.rfind('\n', end == 0 ? 0 : end - 1);
  start = start == std::string_view::npos ? 0 : start + 1;
  std::string_view line = text.substr(start, end - start);
  std::string core;
  for (char c : line) {
    if (c == '*' || c == '_' || c == '#' || c == ' ' || c == '(' || c == ')' || c == '.' ||
        c == '$' || c == '[' || c == ']') {
      continue;
    }
    core += c;
  }
  if (core.size() == 1 && core[0] >= 'A' && core[0] < 'A' + count) return core[0] - 'A';
  return std::nullopt;
}

struct Offer {
  std::vector<std::string> options;  // as shown
  std::vector<int> order;            // data index per shown position; empty: letters are keys
  int answer = -1;                   // shown position of the correct option
};

Offer ParseOffer(std::string_view sample_data, const Problem& problem) {
  Offer offer;
  auto data = nlohmann::json::parse(sample_data, nullptr, /*allow_exceptions=*/false);
  if (data.is_object() && data.contains("options") && data["options"].is_array()) {
    for (const auto& o : data["options"])
      offer.options.push_back(o.is_string() ? o.get<std::string>() : "");
    if (data.contains("order") && data["order"].is_array() &&
        data["order"].size() == offer.options.size()) {
      for (const auto& i : data["order"])
        offer.order.push_back(i.is_number_integer() ? i.get<int>() : -1);
    }
    if (data.contains("answer") && data["answer"].is_string() &&
        data["answer"].get<std::string>().size() == 1) {
      offer.answer = data["answer"].get<std::string>()[0] - 'A';
    }
    return offer;
  }
  // No sample data (imported generations): four letters, the gold is a letter.
  offer.options = {"", "", "", ""};
  if (problem.gold.size() == 1 && problem.gold[0] >= 'A' && problem.gold[0] <= 'D') {
    offer.answer = problem.gold[0] - 'A';
  }
  return offer;
}

class ChoiceGrader final : public Grader {
 public:
  std::string Version() const override { return "choice-1"; }

  Grade GradeCompletion(const Problem& problem, const Completion& completion,
                        std::string_view sample_data) const override {
    Grade grade;
    Offer offer = ParseOffer(sample_data, problem);
    ChoiceExtraction ex =
        ExtractChoice(completion.content, completion.finish_reason, offer.options);
    grade.truncated = ex.truncated;
    if (ex.truncated) {
      grade.detail = completion.finish_reason == "length" ? "truncated: finish_reason=length"
                                                          : "truncated: thinking never closed";
      return grade;
    }
    if (ex.index < 0) {
      grade.detail = "no choice letter found";
      return grade;
    }
    const char letter = static_cast<char>('A' + ex.index);
    grade.extracted = std::string(1, letter);
    grade.canonical_key =
        offer.order.empty() ? grade.extracted : "option " + std::to_string(offer.order[ex.index]);
    grade.correct = ex.index == offer.answer;
    std::string gold =
        offer.answer >= 0 ? std::string(1, static_cast<char>('A' + offer.answer)) : "?";
    grade.detail =
        grade.extracted + " by " + ex.method + " (" + grade.canonical_key + "); gold " + gold;
    return grade;
  }
};

}  // namespace

ChoiceExtraction ExtractChoice(std::string_view response, std::string_view finish_reason,
                               const std::vector<std::string>& options) {
  ChoiceExtraction ex;
  if (finish_reason == "length") {
    ex.truncated = true;
    return ex;
  }
  FinalPart part = SplitThinking(response);
  if (part.thinking_unclosed) {
    ex.truncated = true;
    return ex;
  }
  const std::string_view text = part.text;
  const int count = static_cast<int>(options.size());
  auto found = [&](std::optional<int> index, const char* method) {
    if (!index) return false;
    ex.index = *index;
    ex.method = method;
    return true;
  };
  if (found(ScanAnswerWord(text, /*colon_rule=*/true, options), "answer-colon")) return ex;
  if (auto boxed = ExtractLastBoxed(text)) {
    std::optional<int> index = BoxedLetter(*boxed, count);
    if (!index) index = OptionByText(*boxed, options);
    if (found(index, "boxed")) return ex;
  }
  if (found(ScanAnswerWord(text, /*colon_rule=*/false, options), "answer-is")) return ex;
  found(LastLineLetter(text, count), "last-line");
  return ex;
}

std::unique_ptr<Grader> MakeChoiceGrader() { return std::make_unique<ChoiceGrader>(); }

}  // namespace r1::graders
