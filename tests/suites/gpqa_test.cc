// GPQA Diamond on made-up questions in the official CSV shape: loading from the CSV or the
// authors' encrypted archive, CPython-compatible shuffling, and grading through the "choice"
// grader so the suite's sample data and the grader's reading of it are tested together.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "r1/graders/choice_grader.h"
#include "r1/graders/metrics.h"
#include "r1/suites/choice_order.h"
#include "r1/suites/choice_suite.h"
#include "r1/suites/registry.h"
#include "support/skip.h"
#include "support/temp_dir.h"

using nlohmann::json;
using r1::suites::ChoiceOrderStream;
using r1::suites::PythonRandom;

namespace {

const std::string kFixtures = std::string(R1_SOURCE_DIR) + "/tests/fixtures/gpqa";

std::unique_ptr<r1::Suite> LoadGpqa(const std::string& dir) {
  r1::suites::SuiteRegistry registry;
  r1::suites::RegisterSuites(registry);
  auto entry = registry.Find("gpqa-diamond");
  REQUIRE(entry.has_value());
  auto suite = (*entry)->make(r1::SuiteOptions{dir});
  if (!suite) FAIL(suite.error().message);
  return std::move(*suite);
}

// A synthetic CSV of n questions (Record IDs rec0..), for shuffle statistics.
std::string SyntheticCsv(int n) {
  std::string csv =
      "Question,Correct Answer,Incorrect Answer 1,Incorrect Answer 2,"
      "Incorrect Answer 3,Record ID,High-level domain,Subdomain\n";
  for (int i = 0; i < n; ++i) {
    std::string s = std::to_string(i);
    csv += "\"q" + s + "\",right" + s + ",wrong" + s + "a,wrong" + s + "b,wrong" + s + "c,rec" + s +
           ",Physics,Made-up\n";
  }
  return csv;
}

r1::Completion Says(std::string text) {
  r1::Completion c;
  c.content = std::move(text);
  c.finish_reason = "stop";
  return c;
}

}  // namespace

TEST_CASE("CPython's Random(0) is reproduced bit for bit", "[suites][gpqa]") {
  PythonRandom rng(0);
  CHECK(rng.NextUint32() == 3626764237u);
  CHECK(rng.NextUint32() == 1654615998u);
  CHECK(rng.NextUint32() == 3255389356u);

  // simple-evals' first eight permutations and gold letters (datasets.md section 4).
  ChoiceOrderStream stream(0, 4);
  std::vector<std::vector<int>> expected = {{3, 1, 0, 2}, {3, 1, 2, 0}, {2, 3, 0, 1}, {2, 0, 3, 1},
                                            {1, 3, 0, 2}, {2, 1, 0, 3}, {3, 1, 0, 2}, {3, 2, 1, 0}};
  std::string letters;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    auto order = stream.Draw(i);
    CHECK(order == expected[i]);
    for (int pos = 0; pos < 4; ++pos) {
      if (order[pos] == 0) letters += static_cast<char>('A' + pos);
    }
  }
  CHECK(letters == "CDCBCCCD");
  CHECK(stream.Draw(13) == std::vector<int>{2, 3, 1, 0});  // random.Random(0), 14th sample()
  CHECK(stream.Draw(2) == expected[2]);                    // cached draws do not move

  ChoiceOrderStream five(7, 5);  // other seeds and sizes: Random(7).sample(range(5), 5)
  CHECK(five.Draw(0) == std::vector<int>{2, 1, 3, 0, 4});
  CHECK(five.Draw(1) == std::vector<int>{4, 0, 1, 3, 2});
}

