// A Codeforces rating for a model, two ways (shared/docs/reference/datasets.md 6.2).
//
// 1. Contest method (CodeElo, QwenLM/CodeElo calc_rating.py; DeepSeek-R1 publishes no code).
//    Per contest, with the real standings and the rated participants' pre-contest ratings
//    (contest.standings + contest.ratingChanges of the public Codeforces API; only standings rows
//    whose handle is in ratingChanges are kept, and a contest needs more than 200 of them):
//      score:  for each problem, let i be the 0-based index of the first accepted sample among the
//              first 8 (a sample is a submission, time is 0). Problems with points (classic CF
//              rounds) add max(0, points - 50 i); otherwise (ICPC-style: Div. 3/4, Educational)
//              add 1 and a penalty of 10 i.
//      rank:   the 0-based index of the first standings row that the model beats (fewer points,
//              or equal points and more penalty); n (last) if none.
//      rating: the integer r in [0, max oldRating + 100) where the Elo-expected rank
//              seed(r) = 1 + sum_j 1 / (1 + 10^((r - oldRating_j) / 400)) crosses the rank, by
//              CodeElo's binary search (lo = 0, hi = max + 100; seed(mid) < rank ? hi = mid
//              : lo = mid; answer lo). This is Codeforces' seed formula without its geometric
//              mean and delta/2 update.
//    The model's rating is the mean over contests; its percentile is
//    bisect_left(sorted ratings of rated users, rating) / count * 100, rounded to 0.1.
// 2. Difficulty method (no standings needed): the maximum-likelihood Elo rating r over the
//    problems' difficulty ratings d_p and the model's solve rates s_p (fraction of samples
//    correct): maximise sum_p s_p log P_p + (1 - s_p) log(1 - P_p) with
//    P_p = 1 / (1 + 10^((d_p - r) / 400)), the probability that a player rated r solves a
//    problem rated d_p (Codeforces defines a problem's rating as the rating with a 50% chance).
//    The likelihood is concave in r; the root of its derivative sum_p (s_p - P_p) = 0 is found
//    by bisection on [-1000, 5000]. All-solved or none-solved has no finite optimum: the bound.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "r1/core/error.h"

namespace r1::graders {

struct CfProblem {
  std::string index;  ///< "A", "B1", ...
  std::optional<double> points;  ///< classic scoring; unset for ICPC-style contests
};

struct CfStanding {
  std::string handle;
  double points = 0;
  std::int64_t penalty = 0;
};

/// What the rating needs of one contest (trimmed from the two API answers).
struct CfContest {
  std::int64_t id = 0;
  std::string name;
  std::vector<CfProblem> problems;
  std::vector<CfStanding> rows;             ///< standings order
  std::map<std::string, int> old_ratings;   ///< handle -> oldRating (ratingChanges)
};

/// Builds a contest from the bodies of contest.standings and contest.ratingChanges as the
/// Codeforces API returns them ({"status":"OK","result":...}). kInvalidArgument says what is
/// missing; a status other than OK is kUnavailable with the API's comment.
Result<CfContest> ParseCfContest(std::string_view standings_json, std::string_view rating_changes_json);

/// The trimmed contest as JSON (what `r1-eval codeforces fetch` caches) and back.
std::string CfContestToJson(const CfContest& contest);
Result<CfContest> CfContestFromJson(std::string_view json);

struct CfContestRating {
  std::int64_t contest_id = 0;
  std::string name;
  double score = 0;
  std::int64_t penalty = 0;
  int rank = 0;          ///< 0-based, as CodeElo
  int participants = 0;  ///< rated participants kept
  int rating = 0;
  int solved = 0;
};

/// The CodeElo rating for one contest. `first_accepted` maps a problem index to the 0-based
/// sample index of its first correct sample (absent: not solved); indices >= 8 do not count.
/// kInvalidArgument when the contest has min_participants or fewer rated participants.
Result<CfContestRating> RateContest(const CfContest& contest, const std::map<std::string, int>& first_accepted,
                                    int min_participants = 201);

/// CodeElo's binary search for the rating whose expected rank is `rank`.
int ExpectedRatingForRank(const std::vector<int>& old_ratings, int rank);

/// bisect_left(sorted, rating) / size * 100, rounded to 0.1; 0 for an empty list.
double RatingPercentile(const std::vector<double>& sorted_ratings, double rating);

struct SolveRate {
  double difficulty = 0;  ///< the problem's Codeforces rating
  double solved = 0;      ///< fraction of samples correct, in [0, 1]
};

/// The maximum-likelihood rating described above; nullopt without problems.
std::optional<double> DifficultyRating(const std::vector<SolveRate>& problems);

}  // namespace r1::graders
