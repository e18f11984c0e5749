// Final-answer extraction: think-splitting, brace-matched \boxed{} search, adjacent boxes and
// the documented fallbacks.
#include "r1/graders/answer_extraction.h"

#include <re2/re2.h>

#include <string.h>  // memrchr (GNU)

#include <algorithm>
#include <cctype>
#include <vector>

#include "r1/core/text.h"
namespace r1::graders {
namespace {

constexpr std::string_view kThinkOpen = "<think>";
constexpr std::string_view kThinkClose = "</think>";
constexpr std::string_view kThoughtOpen = "<|begin_of_thought|>";
constexpr std::string_view kThoughtClose = "<|end_of_thought|>";

// text.rfind(needle, pos): the last occurrence starting at or before `pos`. libstdc++'s rfind
// compares the whole needle at every offset from the end (a memcmp per byte of a long
// response, for every sample graded); memrchr jumps between occurrences of its first byte.
std::size_t RFind(std::string_view text, std::string_view needle,
                  std::size_t pos = std::string_view::npos) {
  if (needle.size() > text.size()) return std::string_view::npos;
  if (needle.empty()) return std::min(pos, text.size());
  std::size_t limit = std::min(pos, text.size() - needle.size()) + 1;  // starts in [0, limit)
  while (limit > 0) {
    const void* hit = memrchr(text.data(), needle.front(), limit);
    if (hit == nullptr) return std::string_view::npos;
    const auto at = static_cast<std::size_t>(static_cast<const char*>(hit) - text.data());
    if (text.substr(at, needle.size()) == needle) return at;
    limit = at;
  }
  return std::string_view::npos;
}

// A response full of unclosed boxes would otherwise cost one scan per box.
constexpr int kMaxBoxCandidates = 256;
constexpr int kMaxJoinedBoxes = 16;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Reads a brace group starting at text[pos] == '{'; returns the index of its closing brace.
std::optional<std::size_t> MatchBrace(std::string_view text, std::size_t pos) {
  int depth = 0;
  std::size_t limit = std::min(text.size(), pos + kMaxAnswerBytes);
  for (std::size_t i = pos; i < limit; ++i) {
    char c = text[i];
    if (c == '\\' && i + 1 < text.size()) {  // \{ and \} do not count
      ++i;
      continue;
    }
    if (c == '{') ++depth;
    if (c == '}' && --depth == 0) return i;
  }
  return std::nullopt;
}

struct Box {
  std::size_t start = 0;  // the backslash
  std::size_t end = 0;    // one past the argument
  std::string content;
};

// The box argument after a box command; `pos` points just past the command name.
std::optional<Box> ReadBoxArgument(std::string_view text, std::size_t start, std::size_t pos) {
  while (pos < text.size() && IsSpace(text[pos])) ++pos;
  if (pos >= text.size()) return std::nullopt;
  if (text[pos] == '{') {
    auto close = MatchBrace(text, pos);
    if (!close) return std::nullopt;
    return Box{start, *close + 1, std::string(text.substr(pos + 1, *close - pos - 1))};
  }
  // "\boxed 5" form: the argument runs to the next space, '$' or end.
  std::size_t end = pos;
  while (end < text.size() && !IsSpace(text[end]) && text[end] != '$' && end - pos < 256) ++end;
  if (end == pos) return std::nullopt;
  return Box{start, end, std::string(text.substr(pos, end - pos))};
}

// The last well-formed, non-empty box that starts before `before`.
std::optional<Box> FindBoxBefore(std::string_view text, std::size_t before) {
  std::size_t pos = before;
  for (int tries = 0; pos > 0 && tries < kMaxBoxCandidates; ++tries) {
    std::size_t boxed = RFind(text, "\\boxed", pos - 1);
    std::size_t fbox = RFind(text, "\\fbox", pos - 1);
    if (boxed == std::string_view::npos && fbox == std::string_view::npos) return std::nullopt;
    std::size_t hit, name_len;
    if (fbox == std::string_view::npos || (boxed != std::string_view::npos && boxed > fbox)) {
      hit = boxed;
      name_len = 6;
    } else {
      hit = fbox;
      name_len = 5;
    }
    // "\boxedx" is another command, not a box; a letter right after the name rules it out
    // unless there was whitespace ("\boxed 5").
    std::size_t after = hit + name_len;
    bool is_command =
        after >= text.size() || !std::isalpha(static_cast<unsigned char>(text[after]));
    if (is_command) {
      auto box = ReadBoxArgument(text, hit, after);
      if (box && !Trim(box->content).empty()) return box;
    }
    pos = hit;
  }
  return std::nullopt;
}

// True when the text between two boxes only separates list items.
bool IsListGlue(std::string_view gap) {
  if (gap.size() > 48) return false;
  static constexpr std::string_view kGlue[] = {
      "\\qquad", "\\quad", "\\text{", "\\mbox{", "\\(", "\\)", "\\[", "\\]", "\\,", "\\;",
      "\\\\",    "and",    "or",      "$",       ",",   ";",   "}",   "&",   "~"};
  std::size_t i = 0;
  while (i < gap.size()) {
    if (IsSpace(gap[i])) {
      ++i;
      continue;
    }
    bool matched = false;
    for (std::string_view g : kGlue) {
      if (gap.substr(i, g.size()) == g) {
        i += g.size();
        matched = true;
        break;
      }
    }
    if (!matched) return false;
  }
  return true;
}

// Finds `needle` at or after `from`, skipping backslash-escaped characters ("\$" is no dollar).
std::size_t FindUnescaped(std::string_view text, std::string_view needle, std::size_t from) {
  for (std::size_t i = from; i + needle.size() <= text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
      continue;
    }
    if (text.substr(i, needle.size()) == needle) return i;
  }
  return std::string_view::npos;
}

struct MathEnv {
  std::size_t start = 0;
  std::size_t end = 0;  // one past the closing delimiter
  std::string content;
};

// Appends "\%" when a percent sign follows the environment: "$25$\%" means 25%.
void KeepPercent(std::string_view text, MathEnv& env) {
  std::string_view rest = text.substr(env.end);
  if (rest.starts_with("\\%") || rest.starts_with("%")) env.content += "\\%";
}

// Reads the math environment that opens at `pos`, if one does.
std::optional<MathEnv> ReadMathEnv(std::string_view text, std::size_t pos) {
  std::string_view rest = text.substr(pos);
  std::string_view open, close;
  if (rest.starts_with("$$")) {
    open = close = "$$";
  } else if (rest.starts_with("$")) {
    open = close = "$";
  } else if (rest.starts_with("\\(")) {
    open = "\\(", close = "\\)";
  } else if (rest.starts_with("\\[")) {
    open = "\\[", close = "\\]";
  } else {
    return std::nullopt;
  }
  std::size_t body = pos + open.size();
  std::size_t end =
      close == "$" || close == "$$" ? FindUnescaped(text, close, body) : text.find(close, body);
  if (end == std::string_view::npos || end - body > kMaxAnswerBytes) return std::nullopt;
  MathEnv env{pos, end + close.size(), std::string(text.substr(body, end - body))};
  KeepPercent(text, env);
  return env;
}

// The last closed math environment in `text`, scanning forward so "$" pairs line up.
std::optional<std::string> LastMathEnv(std::string_view text) {
  std::optional<std::string> last;
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    bool opens = c == '$' ||
                 (c == '\\' && i + 1 < text.size() && (text[i + 1] == '(' || text[i + 1] == '['));
    if (opens) {
      auto env = ReadMathEnv(text, i);
      if (!env) break;  // an unclosed environment runs to the end
      std::string_view content = Trim(env->content);
      if (!content.empty()) last = std::string(content);
      i = env->end;
      continue;
    }
    i += c == '\\' ? 2 : 1;
  }
  return last;
}

