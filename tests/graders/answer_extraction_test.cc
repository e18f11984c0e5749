#include "r1/graders/answer_extraction.h"

#include <catch2/catch.hpp>
#include <chrono>

using r1::graders::ExtractFinalAnswer;
using r1::graders::ExtractLastBoxed;

TEST_CASE("extraction takes the last boxed answer after the thinking", "[graders][extraction]") {
  auto ex = ExtractFinalAnswer("<think>maybe \\boxed{12}</think>So \\boxed{33}.", "stop");
  CHECK(ex.answer == "33");
  CHECK_FALSE(ex.truncated);
  CHECK(ExtractFinalAnswer("first \\boxed{1} then \\boxed{2}", "stop").answer == "2");
}

TEST_CASE("extraction ignores boxes inside the thinking", "[graders][extraction]") {
  auto ex = ExtractFinalAnswer("<think>\\boxed{12}</think>I give up.", "stop");
  CHECK(ex.answer.empty());
  CHECK_FALSE(ex.truncated);
}

TEST_CASE("thinking that never closes is truncated with no answer", "[graders][extraction]") {
  auto ex = ExtractFinalAnswer("<think>so the answer is \\boxed{5}", "stop");
  CHECK(ex.truncated);
  CHECK(ex.answer.empty());
}

TEST_CASE("finish_reason length is truncated even with a box", "[graders][extraction]") {
  auto ex = ExtractFinalAnswer("</think>\\boxed{5}", "length");
  CHECK(ex.truncated);
  CHECK(ex.answer.empty());
}

TEST_CASE("a closing think without an opening one splits there", "[graders][extraction]") {
  // R1 chat templates put "<think>\n" in the prompt, so the response starts mid-thought.
  CHECK(ExtractFinalAnswer("hmm \\boxed{1}\n</think>\n\\boxed{7}", "stop").answer == "7");
}

TEST_CASE("boxed content keeps nested and escaped braces", "[graders][extraction]") {
  CHECK(ExtractLastBoxed("\\boxed{\\frac{1}{2}}") == "\\frac{1}{2}");
  CHECK(ExtractLastBoxed("\\boxed{\\{1,2\\}}") == "\\{1,2\\}");
  CHECK(ExtractLastBoxed("\\fbox{42}") == "42");
  CHECK(ExtractLastBoxed("$\\boxed 5$") == "5");
}

TEST_CASE("an unclosed last box falls back to the previous one", "[graders][extraction]") {
  CHECK(ExtractLastBoxed("\\boxed{3} and \\boxed{4") == "3");
  CHECK_FALSE(ExtractLastBoxed("\\boxed{4").has_value());
  CHECK_FALSE(ExtractLastBoxed("no box here").has_value());
}

TEST_CASE("a command that merely starts with boxed is not a box", "[graders][extraction]") {
  CHECK(ExtractLastBoxed("\\boxed{1} \\boxedfoo{2}") == "1");
}

TEST_CASE("adjacent boxes join - separated ones do not", "[graders][extraction]") {
  using r1::graders::ExtractBoxedAnswer;
  CHECK(ExtractBoxedAnswer("$\\boxed{2}$ and $\\boxed{3}$") == "2, 3");
  CHECK(ExtractBoxedAnswer("\\boxed{2}, \\boxed{2}") == "2");
  CHECK(ExtractBoxedAnswer("\\boxed{2}. So the final answer is \\boxed{3}") == "3");
  CHECK(ExtractLastBoxed("$\\boxed{2}$ and $\\boxed{3}$") == "3");
}

TEST_CASE("fallbacks run in their documented order", "[graders][extraction]") {
  // A box beats every cue; "answer is" beats "Answer:"; both beat the last math.
  CHECK(ExtractFinalAnswer("The answer is 4. \\boxed{5}", "stop").method == "boxed");
  auto ex = ExtractFinalAnswer("Answer: 3. Actually the answer is $4$. Also $9$.", "stop");
  CHECK(ex.answer == "4");
  CHECK(ex.method == "answer-is");
  ex = ExtractFinalAnswer("We get $9$.\nAnswer: 7", "stop");
  CHECK(ex.answer == "7");
  CHECK(ex.method == "answer-colon");
  ex = ExtractFinalAnswer("We get $9$ and then $10$.", "stop");
  CHECK(ex.answer == "10");
  CHECK(ex.method == "last-math");
}

TEST_CASE("fallbacks never look inside unclosed thinking", "[graders][extraction]") {
  auto ex = ExtractFinalAnswer("<think>The answer is 5. $6$", "stop");
  CHECK(ex.truncated);
  CHECK(ex.answer.empty());
}

TEST_CASE("extraction stays linear on hostile responses", "[graders][extraction][budget]") {
  std::string many_open;
  for (int i = 0; i < 100000; ++i) many_open += "\\boxed{";
  auto start = std::chrono::steady_clock::now();
  auto ex = ExtractFinalAnswer(many_open, "stop");
  CHECK(ex.answer.empty());
  std::string dollars(1 << 20, '$');
  ExtractFinalAnswer(dollars, "stop");
  std::string huge_box = "\\boxed{" + std::string(1 << 20, '1') + "}";
  CHECK(ExtractFinalAnswer(huge_box, "stop").answer.empty());  // over kMaxAnswerBytes
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(seconds < 2.0);
}

TEST_CASE("the last close tag and box win wherever the candidates' first bytes repeat",
          "[graders][extraction]") {
  // Many '<', '\\' and 'b' bytes that start no tag or box: the backwards search must step over
  // each near-miss and still find the last real one, including one at the very start or end.
  const std::string noise = "<thin \\boxe boxed <\\ </thin";
  std::string response = "</think>" + noise + "</think>" + noise + "\\boxed{7}" + noise;
  CHECK(ExtractFinalAnswer(response, "stop").answer == "7");
  CHECK(ExtractFinalAnswer("\\boxed{4}" + noise, "stop").answer == "4");
  CHECK(ExtractFinalAnswer(noise + "\\fbox{5}", "stop").answer == "5");
  CHECK(ExtractFinalAnswer("<think>" + noise + "\\boxed{1}</think>x", "stop").answer.empty());
  CHECK(ExtractFinalAnswer(noise + "so the ANSWER IS 12", "stop").answer == "12");
  CHECK(ExtractFinalAnswer(noise + " boxed{9} " + noise, "stop").answer == "9");
}
