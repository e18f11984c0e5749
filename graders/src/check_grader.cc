// Programmatic checks; see check_grader.h.
#include "r1/graders/check_grader.h"

#include <re2/re2.h>

#include <cctype>
#include <nlohmann/json.hpp>
#include <vector>

#include "r1/core/text.h"
#include "r1/graders/answer_extraction.h"
#include "r1/graders/judges_code.h"
#include "r1/graders/code_grader.h"
#include "r1/graders/integer_grader.h"
#include "r1/graders/text_graders.h"
#include "unscored.h"

namespace r1::graders {
namespace {

using nlohmann::json;

// Recursive descent over + - * / and parentheses, with overflow checks.
class Arithmetic {
 public:
  explicit Arithmetic(std::string_view s) : s_(s) {}
  std::optional<long long> Parse() {
    auto v = Sum();
    Skip();
    if (!v || pos_ != s_.size()) return std::nullopt;
    return v;
  }

 private:
  void Skip() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  bool Eat(char c) {
    Skip();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  std::optional<long long> Sum() {
    auto v = Product();
    while (v) {
      if (Eat('+')) {
        auto r = Product();
        if (!r || __builtin_add_overflow(*v, *r, &*v)) return std::nullopt;
      } else if (Eat('-')) {
        auto r = Product();
        if (!r || __builtin_sub_overflow(*v, *r, &*v)) return std::nullopt;
      } else {
        break;
      }
    }
    return v;
  }
  std::optional<long long> Product() {
    auto v = Unary();
    while (v) {
      if (Eat('*')) {
        auto r = Unary();
        if (!r || __builtin_mul_overflow(*v, *r, &*v)) return std::nullopt;
      } else if (Eat('/')) {
        auto r = Unary();
        if (!r || *r == 0 || *v % *r != 0) return std::nullopt;
        *v /= *r;
      } else {
        break;
      }
    }
    return v;
  }
  std::optional<long long> Unary() {
    if (Eat('-')) {
      auto v = Unary();
      if (!v) return std::nullopt;
      return -*v;
    }
    if (Eat('(')) {
      if (++depth_ > 64) return std::nullopt;
      auto v = Sum();
      --depth_;
      if (!v || !Eat(')')) return std::nullopt;
      return v;
    }
    Skip();
    std::size_t start = pos_;
    long long v = 0;
    while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) {
      if (__builtin_mul_overflow(v, 10LL, &v) || __builtin_add_overflow(v, s_[pos_] - '0', &v)) {
        return std::nullopt;
      }
      ++pos_;
    }
    if (pos_ == start) return std::nullopt;
    return v;
  }
  std::string_view s_;
  std::size_t pos_ = 0;
  int depth_ = 0;
};

bool IsWordChar(unsigned char c) { return std::isalnum(c) || c >= 0x80 || c == '\'' || c == '-'; }

// The last word of a sentence, lower-cased, without trailing punctuation, quotes or markdown.
std::string LastWord(std::string_view sentence) {
  std::size_t end = sentence.size();
  while (end > 0 && !IsWordChar(static_cast<unsigned char>(sentence[end - 1]))) --end;
  // A closing quote written as an apostrophe is not part of the word.
  while (end > 0 && sentence[end - 1] == '\'') --end;
  std::size_t start = end;
  while (start > 0 && IsWordChar(static_cast<unsigned char>(sentence[start - 1]))) --start;
  return AsciiLower(sentence.substr(start, end - start));
}

std::string_view StripListMarker(std::string_view line) {
  std::size_t i = line.find_first_not_of(" \t");
  if (i == std::string_view::npos) return {};
  line.remove_prefix(i);
  std::size_t digits = 0;
  while (digits < line.size() && std::isdigit(static_cast<unsigned char>(line[digits]))) ++digits;
  if (digits > 0 && digits + 1 < line.size() && (line[digits] == '.' || line[digits] == ')') &&
      line[digits + 1] == ' ') {
    return line.substr(digits + 2);
  }
  for (std::string_view marker : {"- ", "* ", "• ", "+ "}) {
    if (line.starts_with(marker)) return line.substr(marker.size());
  }
  return line;
}

// Sentences of the final part, per the rules in check_grader.h.
std::vector<std::string> Sentences(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t pos = 0; pos <= text.size();) {
    std::size_t nl = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, (nl == std::string_view::npos ? text.size() : nl) - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    line = StripListMarker(line);
    std::size_t last = line.find_last_not_of(" \t\r*_");
    if (last == std::string_view::npos || line[last] == ':') continue;
    std::size_t start = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
      char c = line[i];
      bool end_mark = c == '.' || c == '!' || c == '?';
      bool boundary = i + 1 == line.size() || line[i + 1] == ' ' || line[i + 1] == '"' ||
                      line[i + 1] == '*' || line[i + 1] == '\'';
      if (end_mark && boundary) {
        while (i + 1 < line.size() && line[i + 1] != ' ') ++i;  // closing quotes, markdown
        std::string_view s = line.substr(start, i + 1 - start);
        if (s.find_first_not_of(" \t*_\"'") != std::string_view::npos) out.emplace_back(s);
        start = i + 1;
      }
    }
    std::string_view rest = line.substr(std::min(start, line.size()));
    if (rest.find_first_not_of(" \t\r*_\"'") != std::string_view::npos) out.emplace_back(rest);
  }
  return out;
}

