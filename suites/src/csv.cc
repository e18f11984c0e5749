// RFC 4180 CSV parsing; see csv.h.
#include "r1/suites/csv.h"

namespace r1::suites {

int CsvTable::Column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  return -1;
}

Result<CsvTable> ParseCsv(std::string_view text, const std::string& where) {
  if (text.starts_with("\xef\xbb\xbf")) text.remove_prefix(3);
  CsvTable table;
  std::vector<std::string> record;
  std::string field;
  int line = 1;
  int record_line = 1;
  bool in_quotes = false;
  bool field_quoted = false;
  int quote_line = 0;

  auto end_record = [&]() -> Status {
    // A blank line (one empty unquoted field) is not a record.
    const bool blank = record.empty() && field.empty() && !field_quoted;
    record.push_back(std::move(field));
    field.clear();
    field_quoted = false;
    if (!blank) {
      if (table.header.empty()) {
        table.header = std::move(record);
      } else if (record.size() != table.header.size()) {
        return Fail(ErrorCode::kInvalidArgument, where + ": line " + std::to_string(record_line) +
                                                     ": " + std::to_string(record.size()) +
                                                     " fields, the header has " +
                                                     std::to_string(table.header.size()));
      } else {
        table.rows.push_back(std::move(record));
        table.row_lines.push_back(record_line);
      }
    }
    record.clear();
    return {};
  };

  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    switch (c) {
      case '"':
        if (field.empty() && !field_quoted) {
          in_quotes = true;
          field_quoted = true;
          quote_line = line;
        } else {
          field += c;
        }
        break;
      case ',':
        record.push_back(std::move(field));
        field.clear();
        field_quoted = false;
        break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') break;  // CRLF: the LF ends the record
        field += c;
        break;
      case '\n':
        if (auto s = end_record(); !s) return std::unexpected(s.error());
        ++line;
        record_line = line;
        break;
      default:
        field += c;
    }
  }
  if (in_quotes) {
    return Fail(ErrorCode::kInvalidArgument,
                where + ": line " + std::to_string(quote_line) + ": unterminated quoted field");
  }
  if (!field.empty() || field_quoted || !record.empty()) {
    if (auto s = end_record(); !s) return std::unexpected(s.error());
  }
  if (table.header.empty()) return Fail(ErrorCode::kInvalidArgument, where + ": empty CSV");
  return table;
}

}  // namespace r1::suites
