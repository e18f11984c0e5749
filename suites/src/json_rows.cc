// Generic JSON-rows loader; see json_rows.h.
#include "r1/suites/json_rows.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "r1/core/json_text.h"
#include "r1/core/sha256.h"
#include "r1/core/text.h"
#include "r1/parquet/parquet.h"

namespace r1::suites {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const json* FirstPresent(const json& row, const std::vector<std::string>& names) {
  for (const auto& name : names) {
    auto it = row.find(name);
    if (it != row.end() && !it->is_null()) return &*it;
  }
  return nullptr;
}

std::string FieldNames(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "'" : " or '") + n + "'";
  return out;
}

Status AddRow(const json& row, const std::string& where, const FieldSpec& fields,
              std::vector<Problem>& out) {
  if (!row.is_object()) return Fail(ErrorCode::kInvalidArgument, where + ": not a JSON object");
  const json* question = FirstPresent(row, fields.question);
  if (!question || !question->is_string()) {
    return Fail(ErrorCode::kInvalidArgument,
                where + ": missing field " + FieldNames(fields.question) + " (a string)");
  }
  const json* answer = FirstPresent(row, fields.answer);
  const bool answer_ok = answer && (answer->is_string() || answer->is_number() ||
                                    (fields.structured_answer && answer->is_structured()));
  if (!answer_ok) {
    return Fail(ErrorCode::kInvalidArgument,
                where + ": missing field " + FieldNames(fields.answer) +
                    (fields.structured_answer ? " (a string, number, object or array)"
                                              : " (a string or number)"));
  }
  Problem p;
  const json* id = FirstPresent(row, fields.id);
  p.id = id ? JsonScalarText(*id) : where;
  p.question = question->get<std::string>();
  p.gold = JsonScalarText(*answer);
  for (const auto& name : fields.meta) {
    auto it = row.find(name);
    if (it != row.end() && !it->is_null()) p.meta.emplace_back(name, JsonScalarText(*it));
  }
  out.push_back(std::move(p));
  return {};
}

// Rows of one file: one JSON array, or JSON lines (the last line may lack its newline).
Status ParseRows(const std::string& name, std::string_view bytes, const FieldSpec& fields,
                 std::vector<Problem>& out) {
  std::size_t first = bytes.find_first_not_of(" \t\r\n\xef\xbb\xbf");
  if (first != std::string::npos && bytes[first] == '[') {
    json rows = json::parse(bytes, nullptr, /*allow_exceptions=*/false);
    if (rows.is_discarded()) return Fail(ErrorCode::kInvalidArgument, name + ": not valid JSON");
    for (std::size_t i = 0; i < rows.size(); ++i) {
      auto s = AddRow(rows[i], name + ": item " + std::to_string(i + 1), fields, out);
      if (!s) return s;
    }
    return {};
  }
  std::size_t line_no = 0;
  for (std::size_t pos = 0; pos < bytes.size();) {
    std::size_t nl = bytes.find('\n', pos);
    std::string_view line = bytes.substr(pos, (nl == std::string::npos ? bytes.size() : nl) - pos);
    pos = nl == std::string::npos ? bytes.size() : nl + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    json row = json::parse(line, nullptr, /*allow_exceptions=*/false);
    std::string where = name + ": line " + std::to_string(line_no);
    if (row.is_discarded()) return Fail(ErrorCode::kInvalidArgument, where + ": not valid JSON");
    auto s = AddRow(row, where, fields, out);
    if (!s) return s;
  }
  return {};
}

