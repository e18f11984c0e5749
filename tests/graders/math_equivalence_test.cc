// The labelled corpus (tests/fixtures/graders/math_equivalence.jsonl) and the properties every
// verdict must have: symmetry, an idempotent normal form, stable keys.
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <sstream>

#include "fixture_util.h"
#include "r1/graders/math/equivalence.h"

using r1::graders::math::Answer;
using r1::graders::math::CanonicalKey;
using r1::graders::math::Compare;
using r1::graders::math::Equivalent;
using r1::graders::testing::FixturePath;
using r1::graders::testing::ReadJsonl;

namespace {

std::vector<nlohmann::json> Corpus() {
  static const auto rows = ReadJsonl(FixturePath("math_equivalence.jsonl"));
  return rows;
}

std::string Describe(const nlohmann::json& row) {
  std::ostringstream out;
  out << row["class"].get<std::string>() << ": gold `" << row["gold"].get<std::string>()
      << "` pred `" << row["pred"].get<std::string>() << "` expected "
      << (row["equal"].get<bool>() ? "equal" : "not equal") << " ("
      << row["source"].get<std::string>() << ")";
  return out.str();
}

}  // namespace

TEST_CASE("the corpus is large - balanced and sourced", "[graders][math][fixture]") {
  auto rows = Corpus();
  REQUIRE(rows.size() >= 300);
  std::size_t not_equal = 0;
  for (const auto& row : rows) {
    INFO(row.dump());
    REQUIRE(row.contains("gold"));
    REQUIRE(row.contains("pred"));
    REQUIRE(row.contains("equal"));
    REQUIRE(row.contains("class"));
    REQUIRE_FALSE(row.value("source", "").empty());
    not_equal += row["equal"].get<bool>() ? 0 : 1;
  }
  CHECK(not_equal * 2 >= rows.size());
}

TEST_CASE("every corpus pair gets its labelled verdict", "[graders][math][fixture]") {
  auto rows = Corpus();
  std::vector<std::string> wrong;
  std::map<std::string, std::pair<int, int>> by_class;  // class -> (right, total)
  for (const auto& row : rows) {
    Answer gold = Answer::Parse(row["gold"].get<std::string>());
    Answer pred = Answer::Parse(row["pred"].get<std::string>());
    auto verdict = Compare(gold, pred);
    bool right = verdict.equal == row["equal"].get<bool>();
    auto& tally = by_class[row["class"].get<std::string>()];
    tally.first += right ? 1 : 0;
    ++tally.second;
    if (!right) wrong.push_back(Describe(row) + " -- " + verdict.reason);
  }
  std::ostringstream report;
  report << "agreement " << rows.size() - wrong.size() << "/" << rows.size();
  for (const auto& [cls, tally] : by_class) {
    if (tally.first != tally.second)
      report << "; " << cls << " " << tally.first << "/" << tally.second;
  }
  for (const auto& w : wrong) report << "\n  " << w;
  INFO(report.str());
  CHECK(wrong.empty());
}

TEST_CASE("equivalence is symmetric on every corpus pair", "[graders][math][property]") {
  for (const auto& row : Corpus()) {
    Answer a = Answer::Parse(row["gold"].get<std::string>());
    Answer b = Answer::Parse(row["pred"].get<std::string>());
    INFO(Describe(row));
    auto forward = Compare(a, b);
    auto backward = Compare(b, a);
    // The equation-chain rule reads only the prediction's chain (equivalence.h).
    if (forward.rule == "equation-chain" || backward.rule == "equation-chain") continue;
    CHECK(forward.equal == backward.equal);
  }
}

TEST_CASE("every verdict names the rule that decided it", "[graders][math][explain]") {
  for (const auto& row : Corpus()) {
    auto v = Compare(Answer::Parse(row["gold"].get<std::string>()),
                     Answer::Parse(row["pred"].get<std::string>()));
    INFO(Describe(row) << " -- " << v.reason);
    CHECK_FALSE(v.rule.empty());
    CHECK(v.reason.starts_with("[" + v.rule + "]"));
  }
}

TEST_CASE("the normal form is idempotent and keeps the key", "[graders][math][property]") {
  for (const auto& row : Corpus()) {
    for (const char* side : {"gold", "pred"}) {
      Answer a = Answer::Parse(row[side].get<std::string>());
      if (!a.parsed()) continue;
      std::string once = a.Normalized();
      Answer again = Answer::Parse(once);
      INFO(row[side].get<std::string>() << " -> " << once << " (" << again.error() << ")");
      REQUIRE(again.parsed());
      CHECK(again.Normalized() == once);
      CHECK(CanonicalKey(again) == CanonicalKey(a));
      CHECK(Compare(a, again).equal);
    }
  }
}

TEST_CASE("every answer equals itself", "[graders][math][property]") {
  for (const auto& row : Corpus()) {
    for (const char* side : {"gold", "pred"}) {
      std::string text = row[side].get<std::string>();
      if (text.empty()) continue;
      INFO(text);
      CHECK(Equivalent(text, text));
    }
  }
}

TEST_CASE("keys are deterministic and most equal pairs share one", "[graders][math][key]") {
  int equal_pairs = 0, shared = 0;
  for (const auto& row : Corpus()) {
    Answer gold = Answer::Parse(row["gold"].get<std::string>());
    Answer pred = Answer::Parse(row["pred"].get<std::string>());
    CHECK(CanonicalKey(gold) == CanonicalKey(Answer::Parse(row["gold"].get<std::string>())));
    if (!row["equal"].get<bool>()) continue;
    ++equal_pairs;
    shared += CanonicalKey(gold) == CanonicalKey(pred) ? 1 : 0;
  }
  INFO("equal pairs sharing a key: " << shared << "/" << equal_pairs);
  // Keys cannot follow every rule (x = 5 matches 5 and y = 5 but those do not match each
  // other), so this is a floor, not an identity.
  CHECK(shared * 10 >= equal_pairs * 9);
}

TEST_CASE("keys read as intended", "[graders][math][key]") {
  auto key = [](std::string_view s) { return CanonicalKey(Answer::Parse(s)); };
  CHECK(key("\\frac{6}{8}") == "3/4");
  CHECK(key("0.75") == "3/4");
  CHECK(key("6 - 5i") == "6-5i");
  CHECK(key("-i") == "-i");
  CHECK(key("25\\%") == "25");
  CHECK(key("\\sin(\\pi/6)") == "1/2");
  CHECK(key("\\sqrt{8}") == key("2\\sqrt{2}"));
  CHECK(key("\\sqrt{8}").starts_with("~2.8284271247461900976"));
  CHECK(key("3, 1, 2") == "{1,2,3}");
  CHECK(key("(3, 1)") == "(3,1)");
  CHECK(key("[1, 2)") == "[1,2)");
  CHECK(key("x \\le 3") == "(-inf,3]");
  CHECK(key("\\text{(C)}") == "c");
  CHECK(key("C") == "c");
  CHECK(key("x = 5") == "5");
  CHECK(key("2516_8") == "2516_8");
  CHECK(key("(x+1)^2") == key("x^2+2x+1"));
  CHECK(key("\\sin^2 x + \\cos^2 x") == "1");
  CHECK(key("x+y=3") == key("2x+2y=6"));
}
