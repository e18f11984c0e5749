// Reasoning diagnostics: <think> format, language mixing, token means.
#include <catch2/catch.hpp>

#include "r1/reports/diagnostics.h"
#include "r1/reports/pricing.h"

using r1::Completion;
using r1::Grade;
using namespace r1::reports;

namespace {

Completion Inline(std::string content) {
  Completion c;
  c.content = std::move(content);
  c.finish_reason = "stop";
  return c;
}

Completion Separated(std::string reasoning, std::string content) {
  Completion c = Inline(std::move(content));
  c.reasoning = std::move(reasoning);
  return c;
}

}  // namespace

TEST_CASE("think format: the R1 shapes are compliant", "[reports][diagnostics]") {
  CHECK(ClassifyThinkFormat(Inline("<think>\nreason\n</think>\n\\boxed{5}")) == ThinkFormat::kCompliant);
  // The chat template already wrote "<think>\n" into the prompt, so the output starts inside it.
  CHECK(ClassifyThinkFormat(Inline("reason\n</think>\n\\boxed{5}")) == ThinkFormat::kCompliant);
  CHECK(ClassifyThinkFormat(Separated("reason", "\\boxed{5}")) == ThinkFormat::kCompliant);
}

TEST_CASE("think format: each failure has its name", "[reports][diagnostics]") {
  CHECK(ClassifyThinkFormat(Inline("\\boxed{5}")) == ThinkFormat::kNoThinking);
  CHECK(ClassifyThinkFormat(Inline("<think>\n\n</think>\n\\boxed{5}")) == ThinkFormat::kEmptyThinking);
  CHECK(ClassifyThinkFormat(Inline("<think>\nreasoning that never")) == ThinkFormat::kUnclosed);
  CHECK(ClassifyThinkFormat(Inline("<think>reason</think>\n  \n")) == ThinkFormat::kNoAnswer);
  CHECK(ClassifyThinkFormat(Inline("<think>a</think><think>b</think>5")) == ThinkFormat::kMalformed);
  CHECK(ClassifyThinkFormat(Inline("Sure. <think>a</think>5")) == ThinkFormat::kMalformed);
  CHECK(ClassifyThinkFormat(Separated("reason", "<think>more</think>5")) == ThinkFormat::kMalformed);
  CHECK(ClassifyThinkFormat(Separated("   ", "5")) == ThinkFormat::kEmptyThinking);
  CHECK(ClassifyThinkFormat(Separated("reason", "")) == ThinkFormat::kNoAnswer);
}

TEST_CASE("the problem's script ignores LaTeX and Greek", "[reports][diagnostics]") {
  CHECK(DominantScript("Find all $x$ with \\frac{x}{2} = 3.") == Script::kLatin);
  CHECK(DominantScript("求所有满足 $x^2 = 4$ 的实数 x。") == Script::kCjk);
  CHECK(DominantScript("$$\\alpha\\beta\\gamma$$ 42") == Script::kLatin);  // no letters: English prompt
  CHECK(DominantScript("Найдите все x") == Script::kCyrillic);
}

TEST_CASE("language mixing: another script inside the reasoning", "[reports][diagnostics]") {
  CHECK_FALSE(MixesLanguage("Let x = 3. Then \\theta = \\pi/2 and α + β = γ.", Script::kLatin));
  CHECK(MixesLanguage("Let x = 3. 所以我们得到答案 So x = 3.", Script::kLatin));
  CHECK_FALSE(MixesLanguage("Let x = 3. 所以 x = 3.", Script::kLatin));  // 2 characters: below 5
  CHECK(MixesLanguage("Пусть x равно трём", Script::kLatin));
  // A Chinese problem: short Latin names (x, sin, mod) and LaTeX are normal...
  CHECK_FALSE(MixesLanguage("设 x = \\sin y，则 f(x) mod 7 等于 3。", Script::kCjk));
  // ...but English sentences are mixing.
  CHECK(MixesLanguage("设 x = 3。 Wait, let me reconsider this whole approach carefully.", Script::kCjk));
}

TEST_CASE("diagnostics builder: rates - tokens right versus wrong - median", "[reports][diagnostics]") {
  DiagnosticsBuilder b;
  Grade right;
  right.correct = true;
  Grade wrong;
  Grade truncated;
  truncated.truncated = true;
  auto sample = [](std::int64_t tokens, std::string content, std::int64_t reasoning = -1) {
    Completion c = Inline(std::move(content));
    c.prompt_tokens = 50;
    c.completion_tokens = tokens;
    c.reasoning_tokens = reasoning;
    return c;
  };
  b.Add(sample(100, "<think>a</think>1"), &right, Script::kLatin);
  b.Add(sample(300, "<think>a</think>2"), &right, Script::kLatin);
  b.Add(sample(1000, "<think>我们需要计算这个数目</think>3"), &wrong, Script::kLatin);
  b.Add(sample(4000, "<think>never closed"), &truncated, Script::kLatin);
  Completion failed = sample(9999, "");
  failed.error = r1::MakeError(r1::ErrorCode::kUnavailable, "503");
  b.Add(failed, nullptr, Script::kLatin);  // errors count nowhere
  const Diagnostics d = b.Finish();
  CHECK(d.samples == 4);
  CHECK(d.TruncationRate() == Approx(0.25));
  CHECK(d.ThinkComplianceRate() == Approx(0.75));
  CHECK(d.LanguageMixingRate() == Approx(0.25));
  CHECK(d.thinking_tokens_correct == Approx(200));
  CHECK(d.thinking_tokens_wrong == Approx(2500));
  CHECK(d.median_completion_tokens == Approx(650));
  CHECK(d.prompt_tokens == 200);
  CHECK(d.completion_tokens == 5400);
  CHECK(d.thinking_source == "completion_tokens");
}

TEST_CASE("cost is tokens times the published price", "[reports][diagnostics]") {
  Diagnostics d;
  d.prompt_tokens = 2'000'000;
  d.completion_tokens = 1'000'000;
  auto price = PricingPreset("deepseek-r1");
  REQUIRE(price);
  CHECK(price->input_per_million == Approx(0.55));
  CHECK(price->output_per_million == Approx(2.19));
  CHECK(CostUsd(d, *price) == Approx(2 * 0.55 + 2.19));
  CHECK(PricingPreset("nope").error().code == r1::ErrorCode::kNotFound);
}
