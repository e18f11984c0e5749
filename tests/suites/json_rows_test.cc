#include "r1/suites/json_rows.h"

#include <catch2/catch.hpp>

#include "support/temp_dir.h"

using r1::suites::FieldSpec;
using r1::suites::LoadJsonRows;

namespace {
FieldSpec Fields() { return FieldSpec{{"id"}, {"problem"}, {"answer"}, {"level"}}; }
}  // namespace

TEST_CASE("json rows name file - line and field for a missing field", "[suites]") {
  r1::testing::TempDir tmp;
  std::string file = tmp.Write("d/a.jsonl", "{\"id\":1,\"problem\":\"p\",\"answer\":\"1\"}\n"
                                            "{\"id\":2,\"problem\":\"q\"}\n");
  auto rows = LoadJsonRows(tmp / "d", Fields());
  REQUIRE_FALSE(rows.has_value());
  CHECK(rows.error().code == r1::ErrorCode::kInvalidArgument);
  CHECK(rows.error().message == file + ": line 2: missing field 'answer' (a string or number)");
}

TEST_CASE("json rows reject a line that is not JSON", "[suites]") {
  r1::testing::TempDir tmp;
  std::string file = tmp.Write("d/a.jsonl", "{\"id\":1,\"problem\":\"p\",\"answer\":1}\n\nnot json\n");
  auto rows = LoadJsonRows(tmp / "d", Fields());
  REQUIRE_FALSE(rows.has_value());
  CHECK(rows.error().message == file + ": line 3: not valid JSON");
}

TEST_CASE("json rows report an empty or missing folder as not found", "[suites]") {
  r1::testing::TempDir tmp;
  auto missing = LoadJsonRows(tmp / "nope", Fields());
  CHECK(missing.error().code == r1::ErrorCode::kNotFound);
  tmp.Write("empty/readme.txt", "x");
  auto empty = LoadJsonRows(tmp / "empty", Fields());
  CHECK(empty.error().code == r1::ErrorCode::kNotFound);
  CHECK(empty.error().message.find("no *.jsonl") != std::string::npos);
}

TEST_CASE("json rows accept arrays - numbers as answers - meta fields and duplicate checks",
          "[suites]") {
  r1::testing::TempDir tmp;
  tmp.Write("d/a.json", R"([{"id":"x","problem":"p","answer":5,"level":3}])");
  tmp.Write("d/b.jsonl", R"({"id":"y","problem":"q","answer":"7"})");
  auto rows = LoadJsonRows(tmp / "d", Fields());
  REQUIRE(rows.has_value());
  REQUIRE(rows->problems.size() == 2);
  CHECK(rows->problems[0].gold == "5");
  CHECK(rows->problems[0].meta.at(0) == std::pair<std::string, std::string>{"level", "3"});
  auto before = rows->data_version;
  tmp.Write("d/b.jsonl", R"({"id":"x","problem":"q","answer":"7"})");
  auto dup = LoadJsonRows(tmp / "d", Fields());
  REQUIRE_FALSE(dup.has_value());
  CHECK(dup.error().message.find("duplicate problem id 'x'") != std::string::npos);
  tmp.Write("d/b.jsonl", R"({"id":"y","problem":"q","answer":"8"})");
  CHECK(LoadJsonRows(tmp / "d", Fields())->data_version != before);
}
