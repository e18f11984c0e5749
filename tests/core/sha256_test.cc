#include "r1/core/sha256.h"

#include <catch2/catch.hpp>
#include <string>

TEST_CASE("sha256 matches the FIPS 180-4 test vectors", "[core]") {
  CHECK(r1::Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(r1::Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(r1::Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("sha256 gives the same digest whatever the update chunking", "[core]") {
  std::string text(1000003, 'a');
  r1::Sha256 chunked;
  for (std::size_t i = 0; i < text.size(); i += 977) chunked.Update(std::string_view(text).substr(i, 977));
  CHECK(chunked.HexDigest() == r1::Sha256Hex(text));
}
