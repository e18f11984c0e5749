// Run metrics and report inputs from the store.
#include "r1/reports/run_summary.h"

#include <algorithm>
#include <map>
#include <optional>
#include <unordered_map>

#include "r1/reports/html_escape.h"

namespace r1::reports {
namespace {

// What the viewer keeps of long texts: a real R1 thought is 10-100 KB, and a board with a
// few hundred of them whole would not open quickly. `r1-eval export` has every byte.
constexpr std::size_t kThinkingHead = 3000;
constexpr std::size_t kThinkingTail = 1000;
constexpr std::size_t kAnswerHead = 2000;
constexpr std::size_t kAnswerTail = 500;
constexpr std::size_t kQuestionHead = 3000;

SampleView MakeView(const store::StoredSample& s) {
  SampleView v;
  v.problem_id = s.problem_id;
  v.sample_index = s.sample_index;
  const Completion& c = s.completion;
  auto [thinking, answer] = SplitForView(c);
  v.thinking = Abbreviate(thinking, kThinkingHead, kThinkingTail);
  v.answer = Abbreviate(answer, kAnswerHead, kAnswerTail);
  v.finish_reason = c.finish_reason;
  v.completion_tokens = c.completion_tokens;
  v.format = ClassifyThinkFormat(c);
  if (c.error) v.error = c.error->message;
  if (s.grade) {
    v.graded = true;
    v.correct = s.grade->correct;
    v.truncated = s.grade->truncated;
    v.unscored = s.grade->unscored;
    v.detail = Abbreviate(s.grade->detail, 300, 100);
    v.extracted = Abbreviate(s.grade->extracted, 500, 100);
  }
  return v;
}

// Chooses one problem's samples for the viewer while the samples stream past: variety first
// (the first wrong, right and errored sample), then sample order. Holds at most want + 3 views.
class ViewerPick {
 public:
  explicit ViewerPick(int want) : want_(want) {}

  void Offer(const store::StoredSample& s) {
    const bool error = !s.completion.ok() || (s.grade && s.grade->unscored);
    const bool right = s.grade && s.grade->correct;
    const bool wrong = s.grade && !s.grade->correct && !s.grade->unscored;
    const bool early = static_cast<int>(first_.size()) < want_;
    bool need = early;
    if (wrong && !wrong_) need = true, wrong_ = s.sample_index;
    if (right && !right_) need = true, right_ = s.sample_index;
    if (error && !error_) need = true, error_ = s.sample_index;
    if (!need) return;
    if (early) first_.push_back(s.sample_index);
    views_.emplace(s.sample_index, MakeView(s));
  }

  void Finish(std::vector<SampleView>& out) {
    std::vector<int> picked;
    for (const auto& idx : {wrong_, right_, error_}) {
      if (idx && static_cast<int>(picked.size()) < want_ &&
          std::find(picked.begin(), picked.end(), *idx) == picked.end()) {
        picked.push_back(*idx);
      }
    }
    for (int idx : first_) {
      if (static_cast<int>(picked.size()) >= want_) break;
      if (std::find(picked.begin(), picked.end(), idx) == picked.end()) picked.push_back(idx);
    }
    std::sort(picked.begin(), picked.end());
    for (int idx : picked) out.push_back(std::move(views_.at(idx)));
  }

