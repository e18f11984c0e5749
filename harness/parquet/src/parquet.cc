// Parquet footer, page and value decoding; see parquet.h. Format: apache/parquet-format
// (parquet.thrift, Encodings.md).
#include "r1/parquet/parquet.h"

#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>

#include "r1/core/text.h"
#include "thrift.h"

namespace r1::parquet {
namespace {

constexpr int kRequired = 0;
constexpr int kRepeated = 2;

enum PageType { kDataPage = 0, kIndexPage = 1, kDictionaryPage = 2, kDataPageV2 = 3 };
enum Encoding { kPlain = 0, kPlainDictionary = 2, kRle = 3, kRleDictionary = 8 };
enum Codec { kUncompressed = 0, kSnappy = 1, kGzip = 2, kZstd = 6 };

const char* CodecName(int codec) {
  static const char* kNames[] = {"UNCOMPRESSED", "SNAPPY", "GZIP", "LZO",
                                 "BROTLI",       "LZ4",    "ZSTD", "LZ4_RAW"};
  return codec >= 0 && codec < 8 ? kNames[codec] : "unknown";
}

struct SchemaNode {
  std::string name;
  int type = -1;  // -1: group
  int type_length = 0;
  int repetition = kRequired;
  int num_children = 0;
  int converted_type = -1;
  bool logical_string = false;
};

std::uint32_t U32(std::string_view b, std::size_t at) {
  std::uint32_t v;
  std::memcpy(&v, b.data() + at, 4);
  return v;  // Parquet is little-endian, and so is every platform this builds on
}

Result<std::string> Decompress(int codec, std::string_view src, std::size_t size,
                               const std::string& where) {
  std::string out(size, '\0');
  switch (codec) {
    case kUncompressed:
      if (src.size() != size)
        return Fail(ErrorCode::kInvalidArgument, where + ": page size mismatch");
      return std::string(src);
    case kSnappy: {
      std::size_t n = size;
      if (snappy_uncompress(src.data(), src.size(), out.data(), &n) != SNAPPY_OK || n != size) {
        return Fail(ErrorCode::kInvalidArgument, where + ": corrupt SNAPPY page");
      }
      return out;
    }
    case kZstd: {
      std::size_t n = ZSTD_decompress(out.data(), out.size(), src.data(), src.size());
      if (ZSTD_isError(n) || n != size) {
        return Fail(ErrorCode::kInvalidArgument, where + ": corrupt ZSTD page");
      }
      return out;
    }
    case kGzip: {
      z_stream z{};
      if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
        return Fail(ErrorCode::kInternal, "zlib init failed");
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(src.data()));
      z.avail_in = static_cast<uInt>(src.size());
      z.next_out = reinterpret_cast<Bytef*>(out.data());
      z.avail_out = static_cast<uInt>(out.size());
      int rc = inflate(&z, Z_FINISH);
      std::size_t n = z.total_out;
      inflateEnd(&z);
      if (rc != Z_STREAM_END || n != size) {
        return Fail(ErrorCode::kInvalidArgument, where + ": corrupt GZIP page");
      }
      return out;
    }
    default:
      return Fail(ErrorCode::kInvalidArgument,
                  where + ": unsupported compression codec " + CodecName(codec));
  }
}

// Levels of a V1 data page: a 4-byte length, then the hybrid encoding. Advances `data`.
bool ReadLevelsV1(std::string_view& data, int max_level, std::size_t count,
                  std::vector<std::int16_t>& out) {
  if (data.size() < 4) return false;
  std::uint32_t len = U32(data, 0);
  if (len > data.size() - 4) return false;
  bool ok = true;
  auto levels = DecodeHybrid(data.substr(4, len), std::bit_width(static_cast<unsigned>(max_level)),
                             count, &ok);
  for (auto l : levels) out.push_back(static_cast<std::int16_t>(l));
  data.remove_prefix(4 + len);
  return ok;
}

struct PageValues {
  PhysicalType type;
  int type_length;
};

// PLAIN-encoded values. Returns false on short data.
bool DecodePlain(std::string_view data, const PageValues& t, std::size_t count,
                 std::vector<Value>& out) {
  std::size_t pos = 0;
  auto need = [&](std::size_t n) { return n <= data.size() - pos; };
  for (std::size_t i = 0; i < count; ++i) {
    switch (t.type) {
      case PhysicalType::kBoolean: {
        if (i / 8 >= data.size()) return false;
        out.emplace_back(
            static_cast<bool>((static_cast<unsigned char>(data[i / 8]) >> (i % 8)) & 1));
        continue;
      }
      case PhysicalType::kInt32: {
        if (!need(4)) return false;
        std::int32_t v;
        std::memcpy(&v, data.data() + pos, 4);
        pos += 4;
        out.emplace_back(static_cast<std::int64_t>(v));
        continue;
      }
      case PhysicalType::kInt64: {
        if (!need(8)) return false;
        std::int64_t v;
        std::memcpy(&v, data.data() + pos, 8);
        pos += 8;
        out.emplace_back(v);
        continue;
      }
      case PhysicalType::kFloat: {
        if (!need(4)) return false;
        float v;
        std::memcpy(&v, data.data() + pos, 4);
        pos += 4;
        out.emplace_back(static_cast<double>(v));
        continue;
      }
      case PhysicalType::kDouble: {
        if (!need(8)) return false;
        double v;
        std::memcpy(&v, data.data() + pos, 8);
        pos += 8;
        out.emplace_back(v);
        continue;
      }
      case PhysicalType::kInt96:
      case PhysicalType::kFixedLenByteArray: {
        std::size_t n =
            t.type == PhysicalType::kInt96 ? 12 : static_cast<std::size_t>(t.type_length);
        if (!need(n)) return false;
        out.emplace_back(std::string(data.substr(pos, n)));
        pos += n;
        continue;
      }
      case PhysicalType::kByteArray: {
        if (!need(4)) return false;
        std::uint32_t n = U32(data, pos);
        pos += 4;
        if (!need(n)) return false;
        out.emplace_back(std::string(data.substr(pos, n)));
        pos += n;
        continue;
      }
    }
  }
  return true;
}

void CountDefined(const std::vector<std::int16_t>& def, std::size_t from, int max_def,
                  std::size_t entries, std::size_t* defined) {
  if (max_def == 0) {
    *defined = entries;
    return;
  }
  *defined = static_cast<std::size_t>(
      std::count(def.begin() + static_cast<std::ptrdiff_t>(from), def.end(), max_def));
}

}  // namespace

