// ZIP central directory, ZipCrypto and raw inflate; see zip_reader.h. Format: PKWARE APPNOTE
// 6.3.x, sections 4.3 (layout) and 6.1 (traditional encryption).
#include "r1/suites/zip_reader.h"

#include <zlib.h>

#include <array>
#include <limits>

namespace r1::suites {
namespace {

constexpr std::uint32_t kEndOfCentralDir = 0x06054b50;
constexpr std::uint32_t kCentralHeader = 0x02014b50;
constexpr std::uint32_t kLocalHeader = 0x04034b50;
constexpr std::uint32_t kZip64Marker = 0xffffffff;

std::uint16_t U16(std::string_view b, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) |
                                    static_cast<unsigned char>(b[at + 1]) << 8);
}
std::uint32_t U32(std::string_view b, std::size_t at) {
  return static_cast<std::uint32_t>(U16(b, at)) | static_cast<std::uint32_t>(U16(b, at + 2)) << 16;
}

const std::array<std::uint32_t, 256>& CrcTable() {
  static const std::array<std::uint32_t, 256> table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t n = 0; n < 256; ++n) {
      std::uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  return table;
}

// The three-key stream cipher of APPNOTE 6.1: keys evolve with every plaintext byte.
class ZipCryptoKeys {
 public:
  explicit ZipCryptoKeys(std::string_view password) {
    for (char c : password) Update(static_cast<unsigned char>(c));
  }
  unsigned char Decrypt(unsigned char c) {
    std::uint32_t temp = (k2_ | 2) & 0xffff;
    auto plain = static_cast<unsigned char>(c ^ ((temp * (temp ^ 1)) >> 8));
    Update(plain);
    return plain;
  }

 private:
  static std::uint32_t Crc(std::uint32_t crc, unsigned char b) {
    return CrcTable()[(crc ^ b) & 0xff] ^ (crc >> 8);
  }
  void Update(unsigned char b) {
    k0_ = Crc(k0_, b);
    k1_ = (k1_ + (k0_ & 0xff)) * 134775813u + 1;
    k2_ = Crc(k2_, static_cast<unsigned char>(k1_ >> 24));
  }
  std::uint32_t k0_ = 0x12345678, k1_ = 0x23456789, k2_ = 0x34567890;
};

Result<std::string> Inflate(std::string_view data, std::uint64_t size, const std::string& where) {
  if (size > std::numeric_limits<uInt>::max()) {
    return Fail(ErrorCode::kInvalidArgument, where + ": entry too large");
  }
  std::string out(size, '\0');
  z_stream z{};
  if (inflateInit2(&z, -MAX_WBITS) != Z_OK) return Fail(ErrorCode::kInternal, "zlib init failed");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = inflate(&z, Z_FINISH);
  std::uint64_t produced = z.total_out;
  inflateEnd(&z);
  if (rc != Z_STREAM_END || produced != size) {
    return Fail(ErrorCode::kInvalidArgument, where + ": corrupt deflate data");
  }
  return out;
}

}  // namespace

Result<std::vector<ZipEntry>> ListZip(std::string_view zip, const std::string& where) {
  // The end record is 22 bytes plus a comment of at most 64 KiB; search backwards for it.
  if (zip.size() < 22) return Fail(ErrorCode::kInvalidArgument, where + ": not a ZIP archive");
  std::size_t eocd = std::string_view::npos;
  std::size_t lowest = zip.size() > 22 + 65535 ? zip.size() - 22 - 65535 : 0;
  for (std::size_t at = zip.size() - 22 + 1; at-- > lowest;) {
    if (U32(zip, at) == kEndOfCentralDir) {
      eocd = at;
      break;
    }
  }
  if (eocd == std::string_view::npos) {
    return Fail(ErrorCode::kInvalidArgument, where + ": not a ZIP archive (no end record)");
  }
  std::uint16_t count = U16(zip, eocd + 10);
  std::uint32_t cd_offset = U32(zip, eocd + 16);
  if (cd_offset == kZip64Marker || count == 0xffff) {
    return Fail(ErrorCode::kInvalidArgument, where + ": ZIP64 archives are not supported");
  }
  std::vector<ZipEntry> entries;
  std::size_t at = cd_offset;
  for (int i = 0; i < count; ++i) {
    if (at + 46 > zip.size() || U32(zip, at) != kCentralHeader) {
      return Fail(ErrorCode::kInvalidArgument, where + ": corrupt central directory");
    }
    ZipEntry e;
    e.flags = U16(zip, at + 8);
    e.method = U16(zip, at + 10);
    e.mod_time = U16(zip, at + 12);
    e.crc32 = U32(zip, at + 16);
    e.compressed_size = U32(zip, at + 20);
    e.size = U32(zip, at + 24);
    std::size_t name_len = U16(zip, at + 28), extra_len = U16(zip, at + 30),
                comment_len = U16(zip, at + 32);
    e.local_offset = U32(zip, at + 42);
    if (at + 46 + name_len > zip.size()) {
      return Fail(ErrorCode::kInvalidArgument, where + ": corrupt central directory");
    }
    e.name = std::string(zip.substr(at + 46, name_len));
    if (e.compressed_size == kZip64Marker || e.size == kZip64Marker ||
        e.local_offset == kZip64Marker) {
      return Fail(ErrorCode::kInvalidArgument, where + ": ZIP64 entries are not supported");
    }
    entries.push_back(std::move(e));
    at += 46 + name_len + extra_len + comment_len;
  }
  return entries;
}

