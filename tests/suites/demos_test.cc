// The r1-demos suite and the programmatic checks behind it, on hand-written responses.
#include <catch2/catch.hpp>

#include "r1/graders/check_grader.h"
#include "r1/graders/registry.h"
#include "r1/suites/registry.h"

namespace {

struct Demos {
  Demos() {
    r1::suites::SuiteRegistry registry;
    r1::suites::RegisterSuites(registry);
    auto entry = registry.Find("r1-demos");
    REQUIRE(entry.has_value());
    CHECK((*entry)->self_contained);
    auto made = (*entry)->make(r1::SuiteOptions{});
    if (!made) FAIL(made.error().message);
    suite = std::move(*made);
    grader = r1::graders::MakeCheckGrader();
  }
  r1::Grade Grade(const std::string& id, const std::string& text) {
    for (const auto& p : suite->Problems()) {
      if (p.id != id) continue;
      r1::Completion c;
      c.content = text;
      c.finish_reason = "stop";
      return grader->GradeCompletion(p, c, "");
    }
    FAIL("no problem " << id);
    return {};
  }
  std::unique_ptr<r1::Suite> suite;
  std::unique_ptr<r1::Grader> grader;
};

}  // namespace

TEST_CASE("r1-demos is built in - uses the check grader and renders bare questions",
          "[suites][demos]") {
  Demos d;
  CHECK(d.suite->GraderKey() == "check");
  REQUIRE(d.suite->Problems().size() == 7);
  const auto& candles = d.suite->Problems()[5];
  CHECK(candles.id == "candles");
  CHECK(d.suite->Render(candles, 0).messages[0].content.find("\n3) =========\n") !=
        std::string::npos);
}

TEST_CASE("demo checks: letters - marble - candles", "[suites][demos]") {
  Demos d;
  CHECK(d.Grade("letters-strawberry", "<think>s-t-r-a-w-b-e-r-r-y</think>There are \\boxed{3}.")
            .correct);
  CHECK_FALSE(d.Grade("letters-strawberry", "<think>..</think>\\boxed{2}").correct);
  CHECK(d.Grade("letters-mississippi", "\\boxed{4}").correct);
  CHECK(d.Grade("marble-microwave", "It fell out: \\boxed{on the table}").correct);
  CHECK_FALSE(d.Grade("marble-microwave", "\\boxed{in the microwave, inside the cup}").correct);
  CHECK_FALSE(d.Grade("marble-microwave", "\\boxed{in the cup}").correct);
  CHECK(d.Grade("candles", "The longest one burned least: \\boxed{3}").correct);
  CHECK_FALSE(d.Grade("candles", "\\boxed{4}").correct);
}

TEST_CASE("demo checks: ten sentences ending with a word", "[suites][demos]") {
  Demos d;
  std::string ten;
  for (int i = 1; i <= 10; ++i)
    ten += std::to_string(i) + ". Sentence " + std::to_string(i) + " mentions an apple.\n";
  CHECK(d.Grade("sentences-apple", "<think>ok</think>Here they are:\n\n" + ten).correct);
  CHECK(d.Grade("sentences-apple", "<think>ok</think>" + ten).extracted ==
        "10/10 sentences end with 'apple'");
  std::string nine_of_ten = ten;
  nine_of_ten.replace(nine_of_ten.rfind("apple"), 5, "pear");
  CHECK_FALSE(d.Grade("sentences-apple", nine_of_ten).correct);
  std::string eleven = ten + "And one more apple!\n";
  CHECK_FALSE(d.Grade("sentences-apple", eleven).correct);
  // Quotes, bold and exclamation marks after the word are fine; two sentences on a line count.
  std::string mixed;
  for (int i = 0; i < 5; ++i) mixed += "She said \"apple.\" **I ate the apple!**\n";
  CHECK(d.Grade("sentences-apple", mixed).correct);
}

TEST_CASE("demo checks: one pair of parentheses", "[suites][demos]") {
  Demos d;
  CHECK(d.Grade("parentheses-387",
                "\\boxed{1 + 2 \\times 3 + 4 \\times (5 + 6) \\times 7 + 8 \\times 9}")
            .correct);
  CHECK(d.Grade("parentheses-387", "\\boxed{1+2*3+4*(5+6)*7+8*9 = 387}").correct);
  // Right value but not the given expression, or two pairs.
  CHECK_FALSE(d.Grade("parentheses-387", "\\boxed{387}").correct);
  CHECK_FALSE(d.Grade("parentheses-387", "\\boxed{(1 + 2) * 3 + 4 * 5 + 6 * 7 + 8 * 9}").correct);
  CHECK_FALSE(d.Grade("parentheses-387", "\\boxed{1+2*3+(4*(5+6))*7+8*9}").correct);
  CHECK(r1::graders::EvaluateArithmetic("1+2*3+4*(5+6)*7+8*9") == 387);
  CHECK(r1::graders::EvaluateArithmetic("-(2-5)*4/6") == 2);
  CHECK_FALSE(r1::graders::EvaluateArithmetic("7/2").has_value());
  CHECK_FALSE(r1::graders::EvaluateArithmetic("1/0").has_value());
  CHECK_FALSE(r1::graders::EvaluateArithmetic("99999999999*99999999999").has_value());
  CHECK_FALSE(r1::graders::EvaluateArithmetic("(1+2").has_value());
}

TEST_CASE("demo checks: the bash transpose waits for the sandbox", "[suites][demos]") {
  Demos d;
  auto g = d.Grade("bash-transpose", "```bash\nread m; echo \"$m\"\n```");
  CHECK_FALSE(g.correct);
  CHECK(g.unscored);  // no sandbox: no verdict, never a wrong answer
  CHECK(g.detail.find("sandbox") != std::string::npos);
}
