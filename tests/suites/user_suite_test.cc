// User suite files: one of each grader type, graded end to end through the grader registry, and
// one-line errors that name the file, the field and the value.
#include "r1/suites/user_suite.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "r1/graders/registry.h"
#include "r1/suites/registry.h"
#include "support/temp_dir.h"

using r1::suites::LoadSuiteFile;

namespace {

const std::string kDir = std::string(R1_SOURCE_DIR) + "/tests/fixtures/suites/";

std::unique_ptr<r1::Suite> Make(const std::string& file) {
  auto entry = LoadSuiteFile(kDir + file);
  if (!entry) FAIL(entry.error().message);
  CHECK(entry->self_contained);
  auto suite = entry->make(r1::SuiteOptions{});
  if (!suite) FAIL(suite.error().message);
  return std::move(*suite);
}

r1::Grade GradeWith(const r1::Suite& suite, std::size_t problem, int sample,
                    const std::string& text) {
  r1::graders::GraderRegistry registry;
  r1::graders::RegisterGraders(registry);
  auto grader = registry.Make(suite.GraderKey());
  REQUIRE(grader.has_value());
  const auto& p = suite.Problems()[problem];
  r1::Completion c;
  c.content = text;
  c.finish_reason = "stop";
  return (*grader)->GradeCompletion(p, c, suite.Render(p, sample).sample_data);
}

std::string ErrorOf(const std::string& json, const std::string& rows = "") {
  r1::testing::TempDir tmp;
  if (!rows.empty()) tmp.Write("rows.jsonl", rows);
  std::string path = tmp.Write("s.json", json);
  auto entry = LoadSuiteFile(path);
  std::string message;
  if (!entry) {
    message = entry.error().message;
  } else {
    auto suite = entry->make(r1::SuiteOptions{});
    message = suite ? "" : suite.error().message;
  }
  // Paths differ per run; keep the part after the folder.
  auto pos = message.find(tmp.path().string());
  while (pos != std::string::npos) {
    message.replace(pos, tmp.path().string().size() + 1, "");
    pos = message.find(tmp.path().string());
  }
  return message;
}

}  // namespace

TEST_CASE("a math suite file: default R1 prompt - math grader", "[suites][user]") {
  auto suite = Make("math.json");
  CHECK(suite->Name() == "tiny-math");
  CHECK(suite->GraderKey() == "math");
  REQUIRE(suite->Problems().size() == 2);
  CHECK(suite->Render(suite->Problems()[0], 0).messages[0].content ==
        "What is one half plus one quarter?\nPlease reason step by step, and put your final "
        "answer within \\boxed{}.");
  CHECK(GradeWith(*suite, 0, 0, "<think>..</think>\\boxed{0.75}").correct);
  CHECK_FALSE(GradeWith(*suite, 1, 0, "\\boxed{41}").correct);
  CHECK(suite->PromptVersion().starts_with("user-"));
}

TEST_CASE("a choice suite file: letters - indexes and texts as gold - shuffled by its seed",
          "[suites][user]") {
  auto suite = Make("choice.json");
  REQUIRE(suite->Problems().size() == 3);
  CHECK(suite->GraderKey() == "choice");
  CHECK(suite->Problems()[0].gold == "apple");
  CHECK(suite->Problems()[1].gold == "8");
  CHECK(suite->Problems()[2].gold == "sky");
  for (std::size_t i = 0; i < 3; ++i) {
    for (int s = 0; s < 4; ++s) {
      auto data = nlohmann::json::parse(suite->Render(suite->Problems()[i], s).sample_data);
      std::string letter = data["answer"];
      CHECK(GradeWith(*suite, i, s, "Answer: " + letter).correct);
      CHECK(GradeWith(*suite, i, s, "Answer: " + letter).canonical_key ==
            "option " + std::to_string(i == 0   ? 1
                                       : i == 1 ? 2
                                                : 0));
    }
  }
  // Five options: the prompt offers ABCDE.
  auto prompt = suite->Render(suite->Problems()[1], 0).messages[0].content;
  CHECK(prompt.find("where LETTER is one of ABCDE.") != std::string::npos);
  CHECK(prompt.find("\nE) ") != std::string::npos);
  CHECK(GradeWith(*suite, 2, 0, "\\boxed{sky2}").canonical_key == "option 1");
}