Result<std::string> ExtractZipEntry(std::string_view zip, const ZipEntry& entry,
                                    std::string_view password, const std::string& where) {
  const std::string what = where + ": " + entry.name;
  std::size_t at = entry.local_offset;
  if (at + 30 > zip.size() || U32(zip, at) != kLocalHeader) {
    return Fail(ErrorCode::kInvalidArgument, what + ": corrupt local header");
  }
  std::size_t data_at = at + 30 + U16(zip, at + 26) + U16(zip, at + 28);
  if (data_at + entry.compressed_size > zip.size()) {
    return Fail(ErrorCode::kInvalidArgument, what + ": truncated archive");
  }
  std::string_view data = zip.substr(data_at, entry.compressed_size);
  std::string decrypted;
  if (entry.encrypted()) {
    // Strong encryption (bit 6) and WinZip AES (method 99) need other ciphers.
    if ((entry.flags & 0x40) || entry.method == 99) {
      return Fail(ErrorCode::kInvalidArgument, what + ": AES-encrypted entries are not supported");
    }
    if (password.empty()) return Fail(ErrorCode::kInvalidArgument, what + ": needs a password");
    if (data.size() < 12) return Fail(ErrorCode::kInvalidArgument, what + ": truncated entry");
    ZipCryptoKeys keys(password);
    unsigned char last = 0;
    for (int i = 0; i < 12; ++i) last = keys.Decrypt(static_cast<unsigned char>(data[i]));
    // The header's last byte repeats the CRC's high byte (or, with a data descriptor, the
    // time's): a 1-in-256 false accept, which the CRC check below then catches.
    unsigned char check = (entry.flags & 0x08) ? static_cast<unsigned char>(entry.mod_time >> 8)
                                               : static_cast<unsigned char>(entry.crc32 >> 24);
    if (last != check) return Fail(ErrorCode::kInvalidArgument, what + ": wrong password");
    decrypted.resize(data.size() - 12);
    for (std::size_t i = 12; i < data.size(); ++i) {
      decrypted[i - 12] = static_cast<char>(keys.Decrypt(static_cast<unsigned char>(data[i])));
    }
    data = decrypted;
  }
  std::string out;
  if (entry.method == 0) {
    out = std::string(data);
  } else if (entry.method == 8) {
    // A wrong password passes the header check 1 time in 256 and then inflates garbage, so
    // the hint must come with a deflate error as it does with a CRC mismatch.
    auto inflated = Inflate(data, entry.size, what);
    if (!inflated && entry.encrypted()) {
      return Fail(ErrorCode::kInvalidArgument, inflated.error().message + " (wrong password?)");
    }
    if (!inflated) return std::unexpected(inflated.error());
    out = std::move(*inflated);
  } else {
    return Fail(ErrorCode::kInvalidArgument,
                what + ": compression method " + std::to_string(entry.method) + " not supported");
  }
  std::uint32_t crc = static_cast<std::uint32_t>(
      ::crc32(0L, reinterpret_cast<const Bytef*>(out.data()), static_cast<uInt>(out.size())));
  if (out.size() != entry.size || crc != entry.crc32) {
    return Fail(ErrorCode::kInvalidArgument,
                what + (entry.encrypted() ? ": CRC mismatch (wrong password?)" : ": CRC mismatch"));
  }
  return out;
}

}  // namespace r1::suites
