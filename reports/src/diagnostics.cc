// Reasoning diagnostics; see diagnostics.h.
#include "r1/reports/diagnostics.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace r1::reports {
namespace {

constexpr std::string_view kOpen = "<think>";
constexpr std::string_view kClose = "</think>";

bool Blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; });
}

std::string_view TrimLeft(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\r' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  return s;
}

int Count(std::string_view s, std::string_view what) {
  int n = 0;
  for (std::size_t pos = s.find(what); pos != std::string_view::npos; pos = s.find(what, pos + what.size())) ++n;
  return n;
}

// Decodes one code point at s[i]; invalid bytes decode as U+FFFD and advance by one.
char32_t Next(std::string_view s, std::size_t& i) {
  const auto b = [&](std::size_t k) { return static_cast<std::uint8_t>(s[k]); };
  const std::uint8_t b0 = b(i);
  std::size_t len = b0 < 0x80 ? 1 : b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (std::size_t k = 1; k < len; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  i += len;
  return cp;
}

Script ScriptOf(char32_t c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) return Script::kLatin;
  if (c < 0xC0) return Script::kNone;
  if (c <= 0x24F) return (c == 0xD7 || c == 0xF7) ? Script::kNone : Script::kLatin;
  if (c >= 0x1E00 && c <= 0x1EFF) return Script::kLatin;
  if ((c >= 0x370 && c <= 0x3FF) || (c >= 0x1F00 && c <= 0x1FFF)) return Script::kGreek;
  if (c >= 0x400 && c <= 0x52F) return Script::kCyrillic;
  if (c >= 0x591 && c <= 0x5F4) return Script::kHebrew;
  if ((c >= 0x600 && c <= 0x6FF) || (c >= 0x750 && c <= 0x77F)) return Script::kArabic;
  if (c >= 0x900 && c <= 0xDFF) return Script::kIndic;
  if (c >= 0xE00 && c <= 0xE7F) return Script::kThai;
  if ((c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F) || (c >= 0xAC00 && c <= 0xD7AF)) {
    return Script::kHangul;
  }
  if ((c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
      (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A) ||
      (c >= 0x20000 && c <= 0x2FFFF)) {
    return Script::kCjk;
  }
  return Script::kNone;  // digits, punctuation, symbols, and scripts we do not track
}

// Calls word(script, letters) for every maximal run of letters of one script, skipping the
// names of LaTeX commands (\frac, \text): they are markup, not language.
template <class F>
void ForEachWord(std::string_view text, F&& word) {
  Script current = Script::kNone;
  int letters = 0;
  bool command = false;
  bool after_backslash = false;
  for (std::size_t i = 0; i < text.size();) {
    const char32_t c = Next(text, i);
    const Script s = ScriptOf(c);
    if (s != current || s == Script::kNone) {
      if (current != Script::kNone && !command) word(current, letters);
      current = s;
      letters = 0;
      command = after_backslash && s == Script::kLatin;
    }
    if (s != Script::kNone) ++letters;
    after_backslash = c == '\\';
  }
  if (current != Script::kNone && !command) word(current, letters);
}

}  // namespace

ThinkFormat ClassifyThinkFormat(const Completion& c) {
  const std::string_view content = c.content;
  const int opens = Count(content, kOpen);
  const int closes = Count(content, kClose);
  if (!c.reasoning.empty()) {
    if (opens || closes) return ThinkFormat::kMalformed;
    if (Blank(c.reasoning)) return ThinkFormat::kEmptyThinking;
    return Blank(content) ? ThinkFormat::kNoAnswer : ThinkFormat::kCompliant;
  }
  if (closes == 0) return opens ? ThinkFormat::kUnclosed : ThinkFormat::kNoThinking;
  if (opens > 1 || closes > 1) return ThinkFormat::kMalformed;
  std::string_view body = TrimLeft(content);
  if (opens == 1) {
    if (!body.starts_with(kOpen)) return ThinkFormat::kMalformed;
    body.remove_prefix(kOpen.size());
  }
  const std::size_t close = body.find(kClose);
  if (Blank(body.substr(0, close))) return ThinkFormat::kEmptyThinking;
  return Blank(body.substr(close + kClose.size())) ? ThinkFormat::kNoAnswer : ThinkFormat::kCompliant;
}

