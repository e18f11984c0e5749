// The JSON report contract, reading it back, and the JSONL export.
#include <nlohmann/json.hpp>

#include "r1/reports/formats.h"
#include "r1/reports/metric_text.h"

namespace r1::reports {

using nlohmann::json;

namespace {

json Nullable(double v, bool present) { return present ? json(v) : json(nullptr); }

json DiagnosticsJson(const Diagnostics& d, const ReportOptions& options) {
  return {
      {"samples", d.samples},
      {"truncation_rate", d.TruncationRate()},
      {"think_format",
       {{"compliance_rate", d.ThinkComplianceRate()},
        {"compliant", d.Think(ThinkFormat::kCompliant)},
        {"no_thinking", d.Think(ThinkFormat::kNoThinking)},
        {"empty_thinking", d.Think(ThinkFormat::kEmptyThinking)},
        {"unclosed", d.Think(ThinkFormat::kUnclosed)},
        {"no_answer", d.Think(ThinkFormat::kNoAnswer)},
        {"malformed", d.Think(ThinkFormat::kMalformed)}}},
      {"language_mixing", {{"rate", d.LanguageMixingRate()}, {"samples", d.language_mixed}}},
      {"thinking_tokens",
       {{"source", std::string(d.thinking_source)},
        {"mean_correct", Nullable(d.thinking_tokens_correct, d.thinking_correct_n > 0)},
        {"mean_wrong", Nullable(d.thinking_tokens_wrong, d.thinking_wrong_n > 0)},
        {"correct_samples", d.thinking_correct_n},
        {"wrong_samples", d.thinking_wrong_n}}},
      {"tokens",
       {{"prompt", d.prompt_tokens},
        {"completion", d.completion_tokens},
        {"reasoning", d.reasoning_tokens},
        {"median_completion", d.median_completion_tokens},
        {"samples_without_usage", d.samples_without_usage}}},
      {"cost_usd", options.pricing ? json(CostUsd(d, *options.pricing)) : json(nullptr)},
  };
}

Result<double> Number(const json& j, const char* key, const std::string& where) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) {
    return Fail(ErrorCode::kInvalidArgument, where + ": \"" + key + "\" missing or not a number");
  }
  return it->get<double>();
}

}  // namespace

std::string RenderJson(const std::vector<RunSummary>& runs, const ReportOptions& options) {
  json out = {{"runs", json::array()}};
  for (const auto& s : runs) {
    const auto& m = s.metrics;
    const int k = s.run.samples_per_problem;
    // No scored sample: no number (null), never a 0 that looks measured.
    const bool scored = m.Scored();
    json metrics = {{"pass@1", Nullable(m.pass1, scored)},
                    {"pass@1_stderr", Nullable(m.pass1_stderr, scored)},
                    {"pass@1_ci95", scored ? json(Ci95(m.pass1, m.pass1_stderr)) : json(nullptr)},
                    {"cons@" + std::to_string(k), Nullable(m.cons, scored)}};
    for (const auto& [kk, v] : m.pass_at_k) {
      if (kk < k) metrics["pass@" + std::to_string(kk)] = v;
    }
    if (k > 0) {
      auto full = m.PassAt(k);
      metrics["pass@" + std::to_string(k)] = full ? json(*full) : json(nullptr);
    }
    json notes = json::array();
    for (const auto& note : MetricNotes(s)) notes.push_back(note);
    json per_problem = json::array();
    for (const auto& p : s.per_problem) {
      per_problem.push_back({{"id", p.problem_id},
                             {"samples", p.samples},
                             {"scored", p.scored},
                             {"correct", p.correct},
                             {"unscored", p.unscored},
                             {"truncated", p.truncated},
                             {"vote_correct", p.vote_correct}});
    }
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
          {"unscored", m.unscored},
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
        {"has_unscored", m.unscored > 0},
        {"notes", std::move(notes)},
        {"diagnostics", DiagnosticsJson(s.diagnostics, options)},
        {"per_problem", std::move(per_problem)},
    };
    json breakdown = json::object();
    for (const auto& b : s.breakdowns) {
      json groups = json::array();
      for (const auto& g : b.groups) {
        groups.push_back({{"value", g.value},
                          {"problems", g.problems},
                          {"pass@1", g.pass1},
                          {"pass@1_stderr", g.pass1_stderr},
                          {"cons@" + std::to_string(s.run.samples_per_problem), g.cons}});
      }
      breakdown[b.key] = std::move(groups);
    }
    run["breakdown"] = std::move(breakdown);
    out["runs"].push_back(std::move(run));
  }
  if (options.pricing) {
    out["pricing"] = {{"name", options.pricing->name},
                      {"input_per_million_usd", options.pricing->input_per_million},
                      {"output_per_million_usd", options.pricing->output_per_million},
                      {"note", options.pricing->note}};
  }
  if (options.reference) {
    json rows = json::array();
    for (const auto& r : options.reference->rows) {
      rows.push_back({{"model", r.model}, {"source", r.source}, {"values", r.values}});
      if (!r.note.empty()) rows.back()["note"] = r.note;
    }
    out["reference"] = {{"name", options.reference->name},
                        {"title", options.reference->title},
                        {"settings", options.reference->settings},
                        {"rows", std::move(rows)}};
  }
  return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

