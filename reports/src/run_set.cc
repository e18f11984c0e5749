// Run selection and report files; see run_set.h.
#include "r1/reports/run_set.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "r1/reports/formats.h"

namespace r1::reports {

Result<std::unique_ptr<store::Store>> OpenExistingStore(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return Fail(ErrorCode::kNotFound, "store '" + path + "' does not exist (pass --db FILE)");
  }
  return store::Store::Open(path);
}

Result<std::vector<store::RunRecord>> SelectRuns(store::Store& store, const std::string& selector) {
  std::vector<store::RunRecord> out;
  std::size_t start = 0;
  while (start <= selector.size()) {
    const std::size_t comma = std::min(selector.find(',', start), selector.size());
    const std::string part = selector.substr(start, comma - start);
    start = comma + 1;
    if (part.empty()) continue;
    auto run = store.FindRun(part);
    if (run) {
      out.push_back(*run);
      continue;
    }
    if (run.error().code != ErrorCode::kNotFound) return std::unexpected(run.error());
    // Not an id or label: a model name stands for its newest run of each suite.
    auto all = store.Runs();
    if (!all) return std::unexpected(all.error());
    std::map<std::string, store::RunRecord> newest;
    for (const auto& r : *all) {
      if (r.model != part) continue;
      auto [it, inserted] = newest.emplace(r.suite, r);
      if (!inserted && r.id > it->second.id) it->second = r;
    }
    if (newest.empty()) {
      return Fail(ErrorCode::kNotFound, "no run with id or label '" + part + "' and no runs of a model named '" +
                                            part + "'");
    }
    for (auto& [_, r] : newest) out.push_back(std::move(r));
  }
  if (out.empty()) return Fail(ErrorCode::kInvalidArgument, "no runs named (empty selector)");
  return out;
}

Result<std::vector<RunSummary>> LoadRunSet(const std::string& selector, const std::string& db_path) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(selector, ec)) {
    std::ifstream in(selector, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) return Fail(ErrorCode::kUnavailable, selector + ": cannot read");
    auto runs = ParseJsonReport(text);
    if (!runs) return std::unexpected(std::move(runs.error()).With(selector));
    if (runs->empty()) return Fail(ErrorCode::kInvalidArgument, selector + ": the report has no runs");
    return runs;
  }
  auto store = OpenExistingStore(db_path);
  if (!store) {
    if (store.error().code == ErrorCode::kNotFound) {
      return Fail(ErrorCode::kNotFound,
                  "'" + selector + "' is not a report file, and store '" + db_path + "' does not exist (pass --db FILE)");
    }
    return std::unexpected(store.error());
  }
  auto records = SelectRuns(**store, selector);
  if (!records) return std::unexpected(records.error());
  std::vector<RunSummary> out;
  for (const auto& r : *records) {
    auto s = Summarize(**store, r);
    if (!s) return std::unexpected(s.error());
    out.push_back(std::move(*s));
  }
  return out;
}

Status WriteFileAtomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    out << text;
    out.flush();
    if (!out) return Fail(ErrorCode::kUnavailable, path + ": cannot write");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Fail(ErrorCode::kUnavailable, path + ": " + ec.message());
  return {};
}

}  // namespace r1::reports