// The answer that follows a cue ("answer is", "answer:"): a math environment, or the rest of
// the line up to a sentence end.
std::optional<std::string> CueAnswer(std::string_view text, std::size_t pos) {
  while (pos < text.size() && (IsSpace(text[pos]) || text[pos] == ':' || text[pos] == '*')) ++pos;
  if (auto env = ReadMathEnv(text, pos)) {
    std::string_view content = Trim(env->content);
    if (!content.empty()) return std::string(content);
  }
  std::size_t end = pos;
  while (end < text.size() && text[end] != '\n' && end - pos < 512) {
    if (text[end] == '.' && (end + 1 == text.size() || IsSpace(text[end + 1]))) break;
    ++end;
  }
  std::string_view answer = Trim(text.substr(pos, end - pos));
  while (!answer.empty() && (answer.back() == '*' || answer.back() == '.')) answer.remove_suffix(1);
  answer = Trim(answer);
  if (answer.empty()) return std::nullopt;
  return std::string(answer);
}

std::optional<std::string> AfterLastCue(std::string_view text, const std::string& lowered,
                                        std::string_view cue) {
  std::size_t at = RFind(lowered, cue);
  if (at == std::string::npos) return std::nullopt;
  return CueAnswer(text, at + cue.size());
}

// "boxed{17}" written without its backslash (only when no real box exists).
std::optional<std::string> BareBoxed(std::string_view text) {
  std::size_t pos = text.size();
  for (int tries = 0; pos > 0 && tries < kMaxBoxCandidates; ++tries) {
    std::size_t hit = RFind(text, "boxed{", pos - 1);
    if (hit == std::string_view::npos) return std::nullopt;
    bool word_start = hit == 0 || (text[hit - 1] != '\\' &&
                                   !std::isalnum(static_cast<unsigned char>(text[hit - 1])));
    if (word_start) {
      auto box = ReadBoxArgument(text, hit, hit + 5);
      if (box && !Trim(box->content).empty()) return std::string(Trim(box->content));
    }
    pos = hit;
  }
  return std::nullopt;
}

