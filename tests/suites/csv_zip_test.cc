// The CSV reader (RFC 4180 corners GPQA's file has) and the ZIP reader, including an archive
// encrypted here with Debian's `zip -P` (ZipCrypto).
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>

#include "r1/suites/csv.h"
#include "r1/suites/zip_reader.h"
#include "support/skip.h"
#include "support/temp_dir.h"

using r1::suites::ExtractZipEntry;
using r1::suites::ListZip;
using r1::suites::ParseCsv;

TEST_CASE("csv: quotes - doubled quotes - embedded newlines - CRLF and a BOM", "[suites][csv]") {
  std::string text =
      "\xef\xbb\xbfname,text,n\r\n"
      "a,\"one, two\",1\r\n"
      "b,\"say \"\"hi\"\"\nsecond line\",2\n"
      "c,,3";  // no final newline
  auto table = ParseCsv(text, "t.csv");
  REQUIRE(table.has_value());
  REQUIRE(table->header == std::vector<std::string>{"name", "text", "n"});
  REQUIRE(table->rows.size() == 3);
  CHECK(table->rows[0][1] == "one, two");
  CHECK(table->rows[1][1] == "say \"hi\"\nsecond line");
  CHECK(table->rows[2][1].empty());
  CHECK(table->row_lines == std::vector<int>{2, 3, 5});
  CHECK(table->Column("n") == 2);
  CHECK(table->Column("missing") == -1);
}

TEST_CASE("csv: blank lines are skipped - a quoted empty field is a field", "[suites][csv]") {
  auto table = ParseCsv("a\n\n\"\"\nx\n", "t.csv");
  REQUIRE(table.has_value());
  REQUIRE(table->rows.size() == 2);
  CHECK(table->rows[0][0].empty());
  CHECK(table->rows[1][0] == "x");
}

TEST_CASE("csv: errors name the file and line", "[suites][csv]") {
  auto ragged = ParseCsv("a,b\n1,2\n3\n", "t.csv");
  REQUIRE_FALSE(ragged.has_value());
  CHECK(ragged.error().message == "t.csv: line 3: 1 fields, the header has 2");
  auto open = ParseCsv("a,b\n1,\"2\n\n", "t.csv");
  REQUIRE_FALSE(open.has_value());
  CHECK(open.error().message == "t.csv: line 2: unterminated quoted field");
  CHECK_FALSE(ParseCsv("", "t.csv").has_value());
}

namespace {

bool HaveZip() { return std::system("zip -v >/dev/null 2>&1") == 0; }

// Builds DIR/out.zip from files written under DIR/src with `zip [-P password]`.
std::string MakeZip(const r1::testing::TempDir& tmp, const std::string& password,
                    const std::string& level) {
  std::string cmd = "cd '" + (tmp / "src") + "' && zip -q " + level + " -r " +
                    (password.empty() ? "" : "-P '" + password + "' ") + "'" + (tmp / "out.zip") +
                    "' dataset";
  REQUIRE(std::system(cmd.c_str()) == 0);
  return r1::testing::ReadFile(tmp / "out.zip");
}

}  // namespace

TEST_CASE("zip: ZipCrypto + deflate written by zip -P is read back byte for byte",
          "[suites][zip]") {
  if (!HaveZip()) {
    R1_SKIP("the zip program is not installed");
  }
  r1::testing::TempDir tmp;
  std::string body;
  for (int i = 0; i < 5000; ++i) body += "row " + std::to_string(i) + ",\"quoted\"\n";
  tmp.Write("src/dataset/gpqa_diamond.csv", body);
  tmp.Write("src/dataset/other.csv", "x\n");
  for (const char* level : {"-9", "-0"}) {  // deflated and stored
    INFO(level);
    std::string zip = MakeZip(tmp, "deserted-untie-orchid", level);
    std::filesystem::remove(tmp / "out.zip");
    auto entries = ListZip(zip, "out.zip");
    REQUIRE(entries.has_value());
    const r1::suites::ZipEntry* csv = nullptr;
    for (const auto& e : *entries) {
      if (e.name == "dataset/gpqa_diamond.csv") csv = &e;
    }
    REQUIRE(csv != nullptr);
    CHECK(csv->encrypted());
    CHECK(csv->method == (std::string(level) == "-0" ? 0 : 8));
    auto bytes = ExtractZipEntry(zip, *csv, "deserted-untie-orchid", "out.zip");
    REQUIRE(bytes.has_value());
    CHECK(*bytes == body);

    auto wrong = ExtractZipEntry(zip, *csv, "not-the-password", "out.zip");
    REQUIRE_FALSE(wrong.has_value());
    CHECK(wrong.error().message.find("out.zip: dataset/gpqa_diamond.csv: ") == 0);
    const std::string wrong_header_message = "out.zip: dataset/gpqa_diamond.csv: wrong password";
    CHECK(wrong.error().message.find("wrong password") != std::string::npos);
    // ZipCrypto's header check lets about 1 wrong password in 256 through to inflate and the
    // CRC; every such error must still name the password. 5,000 guesses miss that path with
    // probability (255/256)^5000, about 3e-9.
    int past_header = 0;
    for (int i = 0; i < 5000; ++i) {
      auto guess = ExtractZipEntry(zip, *csv, "guess-" + std::to_string(i), "out.zip");
      REQUIRE_FALSE(guess.has_value());
      INFO(guess.error().message);
      REQUIRE(guess.error().message.find("wrong password") != std::string::npos);
      if (guess.error().message != wrong_header_message) ++past_header;
    }
    CHECK(past_header > 0);
    CHECK_FALSE(ExtractZipEntry(zip, *csv, "", "out.zip").has_value());
  }
}

TEST_CASE("zip: plain archives - corrupt bytes and non-zips", "[suites][zip]") {
  if (!HaveZip()) {
    R1_SKIP("the zip program is not installed");
  }
  r1::testing::TempDir tmp;
  tmp.Write("src/dataset/a.txt", std::string(10000, 'a'));
  std::string zip = MakeZip(tmp, "", "-9");
  auto entries = ListZip(zip, "z.zip");
  REQUIRE(entries.has_value());
  REQUIRE(entries->size() >= 1);
  const auto& entry = entries->back();
  CHECK_FALSE(entry.encrypted());
  auto bytes = ExtractZipEntry(zip, entry, "", "z.zip");
  REQUIRE(bytes.has_value());
  CHECK(*bytes == std::string(10000, 'a'));

  // Flip a byte inside the compressed data: inflate or the CRC check must catch it.
  std::string corrupt = zip;
  auto u16 = [&](std::size_t at) {
    return static_cast<unsigned char>(zip[at]) | static_cast<unsigned char>(zip[at + 1]) << 8;
  };
  std::size_t data_at =
      entry.local_offset + 30 + u16(entry.local_offset + 26) + u16(entry.local_offset + 28);
  corrupt[data_at + entry.compressed_size / 2] ^= 0x55;
  CHECK_FALSE(ExtractZipEntry(corrupt, entry, "", "z.zip").has_value());

  auto not_zip = ListZip(std::string(100, 'x'), "x.zip");
  REQUIRE_FALSE(not_zip.has_value());
  CHECK(not_zip.error().message == "x.zip: not a ZIP archive (no end record)");
  CHECK_FALSE(ListZip("PK", "x.zip").has_value());
}
