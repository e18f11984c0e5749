// LiveCodeBench's output comparison rules (compare.h), case by case.
#include "r1/sandbox/compare.h"

#include <catch2/catch.hpp>

namespace r1::sandbox {
namespace {

TEST_CASE("stdio comparison strips like LiveCodeBench", "[sandbox][compare]") {
  CHECK(LcbStdoutMatches("1 2\n3\n", "1 2\n3"));
  CHECK(LcbStdoutMatches("1 2\r\n3\r\n", "1 2\n3\n"));          // CRLF
  CHECK(LcbStdoutMatches("  1 2   \n\t3  \n\n\n", "1 2\n3"));    // trailing blanks and lines
  CHECK(LcbStdoutMatches("\n\nYES\n", "YES"));                   // leading blank lines
  CHECK(LcbStdoutMatches("a\xc2\xa0\n", "a"));                   // U+00A0 is whitespace to str.strip
  CHECK(LcbStdoutMatches("", ""));
  CHECK(LcbStdoutMatches("\n", ""));
  CHECK_FALSE(LcbStdoutMatches("1\n\n2", "1\n2"));  // a blank line inside counts
  CHECK_FALSE(LcbStdoutMatches("YES", "yes"));
  CHECK_FALSE(LcbStdoutMatches("", "0"));
  std::string detail;
  CHECK_FALSE(LcbStdoutMatches("1\n2\n", "1\n2\n3\n", &detail));
  CHECK(detail == "2 lines, expected 3");
  CHECK_FALSE(LcbStdoutMatches("YES\nNO\n", "YES\nYES\n", &detail));
  CHECK(detail == "line 2: 'NO' != 'YES'");
}

TEST_CASE("stdio comparison reads differing lines as exact decimals", "[sandbox][compare]") {
  CHECK(LcbStdoutMatches("1.0", "1"));
  CHECK(LcbStdoutMatches("1e0 +2.50", "1 2.5"));
  CHECK(LcbStdoutMatches("-0", "0.000"));
  CHECK(LcbStdoutMatches("1_000", "1000"));  // Decimal drops underscores
  CHECK(LcbStdoutMatches("3   4", "3 4"));   // whitespace runs inside a line
  CHECK(LcbStdoutMatches("inf -Infinity", "Infinity -inf"));
  CHECK(LcbStdoutMatches("100000000000000000000000000001", "100000000000000000000000000001.0"));
  // Exact, not a tolerance.
  CHECK_FALSE(LcbStdoutMatches("0.3333333", "0.33333333"));
  CHECK_FALSE(LcbStdoutMatches("50000000000000000", "50000000000000001"));
  CHECK_FALSE(LcbStdoutMatches("1 2", "1 2 3"));
  CHECK_FALSE(LcbStdoutMatches("nan", "NaN"));  // differs as text, and NaN equals nothing
  CHECK(LcbStdoutMatches("nan", "nan"));        // ...but equal text is equal first
  CHECK_FALSE(LcbStdoutMatches("1.0 x", "1 x"));  // a non-number token makes the line text-only
  CHECK_FALSE(LcbStdoutMatches("0x10", "16"));
  CHECK_FALSE(LcbStdoutMatches(".", "0"));
}

TEST_CASE("functional results compare with Python's == on JSON values", "[sandbox][compare]") {
  auto eq = [](const char* a, const char* b) {
    auto r = LcbJsonEqual(a, b);
    REQUIRE(r.has_value());
    return *r;
  };
  CHECK(eq("1", "1.0"));
  CHECK(eq("true", "1"));
  CHECK(eq("false", "0.0"));
  CHECK(eq("[1, 2, 3]", "[1,2,3]"));
  CHECK(eq("{\"a\": 1, \"b\": [true]}", "{\"b\": [1], \"a\": 1.0}"));
  CHECK(eq("123456789012345678901234567890", "123456789012345678901234567890"));
  CHECK(eq("9007199254740992", "9007199254740992.0"));
  CHECK(eq("\"caf\\u00e9\"", "\"caf\xc3\xa9\""));
  CHECK(eq("\"\\ud83d\\ude00\"", "\"\xf0\x9f\x98\x80\""));
  CHECK(eq("null", "null"));
  CHECK(eq("-0", "0"));
  CHECK_FALSE(eq("9007199254740993", "9007199254740992.0"));  // Python compares int and float exactly
  CHECK_FALSE(eq("123456789012345678901234567891", "123456789012345678901234567890"));
  CHECK_FALSE(eq("0.30000000000000004", "0.3"));  // no float tolerance
  CHECK_FALSE(eq("[1, 2]", "[2, 1]"));
  CHECK_FALSE(eq("\"1\"", "1"));
  CHECK_FALSE(eq("null", "0"));
  CHECK_FALSE(eq("NaN", "NaN"));
  CHECK(eq("Infinity", "Infinity"));
  CHECK_FALSE(eq("{\"a\": 1}", "{\"a\": 1, \"b\": 2}"));
  CHECK_FALSE(eq("[[1, 2]]", "[[1, 2], []]"));
  CHECK_FALSE(LcbJsonEqual("[1,", "[1]").has_value());
  CHECK_FALSE(LcbJsonEqual("1", "{'a': 1}").has_value());
  CHECK_FALSE(LcbJsonEqual(std::string(5000, '['), "1").has_value());  // nesting is bounded
}

}  // namespace
}  // namespace r1::sandbox
