// A small Apache Parquet reader: enough of the format for the benchmark files this project
// loads (Hugging Face and pandas exports: AIME, HMMT, Codeforces-shaped list<struct> columns),
// and nothing it does not need. Supported: DataPage V1 and V2, dictionary pages, PLAIN and
// RLE_DICTIONARY / PLAIN_DICTIONARY values (including the dictionary-then-PLAIN fallback),
// RLE/bit-packed levels, codecs UNCOMPRESSED, SNAPPY, GZIP and ZSTD, flat columns, structs and
// one level of lists (the 3-level LIST form). Anything else (DELTA_* or BYTE_STREAM_SPLIT
// encodings, LZ4/BROTLI, lists of lists) is a clear kInvalidArgument "unsupported ..." error,
// never garbage. Page CRCs and statistics are ignored.
//
// The whole file is read into memory: the target files are megabytes, not gigabytes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "r1/core/error.h"

namespace r1::parquet {

enum class PhysicalType {
  kBoolean = 0,
  kInt32 = 1,
  kInt64 = 2,
  kInt96 = 3,
  kFloat = 4,
  kDouble = 5,
  kByteArray = 6,
  kFixedLenByteArray = 7,
};

/// One cell. INT32 widens to int64, FLOAT to double; BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY and INT96
/// are bytes. monostate is null.
using Value = std::variant<std::monostate, bool, std::int64_t, double, std::string>;

/// A leaf (primitive) column, named by its dotted path, e.g. "messages.list.element.role".
struct Column {
  std::string path;
  std::vector<std::string> path_parts;
  PhysicalType type = PhysicalType::kByteArray;
  bool is_string = false;  ///< BYTE_ARRAY annotated UTF8 / STRING
  int max_definition = 0;
  int max_repetition = 0;
  /// For a column inside a list: the definition level at which a list element exists, and the
  /// index in path_parts of the repeated group ("list"); -1 outside lists.
  int element_definition = 0;
  int repeated_part = -1;
};

/// What a column chunk holds before it is assembled into rows.
struct ColumnData {
  std::vector<Value> values;             ///< defined values only, in order
  std::vector<std::int16_t> definition;  ///< one per level entry; empty when max_definition == 0
  std::vector<std::int16_t> repetition;  ///< one per level entry; empty when max_repetition == 0
  std::size_t entries = 0;               ///< level entries (== values.size() when flat)
  std::size_t dictionary_pages = 0;
  std::size_t dictionary_values = 0;  ///< entries of the (last) dictionary page
  std::size_t data_pages = 0;
};

class File {
 public:
  /// Parses the footer of `bytes` (the whole file). `where` names the file in errors.
  static Result<File> Parse(std::string bytes, std::string where);
  static Result<File> Read(const std::string& path);

  std::int64_t num_rows() const { return num_rows_; }
  std::size_t num_row_groups() const { return row_groups_.size(); }
  std::int64_t row_group_rows(std::size_t group) const { return row_groups_[group].rows; }
  const std::vector<Column>& columns() const { return columns_; }
  const std::string& created_by() const { return created_by_; }
  /// Footer key-value metadata (e.g. "ARROW:schema", "huggingface").
  const std::vector<std::pair<std::string, std::string>>& metadata() const { return metadata_; }

  /// Index of a leaf column by dotted path, or -1.
  int FindColumn(std::string_view path) const;

  /// Decodes one column chunk: values plus levels, no assembly.
  Result<ColumnData> ReadChunk(std::size_t group, std::size_t column) const;

  /// A flat column (max_repetition 0) over all row groups: one Value per row, null where any
  /// level above the leaf is null.
  Result<std::vector<Value>> ReadFlat(std::size_t column) const;

  /// A column inside one list (max_repetition 1): per row, the element values (null elements
  /// as monostate); a null or empty list gives an empty vector.
  Result<std::vector<std::vector<Value>>> ReadList(std::size_t column) const;

 private:
  struct ChunkMeta {
    PhysicalType type = PhysicalType::kByteArray;
    int codec = 0;
    std::int64_t num_values = 0;
    std::int64_t data_page_offset = 0;
    std::int64_t dictionary_page_offset = -1;
    std::int64_t total_compressed_size = 0;
  };
  struct RowGroup {
    std::int64_t rows = 0;
    std::vector<ChunkMeta> chunks;
  };
  File() = default;

  std::string bytes_;
  std::string where_;
  std::int64_t num_rows_ = 0;
  std::string created_by_;
  std::vector<Column> columns_;
  std::vector<int> type_lengths_;  ///< FIXED_LEN_BYTE_ARRAY widths, per column
  std::vector<RowGroup> row_groups_;
  std::vector<std::pair<std::string, std::string>> metadata_;
};

/// Decodes `count` values of the RLE / bit-packed hybrid encoding (no length prefix).
/// Exposed for tests. Sets *ok to false on malformed or short input.
std::vector<std::uint32_t> DecodeHybrid(std::string_view data, int bit_width, std::size_t count,
                                        bool* ok);

}  // namespace r1::parquet
