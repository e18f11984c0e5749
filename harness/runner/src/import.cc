// Importing foreign generations; see import.h.
#include "r1/runner/import.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "r1/core/json_text.h"
#include "r1/core/text.h"

namespace r1::runner {
namespace {

using nlohmann::json;

std::string Normalize(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

Result<std::vector<json>> ReadRecords(const std::string& path) {
  auto read = ReadFileText(path);
  if (!read) return std::unexpected(read.error());
  const std::string& bytes = *read;
  std::vector<json> records;
  std::size_t first = bytes.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && bytes[first] == '[') {
    json all = json::parse(bytes, nullptr, false);
    if (all.is_discarded()) return Fail(ErrorCode::kInvalidArgument, path + ": not valid JSON");
    for (auto& r : all) records.push_back(std::move(r));
    return records;
  }
  std::size_t line_no = 0;
  for (std::size_t pos = 0; pos < bytes.size();) {
    std::size_t nl = bytes.find('\n', pos);
    std::string_view line(bytes.data() + pos, (nl == std::string::npos ? bytes.size() : nl) - pos);
    pos = nl == std::string::npos ? bytes.size() : nl + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    json record = json::parse(line, nullptr, false);
    if (record.is_discarded()) {
      return Fail(ErrorCode::kInvalidArgument,
                  path + ": line " + std::to_string(line_no) + ": not valid JSON");
    }
    records.push_back(std::move(record));
  }
  return records;
}

// A field that holds one string or a list of strings.
Result<std::vector<std::string>> Strings(const json& value, const std::string& where) {
  std::vector<std::string> out;
  if (value.is_string()) {
    out.push_back(value.get<std::string>());
    return out;
  }
  if (value.is_array()) {
    for (const auto& item : value) {
      if (!item.is_string()) return Fail(ErrorCode::kInvalidArgument, where + ": not all strings");
      out.push_back(item.get<std::string>());
    }
    return out;
  }
  return Fail(ErrorCode::kInvalidArgument, where + ": expected a string or a list of strings");
}

}  // namespace

Result<std::vector<ImportedProblem>> ReadImport(const std::string& path, const Suite& suite,
                                                const ImportFields& fields) {
  auto records = ReadRecords(path);
  if (!records) return std::unexpected(records.error());
  std::map<std::string, const Problem*> by_id, by_text;
  for (const auto& p : suite.Problems()) {
    by_id[p.id] = &p;
    by_text[Normalize(p.question)] = &p;
  }
  std::vector<ImportedProblem> out;
  std::map<const Problem*, std::size_t> seen;
  for (std::size_t i = 0; i < records->size(); ++i) {
    const json& r = (*records)[i];
    const std::string where = path + ": record " + std::to_string(i + 1);
    if (!r.is_object()) return Fail(ErrorCode::kInvalidArgument, where + ": not a JSON object");
    auto response = r.find(fields.response);
    if (response == r.end()) {
      return Fail(ErrorCode::kInvalidArgument,
                  where + ": missing field '" + fields.response + "' (set --response-field)");
    }
    ImportedProblem imported;
    auto responses = Strings(*response, where + ": field '" + fields.response + "'");
    if (!responses) return std::unexpected(responses.error());
    imported.responses = std::move(*responses);
    if (!fields.finish_reason.empty()) {
      if (auto f = r.find(fields.finish_reason); f != r.end()) {
        auto reasons = Strings(*f, where + ": field '" + fields.finish_reason + "'");
        if (!reasons) return std::unexpected(reasons.error());
        if (reasons->size() != imported.responses.size()) {
          return Fail(ErrorCode::kInvalidArgument,
                      where + ": " + std::to_string(reasons->size()) + " finish reasons for " +
                          std::to_string(imported.responses.size()) + " responses");
        }
        imported.finish_reasons = std::move(*reasons);
      }
    }
    if (!fields.id.empty()) {
      if (auto id = r.find(fields.id); id != r.end() && by_id.contains(JsonScalarText(*id))) {
        imported.problem = by_id[JsonScalarText(*id)];
      }
    }
    std::string text_hint;
    if (!imported.problem) {
      auto text = r.find(fields.problem);
      if (text != r.end() && text->is_string()) {
        std::string normalized = Normalize(text->get<std::string>());
        if (auto hit = by_text.find(normalized); hit != by_text.end()) imported.problem = hit->second;
        text_hint = normalized.substr(0, 60);
      }
    }
    if (!imported.problem) {
      std::string what = fields.id.empty() ? "" : "id field '" + fields.id + "' or ";
      return Fail(ErrorCode::kInvalidArgument,
                  where + ": matches no problem of suite '" + suite.Name() + "' by " + what +
                      "problem text (field '" + fields.problem + "': \"" + text_hint + "...\")");
    }
    if (auto [it, inserted] = seen.try_emplace(imported.problem, i); !inserted) {
      return Fail(ErrorCode::kInvalidArgument,
                  where + ": problem '" + imported.problem->id + "' already given by record " +
                      std::to_string(it->second + 1));
    }
    out.push_back(std::move(imported));
  }
  if (out.empty()) return Fail(ErrorCode::kInvalidArgument, path + ": no records");
  return out;
}

Completion SplitOpenedThinking(std::string_view response) {
  Completion c;
  constexpr std::string_view kClose = "</think>", kOpen = "<think>";
  const std::size_t close = response.rfind(kClose);
  std::string_view thinking = close == std::string_view::npos ? response : response.substr(0, close);
  const std::size_t start = thinking.find_first_not_of(" \t\r\n");
  if (start != std::string_view::npos && thinking.substr(start).starts_with(kOpen)) {
    thinking.remove_prefix(start + kOpen.size());
  }
  c.reasoning = std::string(thinking);
  if (close != std::string_view::npos) c.content = std::string(response.substr(close + kClose.size()));
  return c;
}

Result<ImportReport> ImportRun(store::Store& store, store::RunSpec spec, const Suite& suite,
                               const Grader& grader, const std::vector<ImportedProblem>& records,
                               bool think_opened) {
  int k = 0;
  for (const auto& r : records) k = std::max<int>(k, r.responses.size());
  spec.samples_per_problem = k;
  bool created = false;
  auto run = store.OpenRun(spec, /*fresh=*/false, &created);
  if (!run) return std::unexpected(run.error());
  // Importing into a run that exists would keep its samples and silently drop the new ones
  // (a successful sample is never replaced): refuse, naming the run.
  if (!created) {
    return Fail(ErrorCode::kInvalidArgument,
                "run " + std::to_string(run->id) +
                    (run->label.empty() ? "" : " ('" + run->label + "')") +
                    " already holds an import of " + run->suite +
                    " with these settings; give "
                    "--label NAME (a new run) or another --db");
  }
  ImportReport report;
  report.run = *run;
  std::vector<Problem> problems;
  for (const auto& r : records) problems.push_back(*r.problem);
  // Keep the suite's order so reports line up with runs sampled here.
  std::vector<Problem> ordered;
  for (const auto& p : suite.Problems()) {
    for (const auto& q : problems) {
      if (q.id == p.id) ordered.push_back(q);
    }
  }
  auto stored = store.Transaction([&]() -> Status {
    if (auto s = store.PutProblems(run->id, ordered); !s) return s;
    for (const auto& r : records) {
      ++report.problems;
      for (std::size_t i = 0; i < r.responses.size(); ++i) {
        Completion c;
        if (think_opened) {
          c = SplitOpenedThinking(r.responses[i]);
        } else {
          c.content = r.responses[i];
        }
        c.finish_reason = r.finish_reasons.empty() ? "" : r.finish_reasons[i];
        c.attempts = 0;  // never asked by us
        auto write = store.PutSample(run->id, r.problem->id, static_cast<int>(i), c, "");
        if (!write) return std::unexpected(write.error());
        if (!write->written) continue;
        Grade grade = grader.GradeCompletion(*r.problem, c, "");
        if (auto g = store.PutGrade(write->id, grade, grader.Version()); !g) return g;
        ++report.samples;
      }
    }
    return {};
  });
  if (!stored) return std::unexpected(stored.error());
  (void)store.MarkFinished(run->id);
  return report;
}

}  // namespace r1::runner