std::vector<std::uint32_t> DecodeHybrid(std::string_view data, int bit_width, std::size_t count,
                                        bool* ok) {
  std::vector<std::uint32_t> out;
  out.reserve(count);
  std::size_t pos = 0;
  const std::size_t value_bytes = static_cast<std::size_t>((bit_width + 7) / 8);
  if (bit_width > 32) {
    *ok = false;
    return out;
  }
  while (out.size() < count) {
    std::uint64_t header = 0;
    for (int shift = 0;; shift += 7) {
      if (pos >= data.size() || shift > 35) {
        *ok = false;
        return out;
      }
      auto b = static_cast<unsigned char>(data[pos++]);
      header |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) break;
    }
    if (header & 1) {  // bit-packed groups of 8, least significant bit first
      std::size_t values = (header >> 1) * 8;
      std::size_t bytes = (header >> 1) * static_cast<std::size_t>(bit_width);
      if (bytes > data.size() - pos) {
        // Writers may end the last group early when it runs past the page's values.
        bytes = data.size() - pos;
      }
      std::uint64_t buffer = 0;
      int bits = 0;
      std::size_t used = 0;
      for (std::size_t i = 0; i < values && out.size() < count; ++i) {
        while (bits < bit_width) {
          if (used >= bytes) {
            *ok = false;
            return out;
          }
          buffer |= static_cast<std::uint64_t>(static_cast<unsigned char>(data[pos + used++]))
                    << bits;
          bits += 8;
        }
        out.push_back(
            bit_width == 0 ? 0 : static_cast<std::uint32_t>(buffer & ((1ull << bit_width) - 1)));
        buffer >>= bit_width;
        bits -= bit_width;
      }
      pos += std::min(bytes, (header >> 1) * static_cast<std::size_t>(bit_width));
    } else {  // a run of one value
      std::size_t run = header >> 1;
      if (value_bytes > data.size() - pos) {
        *ok = false;
        return out;
      }
      std::uint32_t v = 0;
      for (std::size_t i = 0; i < value_bytes; ++i) {
        v |= static_cast<std::uint32_t>(static_cast<unsigned char>(data[pos + i])) << (8 * i);
      }
      pos += value_bytes;
      if (run == 0) {
        *ok = false;
        return out;
      }
      for (std::size_t i = 0; i < run && out.size() < count; ++i) out.push_back(v);
    }
  }
  return out;
}

