// Merging shard stores into one; see MergeStores in store.h.
#include <fmt/format.h>

#include <map>
#include <set>

#include "r1/store/store.h"

namespace r1::store {
namespace {

RunSpec SpecOf(const RunRecord& r) {
  RunSpec spec;
  spec.suite = r.suite;
  spec.data_version = r.data_version;
  spec.model = r.model;
  spec.endpoint = r.endpoint;
  spec.params = r.params;
  spec.prompt_version = r.prompt_version;
  spec.grader = r.grader;
  spec.samples_per_problem = r.samples_per_problem;
  spec.label = r.label;
  spec.breakdowns = r.breakdowns;
  return spec;
}

// Runs match across stores by identity and label, as OpenRun resumes them.
std::string Key(const RunRecord& r) { return r.identity + "\n" + r.label; }

std::string Describe(const RunRecord& r) {
  return fmt::format("run {} ({} with {}, k={}, identity {})", r.id, r.suite, r.model,
                     r.samples_per_problem, r.identity.substr(0, 12));
}

}  // namespace

Result<MergeReport> MergeStores(Store& out, const std::vector<Store*>& inputs,
                                const std::vector<std::string>& names) {
  // Check first, copy second: a mismatch must leave the output untouched.
  std::vector<std::vector<RunRecord>> runs_of(inputs.size());
  std::set<std::string> reference;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    auto runs = inputs[i]->Runs();
    if (!runs) return std::unexpected(std::move(runs.error()).With(names[i]));
    runs_of[i] = std::move(*runs);
    std::set<std::string> identities;
    for (const auto& r : runs_of[i]) {
      if (!identities.insert(Key(r)).second) {
        return Fail(ErrorCode::kInvalidArgument,
                    names[i] + ": holds two runs with one identity (a --fresh rerun); merge "
                               "stores holding one run per identity");
      }
    }
    if (i == 0) {
      reference = identities;
      continue;
    }
    for (const auto& r : runs_of[i]) {
      if (!reference.contains(Key(r))) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("{}: {} matches no run of {}; refusing to merge different runs",
                                names[i], Describe(r), names[0]));
      }
    }
    if (identities.size() != reference.size()) {
      for (const auto& r : runs_of[0]) {
        if (!identities.contains(Key(r))) {
          return Fail(ErrorCode::kInvalidArgument,
                      fmt::format("{}: has no run matching {} of {}; refusing to merge", names[i],
                                  Describe(r), names[0]));
        }
      }
    }
  }

  MergeReport report;
  std::map<std::string, std::int64_t> out_run;  // Key -> run id in `out`
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    for (const auto& r : runs_of[i]) {
      if (!out_run.contains(Key(r))) {
        auto target = out.OpenRun(SpecOf(r), /*fresh=*/false);
        if (!target) return std::unexpected(std::move(target.error()).With("merge"));
        out_run[Key(r)] = target->id;
        ++report.runs;
      }
      const std::int64_t target_id = out_run[Key(r)];
      auto problems = inputs[i]->Problems(r.id);
      if (!problems) return std::unexpected(problems.error());
      auto copied = out.Transaction([&]() -> Status {
        if (auto s = out.PutProblems(target_id, *problems); !s) return s;
        return inputs[i]->ForEachSample(
            r.id, Store::Text::kWith, [&](const StoredSample& s) -> Status {
              auto write = out.PutSample(target_id, s.problem_id, s.sample_index, s.completion,
                                         s.sample_data);
              if (!write) return std::unexpected(write.error());
              if (!write->written) {
                ++report.samples_kept;
                return {};
              }
              if (s.grade) {
                if (auto g = out.PutGrade(write->id, *s.grade, s.grader_version); !g) return g;
              }
              ++report.samples_copied;
              return {};
            });
      });
      if (!copied) return std::unexpected(std::move(copied.error()).With(names[i]));
    }
  }
  // Shards never mark their slice finished; the merged run is finished once every
  // (problem, sample) pair holds a successful completion.
  for (const auto& [key, run_id] : out_run) {
    auto run = out.FindRun(std::to_string(run_id));
    auto problems = out.Problems(run_id);
    auto done = out.CompletedPairs(run_id);
    if (!run || !problems || !done)
      return Fail(ErrorCode::kUnavailable, "merge: cannot read the merged runs");
    const auto needed = problems->size() * static_cast<std::size_t>(run->samples_per_problem);
    if (!problems->empty() && done->size() >= needed) {
      if (auto s = out.MarkFinished(run_id); !s) return std::unexpected(s.error());
      ++report.runs_finished;
    }
  }
  return report;
}

}  // namespace r1::store
