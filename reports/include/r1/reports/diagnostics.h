// Reasoning diagnostics: how a model reasons, beside how often it is right.
//
// Over the successful (non-errored) samples of a run:
//  - truncation: the grader's verdict (finish_reason=length or thinking never closed);
//  - <think> format compliance (R1's output format, see ClassifyThinkFormat);
//  - language mixing: output that switches script away from the problem's, e.g. Chinese inside
//    the reasoning for an English problem, R1-Zero's known flaw (see MixesLanguage);
//  - thinking tokens of right versus wrong answers: the server's reasoning_tokens when it
//    reports them, else completion_tokens (thinking is most of a reasoning model's output);
//  - token totals and the median completion length, from which a price gives the cost.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "r1/core/types.h"

namespace r1::reports {

enum class ThinkFormat {
  kCompliant,      ///< non-blank thinking, closed once, then a non-blank final answer
  kNoThinking,     ///< no thinking at all (no reasoning field, no </think>)
  kEmptyThinking,  ///< a thinking block with nothing in it (R1 "skips thinking")
  kUnclosed,       ///< <think> never closed (usually cut off by max_tokens)
  kNoAnswer,       ///< thinking closed but nothing after it
  kMalformed,      ///< several blocks, a <think> not at the start, or tags left in a separated answer
};

/// Classifies one completion. Thinking may come separated (reasoning_content) or inline; an
/// inline block may omit the opening <think>, because R1's chat template writes it into the
/// prompt, but must close exactly once.
ThinkFormat ClassifyThinkFormat(const Completion& completion);

enum class Script { kNone, kLatin, kGreek, kCyrillic, kArabic, kHebrew, kIndic, kThai, kHangul, kCjk, kOther };

/// The script most letters of `text` are in, ignoring Greek (mathematical notation) and the
/// names of LaTeX commands; kLatin when there are no letters (prompts carry English instructions).
Script DominantScript(std::string_view text);

/// Whether `text` mixes languages for a problem written in `target`: at least 5 letters in a
/// script that is neither `target`, Latin nor Greek (a few CJK characters are already a
/// phrase), or, when `target` is not Latin, at least 20 letters in Latin words longer than 3
/// letters (mathematics is full of short Latin names: x, sin, mod). Greek letters and LaTeX
/// command names never count.
bool MixesLanguage(std::string_view text, Script target);

struct Diagnostics {
  int samples = 0;  ///< successful samples considered
  int graded = 0;
  int truncated = 0;
  int think[6] = {};  ///< counts by ThinkFormat
  int language_mixed = 0;
  std::int64_t prompt_tokens = 0;
  std::int64_t completion_tokens = 0;
  std::int64_t reasoning_tokens = 0;
  int samples_without_usage = 0;  ///< successful samples whose server reported no token counts
  double median_completion_tokens = 0;
  /// Mean thinking tokens of graded samples; thinking_source says where the counts came from.
  double thinking_tokens_correct = 0;
  double thinking_tokens_wrong = 0;
  int thinking_correct_n = 0;
  int thinking_wrong_n = 0;
  std::string_view thinking_source = "none";  ///< "reasoning_tokens", "completion_tokens", "mixed", "none"

  int Think(ThinkFormat f) const { return think[static_cast<int>(f)]; }
  double TruncationRate() const { return samples ? double(truncated) / samples : 0; }
  double ThinkComplianceRate() const { return samples ? double(Think(ThinkFormat::kCompliant)) / samples : 0; }
  double LanguageMixingRate() const { return samples ? double(language_mixed) / samples : 0; }
};

/// Accumulates diagnostics sample by sample (memory: one int64 per sample for the median).
class DiagnosticsBuilder {
 public:
  /// `problem_script` is DominantScript of the problem statement; `grade` may be absent.
  void Add(const Completion& completion, const Grade* grade, Script problem_script);
  Diagnostics Finish();

 private:
  Diagnostics d_;
  std::vector<std::int64_t> lengths_;
  double sum_correct_ = 0;
  double sum_wrong_ = 0;
  bool used_reasoning_ = false;
  bool used_completion_ = false;
};

}  // namespace r1::reports