Result<File> File::Read(const std::string& path) {
  auto read = ReadFileText(path);
  if (!read) return std::unexpected(read.error());
  return Parse(*read, path);
}

Result<File> File::Parse(std::string bytes, std::string where) {
  if (bytes.size() < 12 || bytes.compare(0, 4, "PAR1") != 0 ||
      bytes.compare(bytes.size() - 4, 4, "PAR1") != 0) {
    return Fail(ErrorCode::kInvalidArgument, where + ": not a Parquet file (no PAR1 magic)");
  }
  std::uint32_t footer_len = U32(bytes, bytes.size() - 8);
  if (footer_len > bytes.size() - 12) {
    return Fail(ErrorCode::kInvalidArgument, where + ": footer length out of range");
  }
  File file;
  file.where_ = std::move(where);
  std::string_view footer(bytes.data() + bytes.size() - 8 - footer_len, footer_len);
  CompactReader r(footer);
  std::vector<SchemaNode> schema;
  r.Struct([&](std::int16_t id, int type) {
    switch (id) {
      case 2:  // schema
        r.List([&](int) {
          SchemaNode node;
          r.Struct([&](std::int16_t f, int t) {
            if (f == 1)
              node.type = static_cast<int>(r.Int());
            else if (f == 2)
              node.type_length = static_cast<int>(r.Int());
            else if (f == 3)
              node.repetition = static_cast<int>(r.Int());
            else if (f == 4)
              node.name = r.Binary();
            else if (f == 5)
              node.num_children = static_cast<int>(r.Int());
            else if (f == 6)
              node.converted_type = static_cast<int>(r.Int());
            else if (f == 10) {  // LogicalType union: field 1 is STRING
              r.Struct([&](std::int16_t lf, int lt) {
                if (lf == 1) node.logical_string = true;
                r.Skip(lt);
              });
            } else
              r.Skip(t);
          });
          schema.push_back(std::move(node));
        });
        break;
      case 3:
        file.num_rows_ = r.Int();
        break;
      case 4:  // row groups
        r.List([&](int) {
          RowGroup group;
          r.Struct([&](std::int16_t f, int t) {
            if (f == 1) {
              r.List([&](int) {
                ChunkMeta chunk;
                r.Struct([&](std::int16_t cf, int ct) {
                  if (cf != 3) return r.Skip(ct);
                  r.Struct([&](std::int16_t mf, int mt) {
                    if (mf == 1)
                      chunk.type = static_cast<PhysicalType>(r.Int());
                    else if (mf == 4)
                      chunk.codec = static_cast<int>(r.Int());
                    else if (mf == 5)
                      chunk.num_values = r.Int();
                    else if (mf == 7)
                      chunk.total_compressed_size = r.Int();
                    else if (mf == 9)
                      chunk.data_page_offset = r.Int();
                    else if (mf == 11)
                      chunk.dictionary_page_offset = r.Int();
                    else
                      r.Skip(mt);
                  });
                });
                group.chunks.push_back(chunk);
              });
            } else if (f == 3) {
              group.rows = r.Int();
            } else {
              r.Skip(t);
            }
          });
          file.row_groups_.push_back(std::move(group));
        });
        break;
      case 5:  // key-value metadata
        r.List([&](int) {
          std::pair<std::string, std::string> kv;
          r.Struct([&](std::int16_t f, int t) {
            if (f == 1)
              kv.first = r.Binary();
            else if (f == 2)
              kv.second = r.Binary();
            else
              r.Skip(t);
          });
          file.metadata_.push_back(std::move(kv));
        });
        break;
      case 6:
        file.created_by_ = r.Binary();
        break;
      default:
        r.Skip(type);
    }
  });
  if (!r.ok())
    return Fail(ErrorCode::kInvalidArgument, file.where_ + ": corrupt footer: " + r.error());
  if (schema.empty()) return Fail(ErrorCode::kInvalidArgument, file.where_ + ": empty schema");

  // Flatten the depth-first schema into leaf columns with their levels.
  struct Frame {
    int remaining;
    int def, rep;
    std::vector<std::string> parts;
    int element_def, repeated_part;
  };
  std::vector<Frame> stack{{schema[0].num_children, 0, 0, {}, 0, -1}};
  for (std::size_t i = 1; i < schema.size(); ++i) {
    while (!stack.empty() && stack.back().remaining == 0) stack.pop_back();
    if (stack.empty()) return Fail(ErrorCode::kInvalidArgument, file.where_ + ": malformed schema");
    Frame& parent = stack.back();
    --parent.remaining;
    const SchemaNode& node = schema[i];
    Frame self{node.num_children,
               parent.def + (node.repetition != kRequired ? 1 : 0),
               parent.rep + (node.repetition == kRepeated ? 1 : 0),
               parent.parts,
               parent.element_def,
               parent.repeated_part};
    self.parts.push_back(node.name);
    if (node.repetition == kRepeated) {
      self.element_def = self.def;
      self.repeated_part = static_cast<int>(self.parts.size()) - 1;
    }
    if (node.num_children > 0) {
      stack.push_back(std::move(self));
      continue;
    }
    Column c;
    c.path_parts = self.parts;
    for (const auto& p : self.parts) c.path += (c.path.empty() ? "" : ".") + p;
    c.type = static_cast<PhysicalType>(node.type);
    c.is_string = node.type == static_cast<int>(PhysicalType::kByteArray) &&
                  (node.converted_type == 0 || node.logical_string);
    c.max_definition = self.def;
    c.max_repetition = self.rep;
    c.element_definition = self.element_def;
    c.repeated_part = self.repeated_part;
    file.columns_.push_back(std::move(c));
    file.type_lengths_.push_back(node.type_length);
  }
  for (const auto& group : file.row_groups_) {
    if (group.chunks.size() != file.columns_.size()) {
      return Fail(ErrorCode::kInvalidArgument, file.where_ + ": row group and schema disagree");
    }
  }
  file.bytes_ = std::move(bytes);
  return file;
}