std::string CompactExpression(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.substr(i, 6) == "\\times") {
      out += '*';
      i += 5;
    } else if (s.substr(i, 5) == "\\cdot") {
      out += '*';
      i += 4;
    } else if (s.substr(i, 2) == "\xc3\x97") {  // U+00D7 multiplication sign
      out += '*';
      i += 1;
    } else if (s.substr(i, 5) == "\\left" || s.substr(i, 6) == "\\right") {
      i += s[i + 1] == 'l' ? 4 : 5;
    } else if (s[i] == 'x' || s[i] == 'X') {
      out += '*';
    } else if (!std::isspace(static_cast<unsigned char>(s[i])) && s[i] != '$' && s[i] != '{' &&
               s[i] != '}' && s[i] != '\\') {
      out += s[i];
    }
  }
  return out;
}

class CheckGrader final : public Grader {
 public:
  CheckGrader(std::shared_ptr<CodeRunner> runner, std::string unavailable)
      : runner_(std::move(runner)), unavailable_(std::move(unavailable)) {}
  std::string Version() const override { return "check-2"; }
  bool JudgesCode(const Problem& problem) const override {
    const json spec = json::parse(problem.gold, nullptr, /*allow_exceptions=*/false);
    return spec.is_object() && spec.value("type", json()) == "code";
  }

  Grade GradeCompletion(const Problem& problem, const Completion& completion,
                        std::string_view) const override {
    Grade grade;
    json spec = json::parse(problem.gold, nullptr, /*allow_exceptions=*/false);
    if (!spec.is_object() || !spec.contains("type") || !spec["type"].is_string()) {
      return Unscored("the problem's check is not a JSON object with a \"type\"");
    }
    const std::string type = spec["type"];
    if (type == "code") return JudgeCode(runner_.get(), problem.gold, completion, unavailable_);
    TextAnswer answer = FinalTextAnswer(completion);
    if (answer.truncated) {
      grade.truncated = true;
      grade.detail = "truncated";
      return grade;
    }
    try {
      if (type == "letter_count" || type == "integer") return Integer(spec, type, answer.text);
      if (type == "regex") return Regex(spec, answer.text, completion);
      if (type == "sentences_end_with") return SentencesEndWith(spec, completion);
      if (type == "parenthesize") return Parenthesize(spec, answer.text);
    } catch (const json::exception& e) {
      return Unscored("malformed '" + type + "' check: " + e.what());
    }
    return Unscored("unknown check type '" + type + "'");
  }

 private:
  std::shared_ptr<CodeRunner> runner_;
  std::string unavailable_;

