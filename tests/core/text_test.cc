// The small text helpers every module shares (core/text.h).
#include "r1/core/text.h"

#include <catch2/catch.hpp>

TEST_CASE("Base64 round-trips and decoding is strict", "[core][text]") {
  CHECK(r1::Base64Encode("") == "");
  CHECK(r1::Base64Encode("f") == "Zg==");
  CHECK(r1::Base64Encode("fo") == "Zm8=");
  CHECK(r1::Base64Encode("foobar") == "Zm9vYmFy");
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  CHECK(*r1::Base64Decode(r1::Base64Encode(bytes)) == bytes);
  CHECK(r1::Base64Decode("Zg=").error().message.find("multiple of 4") != std::string::npos);
  CHECK(r1::Base64Decode("Z!==").error().message.find("offset 1") != std::string::npos);
  CHECK(r1::Base64Decode("Zg==Zg==").error().code == r1::ErrorCode::kInvalidArgument);
}

TEST_CASE("FNV-1a has its published values and lower-casing is ASCII only", "[core][text]") {
  CHECK(r1::Fnv1a("") == 0xcbf29ce484222325ull);
  CHECK(r1::Fnv1a("a") == 0xaf63dc4c8601ec8cull);
  CHECK(r1::AsciiLower("MiXeD 42 \xC3\x89") == "mixed 42 \xC3\x89");
}

TEST_CASE("ReadFileText names the path it cannot read", "[core][text]") {
  auto missing = r1::ReadFileText("/nonexistent/r1-eval/file.txt");
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().code == r1::ErrorCode::kNotFound);
  CHECK(missing.error().message.find("/nonexistent/r1-eval/file.txt") != std::string::npos);
  auto self = r1::ReadFileText(R1_SOURCE_DIR "/tests/core/text_test.cc");
  REQUIRE(self.has_value());
  CHECK(self->find("ReadFileText names the path") != std::string::npos);
}