int File::FindColumn(std::string_view path) const {
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].path == path) return static_cast<int>(i);
  }
  return -1;
}

Result<ColumnData> File::ReadChunk(std::size_t group, std::size_t column) const {
  const Column& col = columns_[column];
  const ChunkMeta& meta = row_groups_[group].chunks[column];
  const std::string where =
      where_ + ": column " + col.path + ", row group " + std::to_string(group);
  auto bad = [&](const std::string& why) {
    return Fail(ErrorCode::kInvalidArgument, where + ": " + why);
  };
  std::int64_t start = meta.data_page_offset;
  if (meta.dictionary_page_offset > 0 && meta.dictionary_page_offset < start) {
    start = meta.dictionary_page_offset;
  }
  const std::int64_t limit = static_cast<std::int64_t>(bytes_.size()) - 8;
  if (start < 4 || meta.total_compressed_size < 0 || start + meta.total_compressed_size > limit) {
    return bad("column chunk out of range");
  }
  const std::int64_t end = start + meta.total_compressed_size;
  const PageValues types{col.type, type_lengths_[column]};
  ColumnData out;
  std::vector<Value> dictionary;
  std::int64_t seen = 0;
  std::int64_t pos = start;
  while (seen < meta.num_values && pos < end) {
    CompactReader r(std::string_view(bytes_).substr(static_cast<std::size_t>(pos),
                                                    static_cast<std::size_t>(end - pos)));
    int page_type = -1;
    std::int64_t uncompressed = 0, compressed = 0;
    std::int64_t num_values = 0, encoding = 0, def_len = 0, rep_len = 0;
    bool v2_compressed = true;
    r.Struct([&](std::int16_t f, int t) {
      if (f == 1)
        page_type = static_cast<int>(r.Int());
      else if (f == 2)
        uncompressed = r.Int();
      else if (f == 3)
        compressed = r.Int();
      else if (f == 5 || f == 7 || f == 8) {  // data, dictionary, data v2 headers
        const std::int16_t header = f;
        r.Struct([&](std::int16_t hf, int ht) {
          if (hf == 1)
            num_values = r.Int();
          else if (header == 5 && hf == 2)
            encoding = r.Int();
          else if (header == 7 && hf == 2)
            encoding = r.Int();
          else if (header == 8 && hf == 4)
            encoding = r.Int();
          else if (header == 8 && hf == 5)
            def_len = r.Int();
          else if (header == 8 && hf == 6)
            rep_len = r.Int();
          else if (header == 8 && hf == 7)
            v2_compressed = r.FieldBool();
          else
            r.Skip(ht);
        });
      } else
        r.Skip(t);
    });
    if (!r.ok()) return bad("corrupt page header: " + r.error());
    const std::int64_t body = pos + static_cast<std::int64_t>(r.position());
    if (compressed < 0 || uncompressed < 0 || body + compressed > end || num_values < 0) {
      return bad("page out of range");
    }
    std::string_view raw(bytes_.data() + body, static_cast<std::size_t>(compressed));
    pos = body + compressed;

    if (page_type == kIndexPage) continue;
    if (page_type == kDictionaryPage) {
      auto page = Decompress(meta.codec, raw, static_cast<std::size_t>(uncompressed), where);
      if (!page) return std::unexpected(page.error());
      dictionary.clear();
      if (!DecodePlain(*page, types, static_cast<std::size_t>(num_values), dictionary)) {
        return bad("short dictionary page");
      }
      ++out.dictionary_pages;
      out.dictionary_values = dictionary.size();
      continue;
    }
    if (page_type != kDataPage && page_type != kDataPageV2) {
      return bad("unsupported page type " + std::to_string(page_type));
    }
    ++out.data_pages;
    const std::size_t count = static_cast<std::size_t>(num_values);
    const std::size_t def_from = out.definition.size();
    std::string decompressed;
    std::string_view values;
    if (page_type == kDataPage) {
      auto page = Decompress(meta.codec, raw, static_cast<std::size_t>(uncompressed), where);
      if (!page) return std::unexpected(page.error());
      decompressed = std::move(*page);
      std::string_view data = decompressed;
      if (col.max_repetition > 0 &&
          !ReadLevelsV1(data, col.max_repetition, count, out.repetition)) {
        return bad("corrupt repetition levels");
      }
      if (col.max_definition > 0 &&
          !ReadLevelsV1(data, col.max_definition, count, out.definition)) {
        return bad("corrupt definition levels");
      }
      values = data;
    } else {
      // V2: levels come first, uncompressed and without length prefixes.
      if (rep_len < 0 || def_len < 0 || rep_len + def_len > compressed)
        return bad("bad level lengths");
      bool ok = true;
      auto levels = [&](std::string_view d, int max, std::vector<std::int16_t>& to) {
        for (auto l : DecodeHybrid(d, std::bit_width(static_cast<unsigned>(max)), count, &ok)) {
          to.push_back(static_cast<std::int16_t>(l));
        }
      };
      if (col.max_repetition > 0)
        levels(raw.substr(0, rep_len), col.max_repetition, out.repetition);
      if (col.max_definition > 0)
        levels(raw.substr(rep_len, def_len), col.max_definition, out.definition);
      if (!ok) return bad("corrupt levels");
      std::string_view rest = raw.substr(static_cast<std::size_t>(rep_len + def_len));
      const auto rest_size = static_cast<std::size_t>(uncompressed - rep_len - def_len);
      if (v2_compressed && meta.codec != kUncompressed && !(rest.empty() && rest_size == 0)) {
        auto page = Decompress(meta.codec, rest, rest_size, where);
        if (!page) return std::unexpected(page.error());
        decompressed = std::move(*page);
        values = decompressed;
      } else {
        values = rest;
      }
    }
    std::size_t defined = 0;
    CountDefined(out.definition, def_from, col.max_definition, count, &defined);
    if (encoding == kPlain) {
      if (!DecodePlain(values, types, defined, out.values)) return bad("short PLAIN data page");
    } else if (encoding == kPlainDictionary || encoding == kRleDictionary) {
      if (defined > 0) {
        if (values.empty()) return bad("empty dictionary-encoded page");
        int width = static_cast<unsigned char>(values[0]);
        bool ok = true;
        auto indexes = DecodeHybrid(values.substr(1), width, defined, &ok);
        if (!ok) return bad("corrupt dictionary indexes");
        for (auto i : indexes) {
          if (i >= dictionary.size()) return bad("dictionary index out of range");
          out.values.push_back(dictionary[i]);
        }
      }
    } else {
      return bad("unsupported encoding " + std::to_string(encoding));
    }
    out.entries += count;
    seen += num_values;
  }
  if (seen != meta.num_values) return bad("pages hold fewer values than the chunk says");
  return out;
}