  static Grade Integer(const json& spec, const std::string& type, const std::string& answer) {
    Grade grade;
    long long want = 0;
    if (type == "integer") {
      want = spec.at("value").get<long long>();
    } else {
      std::string letter = AsciiLower(spec.at("letter").get<std::string>());
      for (char c : AsciiLower(spec.at("word").get<std::string>()))
        want += letter.size() == 1 && c == letter[0];
    }
    grade.extracted = answer;
    auto got = ParseIntegerAnswer(answer);
    if (!got) {
      grade.canonical_key = NormalizeExactAnswer(answer);
      grade.detail = answer.empty() ? "no answer found" : "answer is not an integer";
      return grade;
    }
    grade.canonical_key = std::to_string(*got);
    grade.correct = *got == want;
    grade.detail = grade.correct ? "equal" : "expected " + std::to_string(want);
    return grade;
  }

  static Grade Regex(const json& spec, const std::string& answer, const Completion& completion) {
    Grade grade;
    RE2::Options options;
    options.set_log_errors(false);
    RE2 pattern(spec.at("pattern").get<std::string>(), options);
    if (!pattern.ok()) {
      return Unscored("bad pattern in the problem's check: " + pattern.error());
    }
    const bool whole = spec.value("on", std::string("answer")) == "response";
    std::string text = whole ? std::string(SplitThinking(completion.content).text) : answer;
    grade.extracted = whole ? "" : answer;
    bool ok = RE2::PartialMatch(text, pattern);
    if (ok && spec.contains("reject")) {
      RE2 reject(spec["reject"].get<std::string>(), options);
      if (!reject.ok()) {
        return Unscored("bad reject pattern in the problem's check: " + reject.error());
      }
      ok = !RE2::PartialMatch(text, reject);
    }
    grade.correct = ok;
    grade.canonical_key = whole ? (ok ? "pass" : "fail") : NormalizeExactAnswer(answer);
    grade.detail = ok ? "matches" : "does not match";
    return grade;
  }

  static Grade SentencesEndWith(const json& spec, const Completion& completion) {
    Grade grade;
    const std::string word = AsciiLower(spec.at("word").get<std::string>());
    auto sentences = Sentences(SplitThinking(completion.content).text);
    int ending = 0;
    for (const auto& s : sentences) ending += LastWord(s) == word;
    const int n = static_cast<int>(sentences.size());
    bool count_ok = !spec.contains("count") || spec["count"].get<int>() == n;
    grade.correct = n > 0 && ending == n && count_ok;
    grade.extracted =
        std::to_string(ending) + "/" + std::to_string(n) + " sentences end with '" + word + "'";
    grade.canonical_key = grade.correct ? "pass" : "fail";
    grade.detail = grade.extracted +
                   (count_ok ? "" : "; expected " + std::to_string(spec["count"].get<int>()));
    return grade;
  }

  static Grade Parenthesize(const json& spec, const std::string& answer) {
    Grade grade;
    grade.extracted = answer;
    std::string given = CompactExpression(answer);
    const long long target = spec.at("target").get<long long>();
    // "... = 387" may come with the answer; the left side is what was parenthesised.
    if (auto eq = given.find('='); eq != std::string::npos) given.resize(eq);
    grade.canonical_key = given;
    std::string original = CompactExpression(spec.at("expression").get<std::string>());
    std::string stripped;
    int open = 0, close = 0;
    for (char c : given) {
      if (c == '(') ++open;
      if (c == ')') ++close;
      if (c != '(' && c != ')') stripped += c;
    }
    if (open != 1 || close != 1 || stripped != original) {
      grade.detail = "not the expression with exactly one pair of parentheses added";
      return grade;
    }
    auto value = EvaluateArithmetic(given);
    grade.correct = value && *value == target;
    grade.detail = !value          ? "does not evaluate"
                   : grade.correct ? "equals " + std::to_string(target)
                                   : "evaluates to " + std::to_string(*value);
    return grade;
  }
};

}  // namespace

std::optional<long long> EvaluateArithmetic(std::string_view expression) {
  return Arithmetic(expression).Parse();
}

std::unique_ptr<Grader> MakeCheckGrader(std::shared_ptr<CodeRunner> runner,
                                        std::string unavailable) {
  return std::make_unique<CheckGrader>(std::move(runner), std::move(unavailable));
}

}  // namespace r1::graders
