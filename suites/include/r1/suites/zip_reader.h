// Reading members of a ZIP archive held in memory: stored or deflated entries, optionally
// encrypted with the traditional PKWARE cipher ("ZipCrypto"). GPQA's authors ship their CSVs
// in a ZipCrypto archive whose password their README publishes; AES and ZIP64 are refused.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "r1/core/error.h"

namespace r1::suites {

struct ZipEntry {
  std::string name;  ///< path inside the archive, e.g. "dataset/gpqa_diamond.csv"
  std::uint16_t flags = 0;
  std::uint16_t method = 0;  ///< 0 stored, 8 deflate
  std::uint16_t mod_time = 0;
  std::uint32_t crc32 = 0;
  std::uint64_t compressed_size = 0;
  std::uint64_t size = 0;
  std::uint64_t local_offset = 0;

  bool encrypted() const { return (flags & 1) != 0; }
};

/// The central directory. kInvalidArgument (naming `where`) for anything that is not a ZIP.
Result<std::vector<ZipEntry>> ListZip(std::string_view archive, const std::string& where);

/// The uncompressed bytes of `entry`, CRC-checked. Encrypted entries need `password`; a wrong
/// one is kInvalidArgument "wrong password".
Result<std::string> ExtractZipEntry(std::string_view archive, const ZipEntry& entry,
                                    std::string_view password, const std::string& where);

}  // namespace r1::suites
