// The letter-extraction corpus: realistic response endings with the letter a careful human reads
// in them (tests/fixtures/gpqa/extraction_corpus.jsonl). Agreement must be total; the test
// prints the figure so regressions show up as a number, not just a failure.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "r1/graders/choice_grader.h"

TEST_CASE("letter extraction agrees with the hand-labelled corpus", "[graders][choice]") {
  std::ifstream in(std::string(R1_SOURCE_DIR) + "/tests/fixtures/gpqa/extraction_corpus.jsonl");
  REQUIRE(in);
  int total = 0, agree = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    auto row = nlohmann::json::parse(line);
    auto options = row["options"].get<std::vector<std::string>>();
    auto ex = r1::graders::ExtractChoice(row["response"].get<std::string>(), "stop", options);
    std::string got = ex.index < 0 ? "" : std::string(1, static_cast<char>('A' + ex.index));
    std::string want = row["expect"].is_null() ? "" : row["expect"].get<std::string>();
    ++total;
    agree += got == want;
    INFO(row["response"].get<std::string>() << " -> '" << got << "' by " << ex.method);
    CHECK(got == want);
  }
  REQUIRE(total >= 40);
  WARN("choice extraction agreement: " << agree << "/" << total);
}

TEST_CASE("rule order: Answer: beats boxed beats 'answer is' beats a bare last line",
          "[graders][choice]") {
  std::vector<std::string> four = {"w", "x", "y", "z"};
  using r1::graders::ExtractChoice;
  CHECK(ExtractChoice("\\boxed{B}\nAnswer: A", "stop", four).method == "answer-colon");
  CHECK(ExtractChoice("\\boxed{B}\nAnswer: A", "stop", four).index == 0);
  CHECK(ExtractChoice("the answer is C. \\boxed{B}", "stop", four).index == 1);
  CHECK(ExtractChoice("the answer is C.\nD", "stop", four).index == 2);
  CHECK(ExtractChoice("blah\nD", "stop", four).method == "last-line");
  CHECK(ExtractChoice("Answer: C", "length", four).truncated);
  // Five options offer E; four do not.
  CHECK(ExtractChoice("Answer: E", "stop", {"a", "b", "c", "d", "e"}).index == 4);
  CHECK(ExtractChoice("Answer: E", "stop", four).index == -1);
  // Two options with the same text make a text answer ambiguous: no answer.
  CHECK(ExtractChoice("Answer: same", "stop", {"same", "same", "x", "y"}).index == -1);
}
