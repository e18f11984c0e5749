// See run_start.h.
#include "run_start.h"

#include <fmt/format.h>

#include <set>

namespace r1::cli {

Result<std::string> RunStartLine(store::Store& store, const RunStart& start,
                                 const std::vector<Problem>& problems,
                                 const runner::RunnerOptions& options) {
  const store::RunRecord& run = *start.run;
  const std::string name = run.label.empty() ? fmt::format("run {}", run.id)
                                             : fmt::format("run {} ({})", run.id, run.label);
  const std::string what =
      fmt::format("{} x {} samples with {} at {} (store {})", run.suite, run.samples_per_problem,
                  start.model, start.endpoint, start.db);
  if (start.created) return fmt::format("new {}: {}", name, what);
  // The pairs this command asks for, as the runner counts them (same --limit and --shard rule).
  std::size_t count = problems.size();
  if (options.limit > 0) count = std::min<std::size_t>(count, options.limit);
  auto completed = store.CompletedPairs(run.id);
  if (!completed) return std::unexpected(completed.error());
  std::set<std::pair<std::string, int>> have(completed->begin(), completed->end());
  const int shards = std::max(1, options.shard_count);
  long long total = 0, done = 0;
  for (std::size_t pos = 0; pos < count; ++pos) {
    for (int idx = 0; idx < run.samples_per_problem; ++idx) {
      long long ordinal = static_cast<long long>(pos) * run.samples_per_problem + idx;
      if (ordinal % shards != options.shard_index) continue;
      ++total;
      if (have.contains({problems[pos].id, idx})) ++done;
    }
  }
  return fmt::format("resuming {}: {} of {} done; {}", name, done, total, what);
}

}  // namespace r1::cli