nlohmann::json ToJson(const parquet::Value& v) {
  if (auto* b = std::get_if<bool>(&v)) return *b;
  if (auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (auto* d = std::get_if<double>(&v)) return *d;
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  return nullptr;
}

// Parquet rows as the JSON objects the JSON files would hold: struct columns become nested
// objects, list columns arrays (of values, or of objects for list<struct>).
Result<std::vector<json>> ParquetRows(const parquet::File& file) {
  std::vector<json> rows(static_cast<std::size_t>(file.num_rows()), json::object());
  for (std::size_t c = 0; c < file.columns().size(); ++c) {
    const parquet::Column& col = file.columns()[c];
    if (col.max_repetition == 0) {
      auto values = file.ReadFlat(c);
      if (!values) return std::unexpected(values.error());
      for (std::size_t r = 0; r < rows.size(); ++r) {
        json* at = &rows[r];
        for (const auto& part : col.path_parts) at = &(*at)[part];
        *at = ToJson((*values)[r]);
      }
      continue;
    }
    auto lists = file.ReadList(c);
    if (!lists) return std::unexpected(lists.error());
    // parts: <column...> <repeated "list"> <"element"> <struct fields...>
    const auto parts = col.path_parts;
    const std::size_t repeated = static_cast<std::size_t>(col.repeated_part);
    for (std::size_t r = 0; r < rows.size(); ++r) {
      json* list = &rows[r];
      for (std::size_t i = 0; i < repeated; ++i) list = &(*list)[parts[i]];
      if (!list->is_array()) *list = json::array();
      const auto& elements = (*lists)[r];
      for (std::size_t e = 0; e < elements.size(); ++e) {
        if (list->size() <= e) list->push_back(nullptr);
        json* at = &(*list)[e];
        for (std::size_t i = repeated + 2; i < parts.size(); ++i) at = &(*at)[parts[i]];
        *at = ToJson(elements[e]);
      }
    }
  }
  return rows;
}

// Ids must be unique and there must be rows; the version is the hash of what was read.
Result<LoadedRows> Finish(const std::string& where, LoadedRows loaded, Sha256& hasher) {
  std::set<std::string> seen;
  for (const auto& p : loaded.problems) {
    if (!seen.insert(p.id).second) {
      return Fail(ErrorCode::kInvalidArgument, where + ": duplicate problem id '" + p.id + "'");
    }
  }
  if (loaded.problems.empty()) return Fail(ErrorCode::kInvalidArgument, where + ": no rows");
  loaded.data_version = hasher.HexDigest();
  return loaded;
}

}  // namespace

Result<LoadedRows> LoadJsonRows(const std::string& dir, const FieldSpec& fields) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Fail(ErrorCode::kNotFound, dir + ": no such folder");
  }
  std::vector<fs::path> files, parquet_files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    auto ext = entry.path().extension();
    if (!entry.is_regular_file()) continue;
    if (ext == ".jsonl" || ext == ".json") files.push_back(entry.path());
    if (ext == ".parquet") parquet_files.push_back(entry.path());
  }
  if (ec) return Fail(ErrorCode::kNotFound, dir + ": " + ec.message());
  // Parquet is read only when there is no JSON: a folder holding both copies of one data set
  // (a JSONL pin plus the Hugging Face Parquet) must not count every problem twice.
  const bool parquet = files.empty();
  if (parquet) files = std::move(parquet_files);
  if (files.empty()) return Fail(ErrorCode::kNotFound, dir + ": no *.jsonl, *.json or *.parquet file");
  std::sort(files.begin(), files.end());

  LoadedRows loaded;
  Sha256 hasher;
  for (const auto& path : files) {
    auto read = ReadFileText(path.string());
    if (!read) return std::unexpected(read.error());
    const std::string& bytes = *read;
    hasher.Update(path.filename().string());
    hasher.Update(std::string_view("\0", 1));
    hasher.Update(bytes);
    if (parquet) {
      auto file = parquet::File::Parse(bytes, path.string());
      if (!file) return std::unexpected(file.error());
      auto rows = ParquetRows(*file);
      if (!rows) return std::unexpected(rows.error());
      for (std::size_t i = 0; i < rows->size(); ++i) {
        auto s = AddRow((*rows)[i], path.string() + ": row " + std::to_string(i + 1), fields,
                        loaded.problems);
        if (!s) return std::unexpected(s.error());
      }
      continue;
    }
    if (auto s = ParseRows(path.string(), bytes, fields, loaded.problems); !s) {
      return std::unexpected(s.error());
    }
  }
  return Finish(dir, std::move(loaded), hasher);
}

Result<LoadedRows> LoadJsonRowsFile(const std::string& path, const FieldSpec& fields) {
  auto read = ReadFileText(path);
  if (!read) return std::unexpected(read.error());
  return LoadJsonRowsText(path, *read, fields);
}

Result<LoadedRows> LoadJsonRowsText(const std::string& name, std::string_view text,
                                    const FieldSpec& fields) {
  LoadedRows loaded;
  Sha256 hasher;
  hasher.Update(fs::path(name).filename().string());
  hasher.Update(std::string_view("\0", 1));
  hasher.Update(text);
  if (auto s = ParseRows(name, text, fields, loaded.problems); !s) return std::unexpected(s.error());
  return Finish(name, std::move(loaded), hasher);
}

}  // namespace r1::suites
