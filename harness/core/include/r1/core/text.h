// Small text helpers several modules need, kept once: ASCII lower-casing, FNV-1a, Base64 and
// reading a whole file.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "r1/core/error.h"

namespace r1 {

/// ASCII lower case; other bytes (UTF-8 included) unchanged.
std::string AsciiLower(std::string_view text);

/// 64-bit FNV-1a with the offset basis the math grader has always used (1469598103934665603,
/// not FNV's 14695981039346656037): stable across platforms; canonical keys derive from it.
std::uint64_t Fnv1a(std::string_view text);

/// Standard Base64 (RFC 4648, '+' '/', '=' padding).
std::string Base64Encode(std::string_view bytes);
/// Strict decoding: kInvalidArgument naming the offset of a bad character, or a length that is
/// not a multiple of 4.
Result<std::string> Base64Decode(std::string_view text);

/// The whole file, bytes as they are; kNotFound names the path when it cannot be read.
Result<std::string> ReadFileText(const std::string& path);

}  // namespace r1
