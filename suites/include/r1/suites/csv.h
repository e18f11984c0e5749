// An RFC 4180 CSV reader: quoted fields may hold commas, doubled quotes and newlines; records
// end in LF or CRLF; a UTF-8 byte-order mark at the start is dropped. GPQA's CSV needs all of it.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "r1/core/error.h"

namespace r1::suites {

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  ///< each as long as the header
  /// 1-based line on which each row starts, for error messages.
  std::vector<int> row_lines;

  /// Column index by header name, or -1.
  int Column(std::string_view name) const;
};

/// Parses `text`; the first record is the header. A row with a different number of fields than
/// the header, or an unterminated quoted field, is kInvalidArgument naming `where` and the line.
/// A quote inside an unquoted field is kept as text (as Python's csv module does).
Result<CsvTable> ParseCsv(std::string_view text, const std::string& where);

}  // namespace r1::suites