Result<std::vector<Value>> File::ReadFlat(std::size_t column) const {
  const Column& col = columns_[column];
  if (col.max_repetition != 0) {
    return Fail(ErrorCode::kInvalidArgument, where_ + ": column " + col.path + " is a list");
  }
  std::vector<Value> rows;
  rows.reserve(static_cast<std::size_t>(std::max<std::int64_t>(num_rows_, 0)));
  for (std::size_t g = 0; g < row_groups_.size(); ++g) {
    auto chunk = ReadChunk(g, column);
    if (!chunk) return std::unexpected(chunk.error());
    std::size_t next = 0;
    for (std::size_t i = 0; i < chunk->entries; ++i) {
      if (col.max_definition == 0 || chunk->definition[i] == col.max_definition) {
        rows.push_back(std::move(chunk->values[next++]));
      } else {
        rows.emplace_back();
      }
    }
  }
  return rows;
}

Result<std::vector<std::vector<Value>>> File::ReadList(std::size_t column) const {
  const Column& col = columns_[column];
  if (col.max_repetition != 1) {
    return Fail(
        ErrorCode::kInvalidArgument,
        where_ + ": column " + col.path +
            (col.max_repetition == 0 ? " is not a list" : ": nested lists are not supported"));
  }
  std::vector<std::vector<Value>> rows;
  for (std::size_t g = 0; g < row_groups_.size(); ++g) {
    auto chunk = ReadChunk(g, column);
    if (!chunk) return std::unexpected(chunk.error());
    std::size_t next = 0;
    for (std::size_t i = 0; i < chunk->entries; ++i) {
      if (chunk->repetition[i] == 0) rows.emplace_back();
      if (rows.empty())
        return Fail(ErrorCode::kInvalidArgument, where_ + ": list without a row start");
      const int def = chunk->definition[i];
      if (def < col.element_definition) continue;  // null or empty list
      if (def == col.max_definition) {
        rows.back().push_back(std::move(chunk->values[next++]));
      } else {
        rows.back().emplace_back();
      }
    }
  }
  return rows;
}

}  // namespace r1::parquet
