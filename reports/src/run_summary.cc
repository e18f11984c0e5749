// Run metrics and report inputs from the store.
#include "r1/reports/run_summary.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "r1/reports/html_escape.h"

namespace r1::reports {
namespace {

// What the viewer keeps of long texts: a real R1 thought is 10-100 KB, and a board with a
// few hundred of them whole would not open quickly. `r1-eval export` has every byte.
constexpr std::size_t kThinkingHead = 6000;
constexpr std::size_t kThinkingTail = 1500;
constexpr std::size_t kAnswerHead = 3000;
constexpr std::size_t kAnswerTail = 1000;
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
    v.extracted = Abbreviate(s.grade->extracted, 500, 100);
  }
  return v;
}

// Indices (into one problem's samples) to show: variety first, then sample order.
std::vector<std::size_t> PickForViewer(const std::vector<const store::StoredSample*>& samples, int want) {
  std::vector<std::size_t> picked;
  auto take = [&](auto pred) {
    for (std::size_t i = 0; i < samples.size() && static_cast<int>(picked.size()) < want; ++i) {
      if (pred(*samples[i]) && std::find(picked.begin(), picked.end(), i) == picked.end()) {
        picked.push_back(i);
        return;
      }
    }
  };
  take([](const store::StoredSample& s) { return s.grade && !s.grade->correct; });
  take([](const store::StoredSample& s) { return s.grade && s.grade->correct; });
  take([](const store::StoredSample& s) { return !s.completion.ok(); });
  for (std::size_t i = 0; i < samples.size() && static_cast<int>(picked.size()) < want; ++i) {
    if (std::find(picked.begin(), picked.end(), i) == picked.end()) picked.push_back(i);
  }
  std::sort(picked.begin(), picked.end());
  return picked;
}

}  // namespace

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
  auto samples = store.Samples(run.id);
  if (!samples) return std::unexpected(samples.error());
  auto problems = store.Problems(run.id);
  if (!problems) return std::unexpected(problems.error());

  RunSummary summary;
  summary.run = run;
  std::unordered_map<std::string, Script> scripts;
  for (const auto& p : *problems) scripts.emplace(p.id, DominantScript(p.question));

  std::vector<graders::ProblemOutcome> outcomes;
  std::vector<std::vector<const store::StoredSample*>> by_problem;
  std::map<std::string, std::size_t> index;
  DiagnosticsBuilder diagnostics;
  for (const auto& s : *samples) {
    auto [it, inserted] = index.try_emplace(s.problem_id, outcomes.size());
    if (inserted) {
      outcomes.push_back({s.problem_id, {}});
      by_problem.emplace_back();
    }
    by_problem[it->second].push_back(&s);
    graders::SampleOutcome o;
    o.sample_index = s.sample_index;
    o.errored = !s.completion.ok();
    o.completion_tokens = s.completion.completion_tokens;
    if (s.grade) {
      o.correct = s.grade->correct;
      o.truncated = s.grade->truncated;
      o.key = s.grade->canonical_key;
      if (!o.errored && o.completion_tokens >= 0) {
        summary.points.push_back({static_cast<std::int32_t>(std::min<std::int64_t>(o.completion_tokens, INT32_MAX)),
                                  o.correct});
      }
    } else if (!o.errored) {
      ++summary.ungraded;
    }
    auto script = scripts.find(s.problem_id);
    diagnostics.Add(s.completion, s.grade ? &*s.grade : nullptr,
                    script == scripts.end() ? Script::kLatin : script->second);
    outcomes[it->second].samples.push_back(std::move(o));
  }
  summary.metrics = graders::ComputeMetrics(outcomes);
  // K is the run's configured samples per problem (the contract), not what arrived so far.
  summary.metrics.samples_per_problem = run.samples_per_problem;
  summary.diagnostics = diagnostics.Finish();

  for (const auto& o : outcomes) {
    ProblemResult p;
    p.problem_id = o.problem_id;
    for (const auto& s : o.samples) {
      ++p.samples;
      if (s.errored) continue;
      ++p.scored;
      p.correct += s.correct;
      p.truncated += s.truncated;
    }
    p.vote_correct = graders::MajorityVote(o.samples).correct;
    summary.per_problem.push_back(std::move(p));
  }

  if (options.viewer_samples > 0) {
    for (std::size_t i = 0; i < by_problem.size(); ++i) {
      for (std::size_t k : PickForViewer(by_problem[i], options.viewer_samples)) {
        summary.shown.push_back(MakeView(*by_problem[i][k]));
      }
    }
    for (auto& p : *problems) {
      p.question = Abbreviate(p.question, kQuestionHead, 0);
      summary.problems.push_back(std::move(p));
    }
  }
  return summary;
}

}  // namespace r1::reports