Script DominantScript(std::string_view text) {
  std::array<int, static_cast<int>(Script::kOther) + 1> counts{};
  ForEachWord(text, [&](Script s, int n) {
    if (s != Script::kGreek) counts[static_cast<int>(s)] += n;
  });
  auto best = std::max_element(counts.begin(), counts.end());
  return *best == 0 ? Script::kLatin : static_cast<Script>(best - counts.begin());
}

bool MixesLanguage(std::string_view text, Script target) {
  // Most reasoning is plain ASCII, which holds no letter outside Latin: skip the decoding.
  if (target == Script::kLatin &&
      std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    return false;
  }
  int latin = 0;
  int other = 0;
  ForEachWord(text, [&](Script s, int n) {
    if (s == target || s == Script::kGreek) return;
    if (s == Script::kLatin) {
      if (n > 3) latin += n;
    } else {
      other += n;
    }
  });
  return other >= 5 || latin >= 20;
}

void DiagnosticsBuilder::Add(const Completion& c, const Grade* grade, Script problem_script) {
  if (!c.ok()) return;
  ++d_.samples;
  const bool truncated = grade ? grade->truncated : c.finish_reason == "length";
  if (truncated) ++d_.truncated;
  ++d_.think[static_cast<int>(ClassifyThinkFormat(c))];
  if (MixesLanguage(c.reasoning, problem_script) || MixesLanguage(c.content, problem_script)) {
    ++d_.language_mixed;
  }
  if (c.prompt_tokens < 0 && c.completion_tokens < 0) ++d_.samples_without_usage;
  if (c.prompt_tokens > 0) d_.prompt_tokens += c.prompt_tokens;
  if (c.completion_tokens >= 0) {
    d_.completion_tokens += c.completion_tokens;
    lengths_.push_back(c.completion_tokens);
  }
  if (c.reasoning_tokens > 0) d_.reasoning_tokens += c.reasoning_tokens;
  if (!grade || grade->unscored) return;  // no verdict: neither right nor wrong
  ++d_.graded;
  std::int64_t thinking = -1;
  if (c.reasoning_tokens >= 0) {
    thinking = c.reasoning_tokens;
    used_reasoning_ = true;
  } else if (c.completion_tokens >= 0) {
    thinking = c.completion_tokens;
    used_completion_ = true;
  }
  if (thinking < 0) return;
  if (grade->correct) {
    sum_correct_ += static_cast<double>(thinking);
    ++d_.thinking_correct_n;
  } else {
    sum_wrong_ += static_cast<double>(thinking);
    ++d_.thinking_wrong_n;
  }
}

Diagnostics DiagnosticsBuilder::Finish() {
  Diagnostics d = d_;
  if (!lengths_.empty()) {
    std::vector<std::int64_t> v = lengths_;
    const std::size_t mid = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
    double upper = static_cast<double>(v[mid]);
    if (v.size() % 2 == 1) {
      d.median_completion_tokens = upper;
    } else {
      double lower = static_cast<double>(*std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid)));
      d.median_completion_tokens = (lower + upper) / 2;
    }
  }
  if (d.thinking_correct_n) d.thinking_tokens_correct = sum_correct_ / d.thinking_correct_n;
  if (d.thinking_wrong_n) d.thinking_tokens_wrong = sum_wrong_ / d.thinking_wrong_n;
  d.thinking_source = used_reasoning_ && used_completion_ ? "mixed"
                      : used_reasoning_                   ? "reasoning_tokens"
                      : used_completion_                  ? "completion_tokens"
                                                          : "none";
  return d;
}

}  // namespace r1::reports
