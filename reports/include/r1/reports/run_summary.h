// A run's headline numbers, computed from the store alone (no model calls, no data files),
// plus what the richer reports need: per-problem results, reasoning diagnostics, the points for
// plots and, on request, a few samples per problem for the HTML sample viewer.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "r1/graders/metrics.h"
#include "r1/reports/breakdown.h"
#include "r1/reports/diagnostics.h"
#include "r1/store/store.h"

namespace r1::reports {

/// One problem of one run.
struct ProblemResult {
  std::string problem_id;
  int samples = 0;  ///< stored samples
  int scored = 0;   ///< samples with a verdict (errors and unscored excluded)
  int unscored = 0;  ///< judge failures of our own machinery
  int correct = 0;
  int truncated = 0;
  bool vote_correct = false;  ///< the majority vote (cons@k) is right

  double PassRate() const { return scored ? static_cast<double>(correct) / scored : 0; }
};

/// A graded sample's length and verdict, for the length plots.
struct SamplePoint {
  std::int32_t completion_tokens = 0;
  bool correct = false;
};

/// A sample as the HTML viewer shows it; long texts are abbreviated (head and tail kept).
struct SampleView {
  std::string problem_id;
  int sample_index = 0;
  std::string thinking;  ///< reasoning_content, or the inline <think> part
  std::string answer;    ///< the text after the thinking
  std::string extracted;
  bool graded = false;
  bool correct = false;
  bool truncated = false;
  bool unscored = false;  ///< graded, but the judge failed for our own reasons
  std::string detail;     ///< the grader's detail
  std::string error;  ///< non-empty: the sample errored (never graded)
  std::string finish_reason;
  std::int64_t completion_tokens = -1;
  ThinkFormat format = ThinkFormat::kNoThinking;
};

struct RunSummary {
  store::RunRecord run;
  graders::RunMetrics metrics;
  int ungraded = 0;  ///< successful samples without a grade (a crash between store and grade)
  int run_problems = 0;  ///< problems the run holds, sampled or not
  std::vector<ProblemResult> per_problem;  ///< in the store's problem order
  std::vector<Breakdown> breakdowns;       ///< by subject, level, difficulty, ... (problem meta)
  Diagnostics diagnostics;
  std::vector<SamplePoint> points;  ///< graded samples that report completion tokens
  std::vector<SampleView> shown;    ///< only with SummarizeOptions::viewer_samples > 0
  std::vector<Problem> problems;    ///< statements (abbreviated); only with viewer_samples > 0
};

struct SummarizeOptions {
  /// Samples per problem to keep for the viewer, chosen to show variety: the first wrong, the
  /// first right and the first errored sample come first, then by sample index.
  int viewer_samples = 0;
  /// Reasoning diagnostics need every sample's text; without them only metrics are computed
  /// and the store skips reading text (much faster for large runs).
  bool text_diagnostics = true;
  /// GPQA: show the model's thinking and answer in the viewer (they usually restate the
  /// question and its options, which the authors ask never to publish). Off by default.
  bool include_withheld_output = false;
  /// The attributes the run's suite declares for breakdowns (SuiteEntry::breakdowns).
  std::vector<std::string> breakdowns{};
};

/// Suites whose questions must not appear in reports in plain text (GPQA, at its authors'
/// request): statements, gold answers and, unless asked for, the model's text are withheld.
bool WithholdsText(const std::string& suite);

/// What stands in for withheld model text.
inline constexpr const char* kWithheldOutput =
    "(model output withheld: GPQA answers restate the question; pass --include-gpqa-output to show it)";

/// Metrics of one run from its stored samples and grades.
Result<RunSummary> Summarize(store::Store& store, const store::RunRecord& run,
                             const SummarizeOptions& options = {});

/// `text` cut to its first `head` and last `tail` bytes (on UTF-8 boundaries) with a marker
/// saying how much was left out; unchanged when short enough.
std::string Abbreviate(std::string_view text, std::size_t head, std::size_t tail);

/// Thinking and answer parts of a completion as the viewer shows them.
std::pair<std::string_view, std::string_view> SplitForView(const Completion& completion);

}  // namespace r1::reports