namespace {

Result<std::vector<RunSummary>> ParseJsonReportOrThrow(const std::string& text) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) return Fail(ErrorCode::kInvalidArgument, "not valid JSON");
  if (!doc.is_object() || !doc.contains("runs") || !doc["runs"].is_array()) {
    return Fail(ErrorCode::kInvalidArgument, "not an r1-eval report: no \"runs\" array");
  }
  std::vector<RunSummary> out;
  for (std::size_t i = 0; i < doc["runs"].size(); ++i) {
    const json& r = doc["runs"][i];
    const std::string where = "runs[" + std::to_string(i) + "]";
    if (!r.is_object() || !r.contains("suite") || !r["suite"].is_string() || !r.contains("metrics") ||
        !r["metrics"].is_object()) {
      return Fail(ErrorCode::kInvalidArgument, where + ": \"suite\" or \"metrics\" missing");
    }
    RunSummary s;
    s.run.id = r.value("id", std::int64_t{0});
    if (r.contains("label") && r["label"].is_string()) s.run.label = r["label"].get<std::string>();
    s.run.suite = r["suite"].get<std::string>();
    s.run.model = r.value("model", "");
    s.run.samples_per_problem = r.value("samples_per_problem", 0);
    s.run.identity = r.value("identity", "");
    const json& m = r["metrics"];
    // pass@1 null: the run has no scored sample (kept as such; never read as 0).
    const bool scored = !(m.contains("pass@1") && m["pass@1"].is_null());
    if (scored) {
      auto pass1 = Number(m, "pass@1", where + ".metrics");
      if (!pass1) return std::unexpected(pass1.error());
      s.metrics.pass1 = *pass1;
    }
    auto number_or = [&](const std::string& key, double fallback) {
      auto it = m.find(key);
      return it != m.end() && it->is_number() ? it->get<double>() : fallback;
    };
    s.metrics.pass1_stderr = number_or("pass@1_stderr", 0.0);
    s.metrics.cons = number_or("cons@" + std::to_string(s.run.samples_per_problem), 0.0);
    for (const auto& [key, value] : m.items()) {
      const std::string k = key.size() > 5 && key.size() < 12 ? key.substr(5) : "";
      if (key.starts_with("pass@") && value.is_number() && !k.empty() &&
          k.find_first_not_of("0123456789") == std::string::npos) {
        s.metrics.pass_at_k[std::stoi(k)] = value.get<double>();
      }
    }
    // The report printed pass@k only where every problem had k scored samples.
    if (!s.metrics.pass_at_k.empty()) s.metrics.min_scored = s.metrics.pass_at_k.rbegin()->first;
    s.metrics.problems = r.value("problems", 0);
    s.metrics.problems_scored = scored ? r.value("problems_scored", s.metrics.problems) : 0;
    s.metrics.samples_per_problem = s.run.samples_per_problem;
    if (r.contains("samples") && r["samples"].is_object()) {
      s.metrics.total = r["samples"].value("total", 0);
      s.metrics.errors = r["samples"].value("errors", 0);
      s.metrics.unscored = r["samples"].value("unscored", 0);
      s.metrics.truncated = r["samples"].value("truncated", 0);
    }
    if (r.contains("per_problem") && r["per_problem"].is_array()) {
      for (const auto& p : r["per_problem"]) {
        if (!p.is_object() || !p.contains("id") || !p["id"].is_string()) {
          return Fail(ErrorCode::kInvalidArgument, where + ".per_problem: an entry lacks \"id\"");
        }
        ProblemResult pr;
        pr.problem_id = p["id"].get<std::string>();
        pr.samples = p.value("samples", 0);
        pr.scored = p.value("scored", 0);
        pr.unscored = p.value("unscored", 0);
        pr.correct = p.value("correct", 0);
        pr.truncated = p.value("truncated", 0);
        pr.vote_correct = p.value("vote_correct", false);
        if (pr.correct < 0 || pr.correct > pr.scored) {
          return Fail(ErrorCode::kInvalidArgument,
                      where + ".per_problem: problem " + pr.problem_id + " has correct > scored");
        }
        s.per_problem.push_back(std::move(pr));
      }
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

Result<std::vector<RunSummary>> ParseJsonReport(const std::string& text) {
  // The file may come from anywhere (a baseline in a repository): a value of the wrong type is
  // bad input, not a crash, so nlohmann's type errors end here.
  try {
    return ParseJsonReportOrThrow(text);
  } catch (const json::exception& e) {
    return Fail(ErrorCode::kInvalidArgument, std::string("not an r1-eval report: ") + e.what());
  }
}

Status ExportJsonl(store::Store& store, const store::RunRecord& run, std::ostream& out,
                   bool include_withheld_output) {
  const bool withhold = WithholdsText(run.suite) && !include_withheld_output;
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
        {"unscored", s.grade ? json(s.grade->unscored) : json(nullptr)},
        {"detail", s.grade ? json(s.grade->detail) : json(nullptr)},
        {"canonical_key", s.grade ? json(s.grade->canonical_key) : json(nullptr)},
        {"finish_reason", c.finish_reason},
        {"prompt_tokens", c.prompt_tokens < 0 ? json(nullptr) : json(c.prompt_tokens)},
        {"completion_tokens", c.completion_tokens < 0 ? json(nullptr) : json(c.completion_tokens)},
        {"reasoning_tokens", c.reasoning_tokens < 0 ? json(nullptr) : json(c.reasoning_tokens)},
        {"latency_s", c.latency_s},
        {"attempts", c.attempts},
        {"error", c.error ? json(c.error->message) : json(nullptr)},
        {"error_code", c.error ? json(std::string(ErrorCodeName(c.error->code))) : json(nullptr)},
        {"content", withhold ? json(nullptr) : json(c.content)},
        {"reasoning", withhold ? json(nullptr) : json(c.reasoning)},
    };
    if (withhold) line["withheld"] = kWithheldOutput;
    // Model output is untrusted: replace invalid UTF-8 instead of failing the export.
    out << line.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
    return {};
  });
  if (!walked) return walked;
  if (!out) return Fail(ErrorCode::kUnavailable, "export: write failed");
  return {};
}

}  // namespace r1::reports
