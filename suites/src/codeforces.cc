// Codeforces from open-r1/codeforces Parquet files; see codeforces.h.
#include "r1/suites/codeforces.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>

#include "r1/core/code_tests.h"
#include "r1/core/sha256.h"
#include "r1/parquet/parquet.h"
#include "r1/suites/date_window.h"
#include "r1/suites/declared.h"
#include "r1/suites/livecodebench.h"
#include "r1/suites/registry.h"
#include "r1/suites/row_suite.h"

namespace r1::suites {
namespace {

namespace fs = std::filesystem;
using parquet::Value;

constexpr std::string_view kPromptVersion = "cf-r1-1";

std::string Text(const Value& v) {
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  return "";
}
std::int64_t Int(const Value& v) {
  if (auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (auto* d = std::get_if<double>(&v)) return static_cast<std::int64_t>(std::llround(*d));
  return 0;
}
double Real(const Value& v) {
  if (auto* d = std::get_if<double>(&v)) return *d;
  if (auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  return 0;
}
bool Bool(const Value& v) {
  if (auto* b = std::get_if<bool>(&v)) return *b;
  return false;
}

// A flat column by name, or nulls when the file has no such column.
Result<std::vector<Value>> Flat(const parquet::File& file, const std::string& name, bool required) {
  const int c = file.FindColumn(name);
  if (c < 0) {
    if (required) return Fail(ErrorCode::kInvalidArgument, "no column '" + name + "'");
    return std::vector<Value>(static_cast<std::size_t>(file.num_rows()));
  }
  return file.ReadFlat(static_cast<std::size_t>(c));
}

// A list<struct<input, output>> column as per-row test lists.
Result<std::vector<std::vector<CodeforcesTest>>> Tests(const parquet::File& file, const std::string& name,
                                                       bool required) {
  const int in = file.FindColumn(name + ".list.element.input");
  const int out = file.FindColumn(name + ".list.element.output");
  std::vector<std::vector<CodeforcesTest>> rows(static_cast<std::size_t>(file.num_rows()));
  if (in < 0 || out < 0) {
    if (required) return Fail(ErrorCode::kInvalidArgument, "no list<struct<input, output>> column '" + name + "'");
    return rows;
  }
  auto inputs = file.ReadList(static_cast<std::size_t>(in));
  if (!inputs) return std::unexpected(inputs.error());
  auto outputs = file.ReadList(static_cast<std::size_t>(out));
  if (!outputs) return std::unexpected(outputs.error());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto& i = (*inputs)[r];
    const auto& o = (*outputs)[r];
    if (i.size() != o.size()) return Fail(ErrorCode::kInvalidArgument, name + ": inputs and outputs differ in number");
    for (std::size_t k = 0; k < i.size(); ++k) rows[r].push_back(CodeforcesTest{Text(i[k]), Text(o[k])});
  }
  return rows;
}

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// Codeforces' own division of problem ratings into bands of 400 points (the colours of the
// rating scale), so a breakdown has a handful of rows, not one per rating.
std::string RatingBand(int rating) {
  if (rating <= 0) return "unrated";
  if (rating < 1200) return "<1200";
  if (rating >= 2400) return "2400+";
  const int low = rating / 400 * 400;
  return std::to_string(low) + "-" + std::to_string(low + 399);
}

std::string OneLine(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  std::replace(text.begin(), text.end(), '\r', ' ');
  return text;
}

class CodeforcesSuite final : public Suite, public DeclaredProperties {
 public:
  CodeforcesSuite(std::unique_ptr<Suite> rows, std::string prompt_version,
                  std::vector<std::pair<std::string, std::string>> skipped)
      : rows_(std::move(rows)), prompt_version_(std::move(prompt_version)), skipped_(std::move(skipped)) {}
  std::string Name() const override { return "codeforces"; }
  std::string GraderKey() const override { return "codeforces"; }
  bool RatedLikeCodeforces() const override { return true; }
  std::vector<std::pair<std::string, std::string>> Skipped() const override { return skipped(); }
  std::string PromptVersion() const override { return prompt_version_; }
  std::string DataVersion() const override { return rows_->DataVersion(); }
  const std::vector<Problem>& Problems() const override { return rows_->Problems(); }
  Prompt Render(const Problem& problem, int sample_index) const override {
    return rows_->Render(problem, sample_index);
  }
  const std::vector<std::pair<std::string, std::string>>& skipped() const { return skipped_; }

 private:
  std::unique_ptr<Suite> rows_;
  std::string prompt_version_;
  std::vector<std::pair<std::string, std::string>> skipped_;
};

}  // namespace

Result<std::vector<CodeforcesRow>> ReadCodeforcesProblems(const std::string& path) {
  auto file = parquet::File::Read(path);
  if (!file) return std::unexpected(file.error());
  auto with_path = [&](Error e) { return std::unexpected(std::move(e).With(path)); };
  std::map<std::string, std::vector<Value>> cols;
  for (auto [name, required] : std::initializer_list<std::pair<const char*, bool>>{
           {"id", true}, {"contest_id", false}, {"contest_name", false}, {"contest_start", false},
           {"index", false}, {"title", false}, {"time_limit", false}, {"memory_limit", false},
           {"description", true}, {"input_format", false}, {"output_format", false},
           {"interaction_format", false}, {"note", false}, {"rating", false},
           {"official_tests_complete", false}, {"input_mode", false}, {"generated_checker", false}}) {
    auto values = Flat(*file, name, required);
    if (!values) return with_path(values.error());
    cols[name] = std::move(*values);
  }
  auto examples = Tests(*file, "examples", false);
  if (!examples) return with_path(examples.error());
  auto official = Tests(*file, "official_tests", true);
  if (!official) return with_path(official.error());

  std::vector<CodeforcesRow> rows(static_cast<std::size_t>(file->num_rows()));
  for (std::size_t r = 0; r < rows.size(); ++r) {
    CodeforcesRow& row = rows[r];
    row.id = Text(cols["id"][r]);
    row.contest_id = Int(cols["contest_id"][r]);
    row.contest_name = Text(cols["contest_name"][r]);
    row.contest_start = Int(cols["contest_start"][r]);
    row.index = Text(cols["index"][r]);
    row.title = Text(cols["title"][r]);
    row.time_limit_s = Real(cols["time_limit"][r]);
    row.memory_limit_mb = Real(cols["memory_limit"][r]);
    row.description = Text(cols["description"][r]);
    row.input_format = Text(cols["input_format"][r]);
    row.output_format = Text(cols["output_format"][r]);
    row.interaction_format = Text(cols["interaction_format"][r]);
    row.note = Text(cols["note"][r]);
    row.rating = Int(cols["rating"][r]);
    row.official_tests_complete = Bool(cols["official_tests_complete"][r]);
    const std::string mode = Text(cols["input_mode"][r]);
    row.input_mode = mode.empty() ? "stdio" : mode;
    row.generated_checker = Text(cols["generated_checker"][r]);
    row.examples = std::move((*examples)[r]);
    row.official_tests = std::move((*official)[r]);
    if (row.id.empty()) return Fail(ErrorCode::kInvalidArgument, path + ": row " + std::to_string(r + 1) + ": no id");
  }
  return rows;
}

Result<std::vector<std::pair<std::string, CodeforcesTest>>> ReadCodeforcesGeneratedTests(const std::string& path) {
  auto file = parquet::File::Read(path);
  if (!file) return std::unexpected(file.error());
  std::vector<std::vector<Value>> cols;
  for (const char* name : {"problem_id", "input", "output"}) {
    auto values = Flat(*file, name, true);
    if (!values) return std::unexpected(std::move(values.error()).With(path));
    cols.push_back(std::move(*values));
  }
  std::vector<std::pair<std::string, CodeforcesTest>> tests;
  for (std::size_t r = 0; r < cols[0].size(); ++r) {
    tests.emplace_back(Text(cols[0][r]), CodeforcesTest{Text(cols[1][r]), Text(cols[2][r])});
  }
  return tests;
}

std::string CodeforcesPrompt(const CodeforcesRow& row, CodeLanguage language) {
  const bool cpp = language == CodeLanguage::kCpp;
  std::string p =
      "You will be given a competitive programming problem. Please reason step by step about the "
      "solution, then provide a complete implementation in " +
      std::string(cpp ? "C++17" : "Python 3") + ".\n\n";
  p += cpp ? "Your solution must read input from standard input (cin), write output to standard output (cout).\n"
           : "Your solution must read input from standard input (input()), write output to standard output "
             "(print()).\n";
  p += "Do not include any debug prints or additional output.\n\n";
  p += "Put your final solution within a single code block:\n```" + std::string(cpp ? "cpp" : "python") +
       "\n<your code here>\n```\n\n";
  p += "# Problem\n\n" + row.description + "\n\n";
  p += "## Constraints\nTime limit per test: " + Number(row.time_limit_s) + " seconds\nMemory limit per test: " +
       Number(row.memory_limit_mb) + " megabytes\n\n";
  if (!row.input_format.empty()) p += "## Input Format\n" + row.input_format + "\n\n";
  if (!row.output_format.empty()) p += "## Output Format\n" + row.output_format + "\n\n";
  if (!row.examples.empty()) {
    p += "## Examples\n";
    for (const auto& e : row.examples) p += "```input\n" + e.input + "\n```\n```output\n" + e.output + "\n```\n";
    p += "\n";
  }
  if (!row.note.empty()) p += "## Note\n" + row.note + "\n";
  return p;
}

Result<std::unique_ptr<Suite>> MakeCodeforcesSuite(const SuiteOptions& options) {
  auto fail = [](Error e) { return std::unexpected(std::move(e).With("suite 'codeforces'")); };
  const std::string lang_name = options.language.empty() ? "cpp" : options.language;
  auto language = ParseCodeLanguage(lang_name);
  if (!language) return fail(MakeError(ErrorCode::kInvalidArgument, "--lang " + lang_name + ": expected cpp or python"));
  auto window = ResolveDateWindow(options.since, options.until, DateWindow{});
  if (!window) return fail(window.error());

  std::error_code ec;
  const fs::path dir = options.data_dir;
  if (!fs::is_directory(dir, ec)) return fail(MakeError(ErrorCode::kNotFound, dir.string() + ": no such folder"));
  std::vector<fs::path> files, generated_files;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.is_regular_file() && e.path().extension() == ".parquet") files.push_back(e.path());
  }
  for (const auto& e : fs::directory_iterator(dir / "generated_tests", ec)) {
    if (e.is_regular_file() && e.path().extension() == ".parquet") generated_files.push_back(e.path());
  }
  if (files.empty()) {
    return fail(MakeError(ErrorCode::kNotFound, dir.string() +
                                                    ": no *.parquet file (open-r1/codeforces data/test-00000-of-00001.parquet)"));
  }
  std::sort(files.begin(), files.end());
  std::sort(generated_files.begin(), generated_files.end());

