// No input may hang or blow up the engine: each hostile answer must be decided (by the
// documented fallback when a budget is hit) within a bounded time.
#include <time.h>

#include <catch2/catch.hpp>
#include <string>

#include "r1/graders/math/equivalence.h"

using r1::graders::math::Answer;
using r1::graders::math::CanonicalKey;
using r1::graders::math::Compare;
using r1::graders::math::Verdict;

namespace {

struct Timed {
  Verdict verdict;
  std::string key;
  double seconds = 0;
};

// CPU time of this thread: the engine's own work, which a loaded machine (load 30 while
// seven engineers build) does not inflate the way it inflates wall time. A loop is still
// caught: it burns CPU.
double ThreadSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

Timed Run(const std::string& gold, const std::string& pred) {
  double start = ThreadSeconds();
  Answer g = Answer::Parse(gold);
  Answer p = Answer::Parse(pred);
  Timed t{Compare(g, p), CanonicalKey(p), 0};
  t.seconds = ThreadSeconds() - start;
  return t;
}

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// Generous: the point is "bounded", not fast; debug builds and loaded CI machines are slow.
constexpr double kBound = 0.5;

}  // namespace

TEST_CASE("towers of powers are undecidable - not equal", "[graders][math][budget]") {
  auto t = Run("10^{10^{10}}", "10^{10^{10}}+1");
  CHECK_FALSE(t.verdict.equal);
  CHECK(t.seconds < kBound);
  t = Run("10^{10^{10}}", "10^{10^{10}}");
  CHECK(t.verdict.equal);  // same printed form
  t = Run("2^{2^{2^{2^{2^{2}}}}}", "2^{2^{2^{2^{2^{2}}}}}-1");
  CHECK_FALSE(t.verdict.equal);
  CHECK(t.seconds < kBound);
  t = Run("10^{-10^{10}}", "0");
  CHECK_FALSE(t.verdict.equal);  // underflow is "cannot tell", and the forms differ
  CHECK(t.seconds < kBound);
}

TEST_CASE("big factorials are exact while cheap and numeric after", "[graders][math][budget]") {
  auto t = Run("1000!", "1000! + 1");
  CHECK_FALSE(t.verdict.equal);
  CHECK(t.seconds < kBound);
  t = Run("1000!", "1000 \\cdot 999!");
  CHECK(t.verdict.equal);
  // Past the exact budget and the precision cap an absolute difference of 1 cannot be
  // resolved, so equal-looking giants are "cannot tell" and fall back to their printed forms.
  t = Run("100000!", "100000 \\cdot 99999!");
  CHECK_FALSE(t.verdict.equal);
  CHECK(t.verdict.rule == "printed-forms");
  CHECK(t.verdict.reason.starts_with("[printed-forms] cannot tell"));
  CHECK(t.seconds < kBound);
  t = Run("100000!", "100000!");
  CHECK(t.verdict.equal);
  t = Run("(10^{10})!", "(10^{10})! + 1");
  CHECK(t.seconds < kBound);
  CHECK(t.key.size() < 100);
}

TEST_CASE("deep nesting fails to parse quickly and compares as text", "[graders][math][budget]") {
  std::string braces = Repeat("{", 10000) + "1" + Repeat("}", 10000);
  auto t = Run(braces, "1");
  CHECK_FALSE(Answer::Parse(braces).parsed());
  CHECK_FALSE(t.verdict.equal);
  CHECK(t.seconds < kBound);
  std::string parens = Repeat("(", 10000) + "1" + Repeat(")", 10000);
  t = Run(parens, parens);
  CHECK(t.verdict.equal);
  CHECK(t.seconds < kBound);
  std::string roots = Repeat("\\sqrt{", 5000) + "2" + Repeat("}", 5000);
  t = Run(roots, "2");
  CHECK(t.seconds < kBound);
}

TEST_CASE("a megabyte answer is compared as text within the budget", "[graders][math][budget]") {
  std::string big(1 << 20, '7');
  auto t = Run(big, big);
  CHECK(t.verdict.equal);
  CHECK(t.seconds < kBound);
  t = Run(big, big + "1");
  CHECK_FALSE(t.verdict.equal);
  std::string sum = Repeat("1+", 1 << 18) + "1";
  t = Run(sum, "262145");
  CHECK(t.seconds < kBound);
}

TEST_CASE("many plus-minus signs and huge sets stay bounded", "[graders][math][budget]") {
  auto t = Run(Repeat("\\pm 1 ", 40), "0");
  CHECK(t.seconds < kBound);
  std::string set = "\\{";
  for (int i = 0; i < 1000; ++i) set += std::to_string(i) + (i < 999 ? "," : "");
  set += "\\}";
  t = Run(set, set);
  CHECK(t.verdict.equal);
  CHECK(t.seconds < kBound);
}

TEST_CASE("hostile arguments to functions stay bounded", "[graders][math][budget]") {
  for (const char* hostile : {"\\sin(10^{100000})", "\\tan(10^{1000})", "e^{e^{e^{e^{10}}}}",
                              "\\binom{10^{9}}{5 \\cdot 10^{8}}", "\\log(0)", "\\frac{1}{0}",
                              "0^{-1}", "\\sqrt[0]{2}", "1.5e999999",
                              "0.\\overline{"
                              "1234567890"
                              "}",
                              "2^{2^{64}}", "(-1)^{\\frac{1}{2}}", "\\lfloor 10^{10^{5}} \\rfloor",
                              "\\gcd(10^{5000}, 10^{4000})"}) {
    INFO(hostile);
    auto t = Run(hostile, hostile);
    CHECK(t.seconds < kBound);
    t = Run(hostile, "1");
    CHECK(t.seconds < kBound);
  }
}
