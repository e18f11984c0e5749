// The JSON report contract and the JSONL export.
#include <nlohmann/json.hpp>

#include "r1/reports/formats.h"

namespace r1::reports {

using nlohmann::json;

std::string RenderJson(const std::vector<RunSummary>& runs) {
  json out = {{"runs", json::array()}};
  for (const auto& s : runs) {
    const auto& m = s.metrics;
    const int k = s.run.samples_per_problem;
    json metrics = {{"pass@1", m.pass1}, {"pass@1_stderr", m.pass1_stderr},
                    {"pass@1_ci95", {m.pass1 - 1.96 * m.pass1_stderr, m.pass1 + 1.96 * m.pass1_stderr}},
                    {"cons@" + std::to_string(k), m.cons}};
    for (const auto& [kk, v] : m.pass_at_k) metrics["pass@" + std::to_string(kk)] = v;
    json run = {
        {"id", s.run.id},
        {"label", s.run.label.empty() ? json(nullptr) : json(s.run.label)},
        {"suite", s.run.suite},
        {"model", s.run.model},
        {"problems", m.problems},
        {"problems_scored", m.problems_scored},
        {"samples_per_problem", k},
        {"metrics", metrics},
        {"samples",
         {{"total", m.total},
          {"errors", m.errors},
          {"truncated", m.truncated},
          {"ungraded", s.ungraded},
          {"mean_completion_tokens", m.mean_completion_tokens}}},
        {"sampling",
         {{"temperature", s.run.params.temperature},
          {"top_p", s.run.params.top_p},
          {"max_tokens", s.run.params.max_tokens}}},
        {"identity", s.run.identity},
        {"data_version", s.run.data_version},
        {"prompt_version", s.run.prompt_version},
        {"grader", s.run.grader},
        {"created_at", s.run.created_at},
        {"finished_at", s.run.finished_at.empty() ? json(nullptr) : json(s.run.finished_at)},
        {"has_errors", m.errors > 0},
    };
    out["runs"].push_back(std::move(run));
  }
  return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

Status ExportJsonl(store::Store& store, const store::RunRecord& run, std::ostream& out) {
  auto walked = store.ForEachSample(run.id, store::Store::Text::kWith,
                                    [&](const store::StoredSample& s) -> Status {
    const Completion& c = s.completion;
    json line = {
        {"run", run.id},
        {"suite", run.suite},
        {"model", run.model},
        {"problem_id", s.problem_id},
        {"sample_index", s.sample_index},
        {"answer", s.grade ? json(s.grade->extracted) : json(nullptr)},
        {"correct", s.grade ? json(s.grade->correct) : json(nullptr)},
        {"truncated", s.grade ? json(s.grade->truncated) : json(nullptr)},
        {"canonical_key", s.grade ? json(s.grade->canonical_key) : json(nullptr)},
        {"finish_reason", c.finish_reason},
        {"prompt_tokens", c.prompt_tokens < 0 ? json(nullptr) : json(c.prompt_tokens)},
        {"completion_tokens", c.completion_tokens < 0 ? json(nullptr) : json(c.completion_tokens)},
        {"reasoning_tokens", c.reasoning_tokens < 0 ? json(nullptr) : json(c.reasoning_tokens)},
        {"latency_s", c.latency_s},
        {"attempts", c.attempts},
        {"error", c.error ? json(c.error->message) : json(nullptr)},
        {"error_code", c.error ? json(std::string(ErrorCodeName(c.error->code))) : json(nullptr)},
        {"content", c.content},
        {"reasoning", c.reasoning},
    };
    // Model output is untrusted: replace invalid UTF-8 instead of failing the export.
    out << line.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
    return {};
  });
  if (!walked) return walked;
  if (!out) return Fail(ErrorCode::kUnavailable, "export: write failed");
  return {};
}

}  // namespace r1::reports
