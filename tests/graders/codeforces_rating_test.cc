// Codeforces ratings on synthetic contests whose answers are known in closed form.
#include "r1/graders/codeforces_rating.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

using r1::graders::CfContest;
using r1::graders::CfStanding;

namespace {

// n rated participants; row i has points(i) and penalty(i); all rated `rating(i)`.
template <class Points, class Penalty, class Rating>
CfContest Contest(int n, Points points, Penalty penalty, Rating rating, std::vector<r1::graders::CfProblem> problems) {
  CfContest c;
  c.id = 9999;
  c.name = "Synthetic Round";
  c.problems = std::move(problems);
  for (int i = 0; i < n; ++i) {
    const std::string handle = "u" + std::to_string(i);
    c.rows.push_back(CfStanding{handle, points(i), penalty(i)});
    c.old_ratings[handle] = rating(i);
  }
  return c;
}

}  // namespace

TEST_CASE("CodeElo: a model ranked exactly in the middle of equals gets their rating", "[graders][rating]") {
  // 1000 participants rated 1500, ICPC-style: 500 solved both problems, 500 solved one. The model
  // solves A with its first sample only: 1 point, 0 penalty, so it beats rows 501.. (1 point, more
  // penalty): rank 501 = 1 + 1000/2, the Elo-expected rank of a 1500 player among them.
  CfContest c = Contest(
      1000, [](int i) { return i < 500 ? 2.0 : 1.0; }, [](int i) { return i < 500 ? i : i - 500; },
      [](int) { return 1500; }, {{"A", std::nullopt}, {"B", std::nullopt}});
  auto r = r1::graders::RateContest(c, {{"A", 0}});
  REQUIRE(r);
  CHECK(r->score == 1);
  CHECK(r->penalty == 0);
  CHECK(r->rank == 501);
  CHECK(r->solved == 1);
  CHECK(r->rating == 1500);
  // A later first success costs 10 penalty per earlier sample; after 8 samples nothing counts.
  auto late = r1::graders::RateContest(c, {{"A", 3}});
  CHECK(late->penalty == 30);
  CHECK(late->rank == 531);
  CHECK(late->rating == 1479);
  CHECK(r1::graders::RateContest(c, {{"A", 8}})->score == 0);
  // Everyone beaten: the search's cap, max oldRating + 100 - 1.
  CHECK(r1::graders::RateContest(c, {{"A", 0}, {"B", 0}})->rating == 1599);
  CHECK_FALSE(r1::graders::RateContest(c, {}, 1001));
}

TEST_CASE("CodeElo: the rating solves seed(r) = rank for spread ratings", "[graders][rating]") {
  // Half the field rated 1200, half 2000: seed(r) = 1 + 500/(1+10^((r-1200)/400)) +
  // 500/(1+10^((r-2000)/400)). For rank 301 the root is where that sum is 301.
  std::vector<int> old(1000);
  for (int i = 0; i < 1000; ++i) old[i] = i % 2 ? 2000 : 1200;
  auto seed = [](double r) {
    return 1 + 500 / (1 + std::pow(10.0, (r - 1200) / 400)) + 500 / (1 + std::pow(10.0, (r - 2000) / 400));
  };
  double lo = 0, hi = 2100;
  for (int i = 0; i < 100; ++i) (seed((lo + hi) / 2) < 301 ? hi : lo) = (lo + hi) / 2;
  CHECK(r1::graders::ExpectedRatingForRank(old, 301) == static_cast<int>(std::floor(lo)));
  CHECK(r1::graders::ExpectedRatingForRank(old, 301) == 1939);
  // At r = 1600 the two halves contribute 500/11 and 500/1.1: seed(1600) = 501 exactly.
  CHECK(r1::graders::ExpectedRatingForRank(old, 501) == 1600);
}