// "t", "x_1", "\theta", "n'": a name alone is never a final answer ("3 values of \(t\)").
bool IsBareVariable(std::string_view s) {
  s = Trim(s);
  while (!s.empty() && (s.back() == '.' || s.back() == '\'')) s.remove_suffix(1);
  static const RE2 kName(R"((?:[A-Za-z]|\\[a-zA-Z]+)(?:_\{?[A-Za-z0-9]+\}?)?)");
  return !s.empty() && RE2::FullMatch(re2::StringPiece(s.data(), s.size()), kName);
}

// The last sentence of the final part states the answer in words: "so the remainder is 4.",
// "there are 3 values of t". Only a number right after is/are/equals/= counts.
std::optional<std::string> FinalStatement(std::string_view text) {
  std::string_view t = Trim(text);
  while (!t.empty() && (t.back() == '.' || t.back() == '!' || IsSpace(t.back())))
    t.remove_suffix(1);
  if (t.empty()) return std::nullopt;
  std::size_t cut = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    bool end = t[i] == '\n' || ((t[i] == '.' || t[i] == '!' || t[i] == '?') && i + 1 < t.size() &&
                                IsSpace(t[i + 1]));
    if (end) cut = i + 1;
  }
  std::string_view sentence = t.substr(cut);
  if (sentence.size() > 400) return std::nullopt;
  static const RE2 kStatement(
      R"((?i)(?:\bis|\bare|\bequals|\bwas|=)\s*(?:\$|\\\(|\*\*)?\s*(-?\d[\d,]*(?:\.\d+)?(?:/\d+)?)(?:$|[^\w.,/]|[.,](?:\s|$)))");
  re2::StringPiece in(sentence.data(), sentence.size());
  std::string number, last;
  while (RE2::FindAndConsume(&in, kStatement, &number)) last = number;
  if (last.empty()) return std::nullopt;
  return last;
}