TEST_CASE("exact - regex - check and code suite files grade through their graders",
          "[suites][user]") {
  auto exact = Make("exact.json");
  CHECK(exact->Render(exact->Problems()[0], 0).messages[0].content ==
        "Name the capital of France.\nPut the final answer in \\boxed{}.");
  CHECK(GradeWith(*exact, 0, 0, "It is \\boxed{\\text{paris}}.").correct);
  CHECK_FALSE(GradeWith(*exact, 0, 0, "\\boxed{Lyon}").correct);

  auto regex = Make("regex.json");
  CHECK(GradeWith(*regex, 0, 0, "\\boxed{42}").correct);
  CHECK_FALSE(GradeWith(*regex, 0, 0, "\\boxed{43}").correct);
  CHECK_FALSE(GradeWith(*regex, 0, 0, "\\boxed{142}").correct);

  auto check = Make("check.json");
  CHECK(check->Render(check->Problems()[0], 0).messages[0].content == "How many l in hello?");
  CHECK(GradeWith(*check, 0, 0, "\\boxed{2}").correct);
  CHECK_FALSE(GradeWith(*check, 0, 0, "\\boxed{3}").correct);
  CHECK(GradeWith(*check, 1, 0, "I have a cat.\nShe sees a cat!\nWe all love the cat.").correct);
  CHECK_FALSE(GradeWith(*check, 1, 0, "I have a cat.\nShe sees a dog.\nWe love the cat.").correct);

  auto code = Make("code.json");
  auto g = GradeWith(*code, 0, 0, "```bash\ncat\n```");
  CHECK_FALSE(g.correct);
  CHECK(g.unscored);  // no sandbox: no verdict, never a wrong answer
  CHECK(g.detail.find("sandbox") != std::string::npos);
}

TEST_CASE("bad suite files fail with one line naming file - field and value", "[suites][user]") {
  const std::string rows = "{\"id\": 1, \"question\": \"q\", \"answer\": \"a\"}\n";
  CHECK(ErrorOf("{\"name\": \"x\", \"data\": \"rows.jsonl\", \"grader\": \"fuzzy\"}", rows) ==
        "s.json: field 'grader': unknown grader 'fuzzy' (known: math, integer, choice, exact, "
        "regex, check, code)");
  CHECK(ErrorOf("{\"name\": \"x\", \"data\": \"nope.jsonl\", \"grader\": \"exact\"}") ==
        "s.json: field 'data': 'nope.jsonl': no such file (nope.jsonl)");
  CHECK(ErrorOf("{\"data\": \"rows.jsonl\", \"grader\": \"exact\"}", rows) ==
        "s.json: field 'name': missing (a string)");
  CHECK(ErrorOf("{\"name\": \"a b\", \"data\": \"rows.jsonl\", \"grader\": \"exact\"}", rows) ==
        "s.json: field 'name': 'a b' (use letters, digits, '.', '_', '-')");
  CHECK(
      ErrorOf("{\"name\": \"x\", \"data\": \"rows.jsonl\", \"grader\": \"exact\", \"promt\": \"\"}",
              rows) ==
      "s.json: unknown field 'promt' (known: name, description, data, grader, prompt, fields, "
      "shuffle, seed, breakdowns)");
  CHECK(ErrorOf("{\"name\": \"x\", \"data\": \"rows.jsonl\", \"grader\": \"exact\", \"prompt\": "
                "\"no slot\"}",
                rows) == "s.json: field 'prompt': has no {question} slot");
  CHECK(ErrorOf("{\"name\": \"x\", \"data\": \"rows.jsonl\", \"grader\": \"exact\", \"seed\": 3}",
                rows) == "s.json: field 'seed': only applies to grader 'choice'");
  CHECK(ErrorOf("{\"name\": \"x\", \"data\": \"rows.jsonl\", \"grader\": 7}", rows) ==
        "s.json: field 'grader': 7 is not a string");
  CHECK(ErrorOf("[1, 2]") == "s.json: not a JSON object");
  CHECK(ErrorOf("{\"name\": \"x\", \"data\": \"rows.jsonl\", \"grader\": \"exact\", \"fields\": "
                "{\"answr\": \"a\"}}",
                rows) ==
        "s.json: field 'fields.answr': unknown (known: id, question, answer, choices)");
  // Data errors name the data file and line.
  CHECK(ErrorOf("{\"name\": \"x\", \"data\": \"rows.jsonl\", \"grader\": \"choice\"}", rows) ==
        "suite 'x': rows.jsonl: problem '1': field 'choices' must be a list of 2..26 strings");
  CHECK(ErrorOf(
            "{\"name\": \"x\", \"data\": \"rows.jsonl\", \"grader\": \"choice\"}",
            "{\"id\": 1, \"question\": \"q\", \"choices\": [\"a\", \"b\"], \"answer\": \"c\"}\n") ==
        "suite 'x': rows.jsonl: problem '1': field 'answer': 'c' is neither a letter, a 0-based "
        "index nor the text of a choice");
  CHECK(ErrorOf("{\"name\": \"x\", \"data\": \"rows.jsonl\", \"grader\": \"exact\"}",
                "{\"id\": 1, \"question\": \"q\"}\n") ==
        "suite 'x': rows.jsonl: line 1: missing field 'answer' (a string or number)");
}