  Sha256 hash;
  hash.Update(std::string(kPromptVersion) + "\n" + lang_name + "\n" + window->Describe() + "\n");
  std::map<std::string, std::vector<CodeforcesTest>> generated;
  for (const auto& path : generated_files) {
    hash.Update("generated_tests/" + path.filename().string() + "\n" + std::to_string(fs::file_size(path, ec)) + "\n");
    auto tests = ReadCodeforcesGeneratedTests(path.string());
    if (!tests) return fail(tests.error());
    for (auto& [id, t] : *tests) {
      hash.Update(id + "\n" + t.input + "\n" + t.output + "\n");
      generated[id].push_back(std::move(t));
    }
  }

  std::unique_ptr<CodeTestStore> store;
  if (!options.cache_dir.empty()) store = std::make_unique<CodeTestStore>(CodeTestsDir(options.cache_dir));
  LoadedRows loaded;
  std::vector<std::pair<std::string, std::string>> skipped;
  std::map<std::string, std::string> seen;
  for (const auto& path : files) {
    auto rows = ReadCodeforcesProblems(path.string());
    if (!rows) return fail(rows.error());
    hash.Update(path.filename().string() + "\n");
    for (auto& row : *rows) {
      if (!window->Contains(DayOfUnixTime(row.contest_start))) continue;
      if (auto [it, fresh] = seen.emplace(row.id, path.string()); !fresh) {
        return fail(MakeError(ErrorCode::kInvalidArgument,
                              path.string() + ": problem '" + row.id + "' is also in " + it->second));
      }
      if (!row.interaction_format.empty()) {
        skipped.emplace_back(row.id, "interactive");
        continue;
      }
      if (row.input_mode != "stdio") {
        skipped.emplace_back(row.id, "input_mode " + row.input_mode);
        continue;
      }
      std::vector<CodeTest> tests;
      if (row.official_tests_complete) {
        for (const auto& t : row.official_tests) tests.push_back(CodeTest{t.input, t.output});
      }
      const std::size_t official = tests.size();
      if (auto g = generated.find(row.id); g != generated.end()) {
        for (const auto& t : g->second) tests.push_back(CodeTest{t.input, t.output});
      }
      if (tests.empty()) {
        skipped.emplace_back(row.id, row.official_tests_complete ? "no tests" : "official tests incomplete, no generated tests");
        continue;
      }
      // Everything that decides the problem goes into the data version.
      const std::string tests_bytes = EncodeCodeTests(tests);
      hash.Update(row.id + "\n" + std::to_string(row.contest_start) + "\n" + Number(row.time_limit_s) + "\n" +
                  Number(row.memory_limit_mb) + "\n" + row.description + "\n" + row.generated_checker + "\n");
      hash.Update(tests_bytes);

      CodeProblemSpec spec;
      if (store) {
        auto key = store->Put(tests);
        if (!key) return fail(key.error());
        spec.tests_key = *key;
      } else {
        spec.tests_key = Sha256Hex(tests_bytes);
      }
      spec.tests = static_cast<int>(tests.size());
      spec.public_tests = static_cast<int>(std::min<std::size_t>(official, row.examples.size()));
      spec.language = lang_name == "python" ? "python" : "cpp";
      spec.time_limit_s = row.time_limit_s > 0 ? row.time_limit_s : 2.0;
      spec.memory_limit_mb = row.memory_limit_mb > 0 ? static_cast<std::int64_t>(row.memory_limit_mb) : 256;
      spec.checker = row.generated_checker;

      Problem p;
      p.id = row.id;
      p.question = CodeforcesPrompt(row, *language);
      p.gold = EncodeCodeProblemSpec(spec);
      p.meta = {{"date", DayOfUnixTime(row.contest_start)},
                {"contest_id", std::to_string(row.contest_id)},
                {"index", row.index},
                {"rating", row.rating > 0 ? std::to_string(row.rating) : ""},
                {"rating band", RatingBand(row.rating)},
                {"contest", OneLine(row.contest_name)},
                {"title", OneLine(row.title)}};
      loaded.problems.push_back(std::move(p));
    }
  }
  if (loaded.problems.empty()) {
    return fail(MakeError(ErrorCode::kInvalidArgument, "no judgeable problem dated " + window->Describe() + " in " +
                                                           dir.string() + " (" + std::to_string(skipped.size()) +
                                                           " skipped)"));
  }
  loaded.data_version = hash.HexDigest();
  RowSuiteConfig config;
  config.name = "codeforces";
  config.grader = "codeforces";
  config.prompt_version = std::string(kPromptVersion) + "-" + lang_name;
  config.prompt_template = "{question}";
  return std::unique_ptr<Suite>(std::make_unique<CodeforcesSuite>(
      MakeRowSuiteFromRows(config, std::move(loaded)), config.prompt_version, std::move(skipped)));
}

std::vector<std::pair<std::string, std::string>> CodeforcesSkipped(const Suite& suite) { return Skipped(suite); }

void RegisterCodeforces(SuiteRegistry& registry) {
  // No pinned download: the test split is one large Parquet file plus multi-GB generated tests;
  // `r1-eval suites` says where to put them (--data-dir DIR/codeforces/).
  SuiteEntry entry{"codeforces",
                   "Codeforces (open-r1/codeforces Parquet: official + generated tests, checkers); C++ by "
                   "default, --lang python; interactive problems skipped",
                   {},
                   [](const SuiteOptions& options) { return MakeCodeforcesSuite(options); },
                   /*self_contained=*/false,
                   /*problems=*/0};
  entry.data_note =
      "Put open-r1/codeforces data/test-00000-of-00001.parquet (Hugging Face) in DIR/codeforces/ and, "
      "optionally, its generated_tests/test_cases_NNNN.parquet in DIR/codeforces/generated_tests/";
  entry.breakdowns = {"rating band"};
  registry.Add(std::move(entry));
}

}  // namespace r1::suites
