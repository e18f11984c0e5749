// SHA-256 (FIPS 180-4) for run identities and data pins; small, dependency-free.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace r1 {

class Sha256 {
 public:
  Sha256();
  void Update(std::string_view bytes);
  /// Finishes and returns the lower-case hex digest; the object is spent afterwards.
  std::string HexDigest();

 private:
  void Block(const unsigned char* p);
  std::array<std::uint32_t, 8> h_;
  unsigned char buf_[64];
  std::size_t buf_len_ = 0;
  std::uint64_t total_ = 0;
};

std::string Sha256Hex(std::string_view bytes);

}  // namespace r1