TEST_CASE("a suite file declares the row fields its reports break down by", "[suites][user]") {
  r1::testing::TempDir tmp;
  tmp.Write("rows.jsonl",
            "{\"id\": 1, \"question\": \"q1\", \"answer\": \"1\", \"difficulty\": \"easy\", \"year\": 2024}\n"
            "{\"id\": 2, \"question\": \"q2\", \"answer\": \"2\", \"difficulty\": \"hard\"}\n"
            "{\"id\": 3, \"question\": \"q3\", \"answer\": \"3\", \"url\": \"x\"}\n");
  auto entry = LoadSuiteFile(tmp.Write(
      "s.json", "{\"name\": \"x\", \"data\": \"rows.jsonl\", \"grader\": \"exact\", "
                "\"breakdowns\": [\"difficulty\", \"year\"]}"));
  REQUIRE(entry.has_value());
  CHECK(entry->breakdowns == std::vector<std::string>{"difficulty", "year"});
  auto suite = entry->make(r1::SuiteOptions{});
  REQUIRE(suite.has_value());
  const auto& problems = (*suite)->Problems();
  REQUIRE(problems.size() == 3);
  using Meta = std::vector<std::pair<std::string, std::string>>;
  CHECK(problems[0].meta == Meta{{"difficulty", "easy"}, {"year", "2024"}});
  CHECK(problems[1].meta == Meta{{"difficulty", "hard"}});
  CHECK(problems[2].meta.empty());  // fields not declared stay out of meta (no "by url" noise)

  // Without the key, nothing is declared.
  auto plain = LoadSuiteFile(
      tmp.Write("p.json", "{\"name\": \"x\", \"data\": \"rows.jsonl\", \"grader\": \"exact\"}"));
  REQUIRE(plain.has_value());
  CHECK(plain->breakdowns.empty());
}

TEST_CASE("bad breakdowns in a suite file fail with one line naming the field and value",
          "[suites][user]") {
  const std::string rows = "{\"id\": 1, \"question\": \"q\", \"answer\": \"a\", \"level\": 3}\n";
  auto with = [&](const std::string& list) {
    return ErrorOf("{\"name\": \"x\", \"data\": \"rows.jsonl\", \"grader\": \"exact\", "
                   "\"breakdowns\": " + list + "}",
                   rows);
  };
  CHECK(with("[\"level\"]").empty());
  CHECK(with("\"level\"") == "s.json: field 'breakdowns': \"level\" is not a list of field names");
  CHECK(with("[3]") == "s.json: field 'breakdowns': 3 is not a field name");
  CHECK(with("[\"level\", \"level\"]") == "s.json: field 'breakdowns': 'level' is listed twice");
  CHECK(with("[\"answer\"]") ==
        "s.json: field 'breakdowns': 'answer' is the problem's id, question, answer or choices, "
        "not an attribute");
  // A typo would silently break down by nothing.
  CHECK(with("[\"levle\"]") == "s.json: field 'breakdowns': 'levle' is in no row of rows.jsonl");
}