 private:
  int want_;
  std::optional<int> wrong_, right_, error_;
  std::vector<int> first_;
  std::map<int, SampleView> views_;
};

}  // namespace

bool WithholdsText(const std::string& suite) { return suite.starts_with("gpqa"); }

std::string Abbreviate(std::string_view text, std::size_t head, std::size_t tail) {
  if (text.size() <= head + tail + 64) return std::string(text);
  std::string_view first = Utf8Prefix(text, head);
  std::size_t from = text.size() - tail;
  while (from < text.size() && (static_cast<unsigned char>(text[from]) & 0xC0) == 0x80) ++from;
  std::string_view last = text.substr(from);
  return std::string(first) + "\n\n[... " + std::to_string(text.size() - first.size() - last.size()) +
         " bytes omitted; `r1-eval export` has the full text ...]\n\n" + std::string(last);
}

std::pair<std::string_view, std::string_view> SplitForView(const Completion& c) {
  std::string_view content = c.content;
  if (!c.reasoning.empty()) return {c.reasoning, content};
  const std::size_t close = content.rfind("</think>");
  std::string_view start = content;
  while (!start.empty() && (start.front() == ' ' || start.front() == '\n')) start.remove_prefix(1);
  const bool opens = start.starts_with("<think>");
  if (close == std::string_view::npos) {
    if (opens) return {start.substr(7), {}};
    return {{}, content};
  }
  std::string_view thinking = content.substr(0, close);
  std::string_view t = thinking;
  while (!t.empty() && (t.front() == ' ' || t.front() == '\n')) t.remove_prefix(1);
  if (t.starts_with("<think>")) thinking = t.substr(7);
  return {thinking, content.substr(close + 8)};
}

Result<RunSummary> Summarize(store::Store& store, const store::RunRecord& run,
                             const SummarizeOptions& options) {
  auto problems = store.Problems(run.id);
  if (!problems) return std::unexpected(problems.error());

  RunSummary summary;
  summary.run = run;
  std::unordered_map<std::string, Script> scripts;
  for (const auto& p : *problems) scripts.emplace(p.id, DominantScript(p.question));

  std::vector<graders::ProblemOutcome> outcomes;
  std::vector<ViewerPick> picks;
  std::map<std::string, std::size_t> index;
  DiagnosticsBuilder diagnostics;
  // One sample at a time: memory stays flat for any run size (only the few samples the viewer
  // keeps are held, abbreviated). Text is read only when diagnostics or the viewer need it.
  const bool with_text = options.text_diagnostics || options.viewer_samples > 0;
  auto walked = store.ForEachSample(
      run.id, with_text ? store::Store::Text::kWith : store::Store::Text::kWithout,
      [&](const store::StoredSample& s) -> Status {
        auto [it, inserted] = index.try_emplace(s.problem_id, outcomes.size());
        if (inserted) {
          outcomes.push_back({s.problem_id, {}});
          picks.emplace_back(options.viewer_samples);
        }
        graders::SampleOutcome o;
        o.sample_index = s.sample_index;
        o.errored = !s.completion.ok();
        o.completion_tokens = s.completion.completion_tokens;
        if (s.grade) {
          o.correct = s.grade->correct;
          o.truncated = s.grade->truncated;
          o.key = s.grade->canonical_key;
          o.unscored = s.grade->unscored;
          if (!o.errored && !o.unscored && o.completion_tokens >= 0) {
            summary.points.push_back(
                {static_cast<std::int32_t>(std::min<std::int64_t>(o.completion_tokens, INT32_MAX)), o.correct});
          }
        } else if (!o.errored) {
          ++summary.ungraded;
        }
        if (with_text) {
          auto script = scripts.find(s.problem_id);
          diagnostics.Add(s.completion, s.grade ? &*s.grade : nullptr,
                          script == scripts.end() ? Script::kLatin : script->second);
        }
        if (options.viewer_samples > 0) picks[it->second].Offer(s);
        outcomes[it->second].samples.push_back(std::move(o));
        return {};
      });
  if (!walked) return std::unexpected(walked.error());
  summary.metrics = graders::ComputeMetrics(outcomes);
  // K is the run's configured samples per problem (the contract), not what arrived so far.
  summary.metrics.samples_per_problem = run.samples_per_problem;
  summary.run_problems = static_cast<int>(problems->size());
  // A problem not sampled yet has no scored sample either: pass@K waits for it.
  if (summary.metrics.problems < summary.run_problems) summary.metrics.min_scored = 0;
  summary.diagnostics = diagnostics.Finish();

  for (const auto& o : outcomes) {
    ProblemResult p;
    p.problem_id = o.problem_id;
    for (const auto& s : o.samples) {
      ++p.samples;
      if (s.errored) continue;
      if (s.unscored) {
        ++p.unscored;
        continue;
      }
      ++p.scored;
      p.correct += s.correct;
      p.truncated += s.truncated;
    }
    p.vote_correct = graders::MajorityVote(o.samples).correct;
    summary.per_problem.push_back(std::move(p));
  }

  summary.breakdowns = ComputeBreakdowns(*problems, summary.per_problem, options.breakdowns);

  if (options.viewer_samples > 0) {
    for (auto& pick : picks) pick.Finish(summary.shown);
    // GPQA's authors ask that questions never appear in plain text: reports show Record IDs.
    const bool withhold = WithholdsText(run.suite);
    if (withhold && !options.include_withheld_output) {
      for (auto& v : summary.shown) {
        if (!v.thinking.empty()) v.thinking = kWithheldOutput;
        v.answer = kWithheldOutput;
      }
    }
    for (auto& p : *problems) {
      if (withhold) {
        p.question = "(question withheld at the GPQA authors' request; Record ID " + p.id + ")";
        p.gold = "(withheld)";
      } else {
        p.question = Abbreviate(p.question, kQuestionHead, 0);
      }
      summary.problems.push_back(std::move(p));
    }
  }
  return summary;
}

}  // namespace r1::reports
