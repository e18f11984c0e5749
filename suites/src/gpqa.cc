// GPQA Diamond: 198 four-way multiple-choice questions (Rein et al. 2023). Sources, formats and
// the shuffling in other harnesses: shared/docs/reference/datasets.md section 4.
//
// The authors ask that the questions never be published in plain text. This file therefore
// never puts question or option text into errors (they name files, lines and Record IDs), and
// the pinned download is their password-protected archive, kept in the user's cache.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "r1/core/sha256.h"
#include "r1/core/text.h"
#include "r1/suites/choice_suite.h"
#include "r1/suites/csv.h"
#include "r1/suites/registry.h"
#include "r1/suites/zip_reader.h"

namespace r1::suites {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kCsvName = "gpqa_diamond.csv";
constexpr std::string_view kZipName = "dataset.zip";
// Published in the README of github.com/idavidrein/gpqa as the archive's password; it is an
// anti-crawler measure, not a secret.
constexpr std::string_view kZipPassword = "deserted-untie-orchid";

Result<std::string> ReadBytes(const fs::path& path) { return ReadFileText(path.string()); }

}  // namespace

Result<ChoiceRows> ParseGpqaCsv(std::string_view csv, const std::string& where) {
  auto table = ParseCsv(csv, where);
  if (!table) return std::unexpected(table.error());
  const char* required[] = {"Question",           "Correct Answer",     "Incorrect Answer 1",
                            "Incorrect Answer 2", "Incorrect Answer 3", "Record ID"};
  int col[6];
  for (int i = 0; i < 6; ++i) {
    col[i] = table->Column(required[i]);
    if (col[i] < 0) {
      return Fail(ErrorCode::kInvalidArgument, where + ": missing column '" + required[i] + "'");
    }
  }
  const int domain = table->Column("High-level domain");
  const int subdomain = table->Column("Subdomain");
  ChoiceRows rows;
  for (std::size_t r = 0; r < table->rows.size(); ++r) {
    const auto& row = table->rows[r];
    const std::string line = where + ": line " + std::to_string(table->row_lines[r]);
    Problem p;
    p.id = row[col[5]];
    if (p.id.empty()) return Fail(ErrorCode::kInvalidArgument, line + ": empty 'Record ID'");
    p.question = row[col[0]];
    p.gold = row[col[1]];
    for (int i = 0; i < 5; ++i) {
      if (row[col[i]].find_first_not_of(" \t\r\n") == std::string::npos) {
        return Fail(ErrorCode::kInvalidArgument,
                    line + " (Record ID " + p.id + "): empty '" + required[i] + "'");
      }
    }
    if (domain >= 0) p.meta.emplace_back("domain", row[domain]);
    if (subdomain >= 0) p.meta.emplace_back("subdomain", row[subdomain]);
    rows.options.push_back({row[col[1]], row[col[2]], row[col[3]], row[col[4]]});
    rows.correct.push_back(0);
    rows.problems.push_back(std::move(p));
  }
  if (rows.problems.empty()) return Fail(ErrorCode::kInvalidArgument, where + ": no rows");
  rows.data_version = Sha256Hex(csv);
  return rows;
}

Result<ChoiceRows> LoadGpqaDir(const std::string& dir) {
  std::error_code ec;
  fs::path csv = fs::path(dir) / kCsvName;
  if (fs::exists(csv, ec)) {
    auto bytes = ReadBytes(csv);
    if (!bytes) return std::unexpected(bytes.error());
    return ParseGpqaCsv(*bytes, csv.string());
  }
  fs::path zip = fs::path(dir) / kZipName;
  if (!fs::exists(zip, ec)) {
    return Fail(ErrorCode::kNotFound, dir + ": neither " + std::string(kCsvName) + " nor " +
                                          std::string(kZipName) + " is there");
  }
  auto archive = ReadBytes(zip);
  if (!archive) return std::unexpected(archive.error());
  auto entries = ListZip(*archive, zip.string());
  if (!entries) return std::unexpected(entries.error());
  for (const auto& entry : *entries) {
    if (entry.name != kCsvName && !entry.name.ends_with("/" + std::string(kCsvName))) continue;
    auto bytes = ExtractZipEntry(*archive, entry, kZipPassword, zip.string());
    if (!bytes) return std::unexpected(bytes.error());
    return ParseGpqaCsv(*bytes, zip.string() + ": " + entry.name);
  }
  return Fail(ErrorCode::kInvalidArgument,
              zip.string() + ": has no member " + std::string(kCsvName));
}

void RegisterGpqa(SuiteRegistry& registry) {
  registry.Add(SuiteEntry{
      "gpqa-diamond",
      "GPQA Diamond, 198 questions, 4 shuffled choices (idavidrein/gpqa dataset.zip)",
      // Third-party pin of the authors' archive (datasets.md section 4): if GitHub serves other
      // bytes the download is refused; put gpqa_diamond.csv in --data-dir DIR/gpqa-diamond/.
      {{std::string(kZipName),
        "https://raw.githubusercontent.com/idavidrein/gpqa/"
        "56686c06f5e19865c153de0fdb11be3890014df7/dataset.zip",
        "461ae7329f15a3e35f8184d2dac24b990f34fdf12f366ca4062d8e6638cd08dc"}},
      [](const SuiteOptions& options) -> Result<std::unique_ptr<Suite>> {
        auto rows = LoadGpqaDir(options.data_dir);
        if (!rows) return std::unexpected(std::move(rows.error()).With("suite 'gpqa-diamond'"));
        ChoiceSuiteConfig config;
        config.name = "gpqa-diamond";
        config.prompt_version = "simple-evals-mc-1";
        return MakeChoiceSuite(config, std::move(*rows));
      },
      /*self_contained=*/false,
      /*problems=*/198,
      "Instead of dataset.zip, gpqa_diamond.csv works in the same folder: from the gated "
      "Hugging Face dataset Idavidrein/gpqa (accept its terms; set HF_TOKEN) or OpenAI's "
      "simple-evals mirror.",
      /*variants=*/"",
      /*breakdowns=*/{"domain"}});
}

}  // namespace r1::suites
