// RunSamples drives a Dispatcher (dispatcher.h); Regrade grades stored samples again.
#include "r1/runner/runner.h"

#include <map>

#include "dispatcher.h"

namespace r1::runner {

Result<Progress> RunSamples(Backend& backend, store::Store& store, const store::RunRecord& run,
                            const Suite& suite, const Grader& grader, const RunnerOptions& options,
                            ProgressSink& sink, const std::atomic<bool>& interrupted) {
  internal::Dispatcher dispatcher(backend, store, run, suite, grader, options, sink, interrupted);
  return dispatcher.Run();
}

Result<int> Regrade(store::Store& store, const store::RunRecord& run, const Grader& grader,
                    RegradeScope scope) {
  auto problems = store.Problems(run.id);
  if (!problems) return std::unexpected(problems.error());
  auto samples = store.Samples(run.id);
  if (!samples) return std::unexpected(samples.error());
  std::map<std::string, const Problem*> by_id;
  for (const auto& p : *problems) by_id[p.id] = &p;
  int graded = 0;
  for (const auto& s : *samples) {
    if (!s.completion.ok()) continue;
    if (scope == RegradeScope::kUnscored && s.grade && !s.grade->unscored) continue;
    auto it = by_id.find(s.problem_id);
    if (it == by_id.end()) continue;
    Grade grade = grader.GradeCompletion(*it->second, s.completion, s.sample_data);
    if (auto st = store.PutGrade(s.id, grade, grader.Version()); !st) {
      return std::unexpected(st.error());
    }
    ++graded;
  }
  return graded;
}

}  // namespace r1::runner