// JSON escaping left in a model's text: every command's backslash doubled ("\\dfrac{5}{2}",
// "96\\pi") and newlines written as a literal backslash-n. The text counts as escaped when
// every run of backslashes is even, except single ones before n, t, r or a quote, and some
// doubled backslash comes before a letter.
std::optional<std::string> Unescaped(std::string_view text) {
  bool doubled_command = false;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] != '\\') {
      ++i;
      continue;
    }
    std::size_t run = 0;
    while (i + run < text.size() && text[i + run] == '\\') ++run;
    char next = i + run < text.size() ? text[i + run] : '\0';
    bool json_escape = next == 'n' || next == 't' || next == 'r' || next == '"';
    if (run % 2 == 1 && !json_escape) return std::nullopt;
    if (run % 2 == 0 && std::isalpha(static_cast<unsigned char>(next))) doubled_command = true;
    i += run;
  }
  if (!doubled_command) return std::nullopt;
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] != '\\') {
      out += text[i++];
      continue;
    }
    std::size_t run = 0;
    while (i + run < text.size() && text[i + run] == '\\') ++run;
    out.append(run / 2, '\\');
    i += run;
    if (run % 2 == 1) {
      char e = text[i++];
      out += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : '"';
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> UnescapeDoubledBackslashes(std::string_view text) {
  return Unescaped(text);
}

FinalPart SplitThinking(std::string_view response) {
  std::size_t cut = std::string_view::npos;
  for (std::string_view close : {kThinkClose, kThoughtClose}) {
    std::size_t at = RFind(response, close);
    if (at == std::string_view::npos) continue;
    std::size_t after = at + close.size();
    if (cut == std::string_view::npos || after > cut) cut = after;
  }
  if (cut != std::string_view::npos) return {response.substr(cut), false};
  if (response.find(kThinkOpen) != std::string_view::npos ||
      response.find(kThoughtOpen) != std::string_view::npos) {
    return {{}, true};
  }
  return {response, false};
}

std::optional<std::string> ExtractLastBoxed(std::string_view text) {
  auto box = FindBoxBefore(text, text.size());
  if (!box) return std::nullopt;
  return std::move(box->content);
}

std::optional<std::string> ExtractBoxedAnswer(std::string_view text) {
  auto last = FindBoxBefore(text, text.size());
  if (!last) return std::nullopt;
  std::vector<std::string> parts{std::string(Trim(last->content))};
  std::size_t left = last->start;
  for (int n = 1; n < kMaxJoinedBoxes; ++n) {
    auto prev = FindBoxBefore(text, left);
    if (!prev || prev->end > left || !IsListGlue(text.substr(prev->end, left - prev->end))) break;
    std::string item(Trim(prev->content));
    if (std::find(parts.begin(), parts.end(), item) == parts.end()) {
      parts.insert(parts.begin(), std::move(item));
    }
    left = prev->start;
  }
  std::string joined;
  for (const auto& part : parts) joined += (joined.empty() ? "" : ", ") + part;
  return joined;
}

Extraction ExtractFinalAnswer(std::string_view response, std::string_view finish_reason) {
  if (finish_reason == "length") return {"", true, ""};
  FinalPart part = SplitThinking(response);
  if (part.thinking_unclosed) return {"", true, ""};
  std::optional<std::string> unescaped = Unescaped(part.text);
  std::string_view text = unescaped ? std::string_view(*unescaped) : part.text;
  if (auto boxed = ExtractBoxedAnswer(text)) return {std::move(*boxed), false, "boxed"};
  if (auto boxed = BareBoxed(text)) return {std::move(*boxed), false, "boxed-no-backslash"};
  std::string lowered = AsciiLower(text);
  auto usable = [](const std::optional<std::string>& a) { return a && !IsBareVariable(*a); };
  if (auto a = AfterLastCue(text, lowered, "answer is"); usable(a)) {
    return {std::move(*a), false, "answer-is"};
  }
  if (auto a = AfterLastCue(text, lowered, "answer:"); usable(a)) {
    return {std::move(*a), false, "answer-colon"};
  }
  if (auto a = LastMathEnv(text); usable(a)) return {std::move(*a), false, "last-math"};
  if (auto a = FinalStatement(text)) return {std::move(*a), false, "final-statement"};
  return {"", false, ""};
}

std::optional<Grade> GradeWithoutAnswer(const Extraction& ex, const Completion& completion) {
  Grade grade;
  grade.truncated = ex.truncated;
  if (ex.truncated) {
    grade.detail = completion.finish_reason == "length" ? "truncated: finish_reason=length"
                                                        : "truncated: thinking never closed";
    return grade;
  }
  if (ex.answer.empty()) {
    grade.detail = "no answer: no \\boxed{}, \"answer is\", \"Answer:\" or math in the final part";
    return grade;
  }
  return std::nullopt;
}

}  // namespace r1::graders