TEST_CASE("gpqa-diamond reads the official CSV shape: BOM - quoted newlines - Record IDs",
          "[suites][gpqa]") {
  auto suite = LoadGpqa(kFixtures);
  CHECK(suite->Name() == "gpqa-diamond");
  CHECK(suite->GraderKey() == "choice");
  const auto& problems = suite->Problems();
  REQUIRE(problems.size() == 5);
  CHECK(problems[0].id == "recFAKE0001");
  CHECK(problems[1].question.find("imaginary\r\nreagent \"Zed\"") != std::string::npos);
  CHECK(problems[0].gold == "sp");
  CHECK(problems[0].meta == std::vector<std::pair<std::string, std::string>>{
                                {"domain", "Physics"}, {"subdomain", "Made-up mechanics"}});

  auto prompt = suite->Render(problems[0], 0);
  REQUIRE(prompt.messages.size() == 1);
  CHECK(prompt.messages[0].role == "user");
  const std::string& text = prompt.messages[0].content;
  CHECK(
      text.starts_with("Answer the following multiple choice question. The last line of your "
                       "response should be of the following format: 'Answer: $LETTER' (without "
                       "quotes) where LETTER is one of ABCD. Think step by step before "
                       "answering.\n\nA made-up kitchen question:"));
  // Draw 0 of Random(0) is [3,1,0,2]: options spoon, sp2, sp, s p; the gold "sp" is C.
  CHECK(text.ends_with("\n\nA) spoon\nB) sp2\nC) sp\nD) s p"));
  auto data = json::parse(prompt.sample_data);
  CHECK(data["order"] == json({3, 1, 0, 2}));
  CHECK(data["answer"] == "C");
  CHECK(data["seed"] == 0);
  CHECK(data["draw"] == 0);
  // Sample 1 of question 0 is draw N*1 + 0 = 5 of the stream: simple-evals' second repeat.
  CHECK(json::parse(suite->Render(problems[0], 1).sample_data)["order"] == json({2, 1, 0, 3}));
}

TEST_CASE("the encrypted dataset.zip gives the same problems and data version as the CSV",
          "[suites][gpqa]") {
  if (std::system("zip -v >/dev/null 2>&1") != 0) {
    R1_SKIP("the zip program is not installed");
  }
  r1::testing::TempDir tmp;
  tmp.Write("src/dataset/gpqa_diamond.csv", r1::testing::ReadFile(kFixtures + "/gpqa_diamond.csv"));
  tmp.Write("src/dataset/gpqa_main.csv", "unrelated\n");
  std::filesystem::create_directories(tmp / "data");
  std::string cmd = "cd '" + (tmp / "src") + "' && zip -q -r -P deserted-untie-orchid '" +
                    (tmp / "data/dataset.zip") + "' dataset";
  REQUIRE(std::system(cmd.c_str()) == 0);
  auto from_zip = LoadGpqa(tmp / "data");
  auto from_csv = LoadGpqa(kFixtures);
  REQUIRE(from_zip->Problems().size() == from_csv->Problems().size());
  CHECK(from_zip->Problems()[3].question == from_csv->Problems()[3].question);
  CHECK(from_zip->DataVersion() == from_csv->DataVersion());
}

TEST_CASE("gpqa-diamond errors name the file and column - never question text", "[suites][gpqa]") {
  r1::testing::TempDir tmp;
  r1::suites::SuiteRegistry registry;
  r1::suites::RegisterSuites(registry);
  auto entry = *registry.Find("gpqa-diamond");
  REQUIRE(entry->files.size() == 1);
  CHECK(entry->files[0].name == "dataset.zip");

  auto empty = entry->make(r1::SuiteOptions{tmp / "nothing"});
  REQUIRE_FALSE(empty.has_value());
  CHECK(empty.error().code == r1::ErrorCode::kNotFound);
  CHECK(empty.error().message.find("neither gpqa_diamond.csv nor dataset.zip") !=
        std::string::npos);

  tmp.Write("bad/gpqa_diamond.csv", "Question,Correct Answer,Record ID\n\"secret text\",x,rec1\n");
  auto bad = entry->make(r1::SuiteOptions{tmp / "bad"});
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().message.find("missing column 'Incorrect Answer 1'") != std::string::npos);
  CHECK(bad.error().message.find("secret") == std::string::npos);

  tmp.Write("blank/gpqa_diamond.csv", SyntheticCsv(2).substr(0, SyntheticCsv(2).rfind("\"q1\"")) +
                                          "\"secret q\",,w,w,w,recX,Physics,Made-up\n");
  auto blank = entry->make(r1::SuiteOptions{tmp / "blank"});
  REQUIRE_FALSE(blank.has_value());
  CHECK(blank.error().message.find("line 3 (Record ID recX): empty 'Correct Answer'") !=
        std::string::npos);
  CHECK(blank.error().message.find("secret") == std::string::npos);
}

