// Run metrics from the store.
#include "r1/reports/run_summary.h"

#include <map>

namespace r1::reports {

Result<RunSummary> Summarize(store::Store& store, const store::RunRecord& run) {
  RunSummary summary;
  summary.run = run;
  std::vector<graders::ProblemOutcome> outcomes;
  std::map<std::string, std::size_t> index;
  // Metrics need no response text: stream without it so memory stays flat for huge runs.
  auto walked = store.ForEachSample(
      run.id, store::Store::Text::kWithout, [&](const store::StoredSample& s) -> Status {
        auto [it, inserted] = index.try_emplace(s.problem_id, outcomes.size());
        if (inserted) outcomes.push_back({s.problem_id, {}});
        graders::SampleOutcome o;
        o.sample_index = s.sample_index;
        o.errored = !s.completion.ok();
        o.completion_tokens = s.completion.completion_tokens;
        if (s.grade) {
          o.correct = s.grade->correct;
          o.truncated = s.grade->truncated;
          o.key = s.grade->canonical_key;
        } else if (!o.errored) {
          ++summary.ungraded;
        }
        outcomes[it->second].samples.push_back(std::move(o));
        return {};
      });
  if (!walked) return std::unexpected(walked.error());
  summary.metrics = graders::ComputeMetrics(outcomes);
  // K is the run's configured samples per problem (the contract), not what arrived so far.
  summary.metrics.samples_per_problem = run.samples_per_problem;
  return summary;
}

}  // namespace r1::reports
