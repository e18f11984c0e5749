// The extraction corpus (tests/fixtures/graders/extraction.jsonl): whole responses and the
// answer, method and truncation each must give.
#include <catch2/catch.hpp>

#include "fixture_util.h"
#include "r1/graders/answer_extraction.h"

using r1::graders::ExtractFinalAnswer;
using r1::graders::testing::FixturePath;
using r1::graders::testing::ReadJsonl;

TEST_CASE("every extraction corpus response gives its labelled answer",
          "[graders][extraction][fixture]") {
  auto rows = ReadJsonl(FixturePath("extraction.jsonl"));
  REQUIRE(rows.size() >= 40);
  for (const auto& row : rows) {
    INFO(row.dump());
    REQUIRE_FALSE(row.value("source", "").empty());
    auto ex = ExtractFinalAnswer(row["response"].get<std::string>(),
                                 row["finish_reason"].get<std::string>());
    CHECK(ex.answer == row["answer"].get<std::string>());
    CHECK(ex.method == row["method"].get<std::string>());
    CHECK(ex.truncated == row["truncated"].get<bool>());
  }
}