TEST_CASE("gold letters spread evenly over questions and samples (the all-'D' seeding bug)",
          "[suites][gpqa]") {
  r1::testing::TempDir tmp;
  tmp.Write("g/gpqa_diamond.csv", SyntheticCsv(198));
  auto suite = LoadGpqa(tmp / "g");
  std::map<std::string, int> letters;
  std::set<std::string> per_question_letters;
  int constant_questions = 0;
  const int kSamples = 8;
  for (const auto& p : suite->Problems()) {
    std::set<std::string> seen;
    for (int s = 0; s < kSamples; ++s) {
      auto prompt = suite->Render(p, s);
      std::string gold = json::parse(prompt.sample_data)["answer"];
      ++letters[gold];
      seen.insert(gold);
      // Rendering is deterministic: the same (question, sample) always gives the same order.
      CHECK(suite->Render(p, s).messages[0].content == prompt.messages[0].content);
    }
    constant_questions += seen.size() == 1;
  }
  const int total = 198 * kSamples;
  REQUIRE(letters.size() == 4);
  for (const auto& [letter, count] : letters) {
    INFO(letter << ": " << count);
    CHECK(count > total / 4 * 0.85);
    CHECK(count < total / 4 * 1.15);
  }
  // With 8 independent draws a question keeps one letter with probability 4/4^8.
  CHECK(constant_questions == 0);
}

TEST_CASE("the choice grader maps letters back to options - cons@k votes on the option",
          "[suites][gpqa][graders]") {
  auto suite = LoadGpqa(kFixtures);
  auto grader = r1::graders::MakeChoiceGrader();
  const auto& problem = suite->Problems()[0];  // options sp (correct), sp2, s p, spoon

  // Sample 0 shows [spoon, sp2, sp, s p]; sample 1 shows [s p, sp2, sp, spoon] (draws 0 and 5).
  auto p0 = suite->Render(problem, 0);
  auto p1 = suite->Render(problem, 1);
  auto g0 = grader->GradeCompletion(problem, Says("<think>..</think>Answer: C"), p0.sample_data);
  CHECK(g0.correct);
  CHECK(g0.extracted == "C");
  CHECK(g0.canonical_key == "option 0");
  auto g1 = grader->GradeCompletion(problem, Says("<think>..</think>Answer: C"), p1.sample_data);
  CHECK(g1.correct);  // the same letter again names the same option here
  auto wrong = grader->GradeCompletion(problem, Says("Answer: A"), p0.sample_data);
  CHECK_FALSE(wrong.correct);
  CHECK(wrong.canonical_key == "option 3");  // "spoon" is Incorrect Answer 3
  auto wrong1 = grader->GradeCompletion(problem, Says("Answer: D"), p1.sample_data);
  CHECK(wrong1.canonical_key == "option 3");  // the same option under another letter

  // Text answers map to the option with exactly that text: "sp2" is not "sp".
  auto text = grader->GradeCompletion(problem, Says("Answer: sp2"), p0.sample_data);
  CHECK(text.extracted == "B");
  CHECK(text.canonical_key == "option 1");
  CHECK_FALSE(text.correct);
  auto prefix = grader->GradeCompletion(problem, Says("\\boxed{sp}"), p1.sample_data);
  CHECK(prefix.canonical_key == "option 0");
  CHECK(prefix.correct);

  auto truncated = r1::Completion(Says("<think>Answer: C"));
  CHECK(grader->GradeCompletion(problem, truncated, p0.sample_data).truncated);

  // Three samples: two pick "spoon" under letters A and D, one picks the gold. Voting on letters
  // would split A/D and let the correct answer win; voting on options picks spoon.
  auto p2 = suite->Render(problem, 2);
  auto d2 = json::parse(p2.sample_data);
  std::vector<r1::graders::SampleOutcome> votes;
  int idx = 0;
  for (auto [prompt, answer] : std::vector<std::pair<r1::Prompt, std::string>>{
           {p0, "A"}, {p1, "D"}, {p2, d2["answer"].get<std::string>()}}) {
    auto g = grader->GradeCompletion(problem, Says("Answer: " + answer), prompt.sample_data);
    votes.push_back({idx++, false, false, g.correct, g.canonical_key, 10});
  }
  CHECK(votes[2].correct);
  CHECK(votes[0].key == votes[1].key);
  auto vote = r1::graders::MajorityVote(votes);
  CHECK(vote.key == "option 3");
  CHECK_FALSE(vote.correct);
}