TEST_CASE("CodeElo: classic scoring loses 50 points per failed sample", "[graders][rating]") {
  CfContest c = Contest(
      300, [](int i) { return 3000.0 - 10 * i; }, [](int) { return 0; }, [](int i) { return 1000 + 5 * i; },
      {{"A", 500.0}, {"B", 1000.0}, {"C", 1500.0}});
  auto r = r1::graders::RateContest(c, {{"A", 2}, {"B", 0}});
  REQUIRE(r);
  CHECK(r->score == 400 + 1000);
  CHECK(r->rank == 161);  // first row below 1400 points: 3000 - 10 i < 1400 from i = 161
  CHECK(r->rating == 1696);  // CodeElo's calc_rating.py gives the same on this field
}

TEST_CASE("percentile is bisect_left over the rated users", "[graders][rating]") {
  const std::vector<double> sorted = {1000, 1200, 1500, 1500, 2000, 2029, 2400};
  CHECK(r1::graders::RatingPercentile(sorted, 1500) == Approx(28.6));
  CHECK(r1::graders::RatingPercentile(sorted, 2029) == Approx(71.4));
  CHECK(r1::graders::RatingPercentile(sorted, 3000) == Approx(100));
  CHECK(r1::graders::RatingPercentile({}, 1500) == 0);
}

TEST_CASE("difficulty method: maximum likelihood recovers the rating that produced the solve rates",
          "[graders][rating]") {
  std::vector<r1::graders::SolveRate> problems;
  for (int d = 800; d <= 3000; d += 100) {
    problems.push_back({static_cast<double>(d), 1 / (1 + std::pow(10.0, (d - 1800.0) / 400))});
  }
  CHECK(*r1::graders::DifficultyRating(problems) == Approx(1800).margin(1e-6));
  // Solving every problem has no finite optimum: the upper bound; none: the lower.
  CHECK(*r1::graders::DifficultyRating({{1500, 1}, {2000, 1}}) == 5000);
  CHECK(*r1::graders::DifficultyRating({{1500, 0}}) == -1000);
  // One problem at 1600 solved half the time: exactly 1600.
  CHECK(*r1::graders::DifficultyRating({{1600, 0.5}}) == Approx(1600).margin(1e-6));
  CHECK_FALSE(r1::graders::DifficultyRating({}));
}

TEST_CASE("Codeforces API answers parse - keep rated rows only - and round-trip", "[graders][rating]") {
  const std::string standings = R"({"status":"OK","result":{"contest":{"id":2050,"name":"Round 995"},
    "problems":[{"contestId":2050,"index":"A","points":500.0},{"contestId":2050,"index":"B"}],
    "rows":[{"party":{"members":[{"handle":"tourist"}]},"points":1500.0,"penalty":0,"rank":1},
            {"party":{"members":[{"handle":"unrated"}]},"points":900.0,"penalty":0,"rank":2},
            {"party":{"members":[{"handle":"newbie"}]},"points":0.0,"penalty":0,"rank":3}]}})";
  const std::string changes = R"({"status":"OK","result":[
    {"handle":"tourist","oldRating":3800,"newRating":3810},{"handle":"newbie","oldRating":1100,"newRating":1050},
    {"handle":"absent","oldRating":1500,"newRating":1500}]})";
  auto c = r1::graders::ParseCfContest(standings, changes);
  REQUIRE(c);
  CHECK(c->id == 2050);
  REQUIRE(c->rows.size() == 2);
  CHECK(c->rows[1].handle == "newbie");
  CHECK(c->old_ratings.size() == 2);
  CHECK(c->problems[0].points == 500.0);
  CHECK_FALSE(c->problems[1].points.has_value());
  auto back = r1::graders::CfContestFromJson(r1::graders::CfContestToJson(*c));
  REQUIRE(back);
  CHECK(back->rows.size() == 2);
  CHECK(back->old_ratings.at("tourist") == 3800);
  CHECK_FALSE(back->problems[1].points.has_value());

  auto failed = r1::graders::ParseCfContest(R"({"status":"FAILED","comment":"contestId: Contest not found"})", changes);
  CHECK(failed.error().code == r1::ErrorCode::kUnavailable);
  CHECK(failed.error().message.find("Contest not found") != std::string::npos);
  CHECK_FALSE(r1::graders::ParseCfContest(R"({"status":"OK","result":{"rows":[]}})", changes));
}
