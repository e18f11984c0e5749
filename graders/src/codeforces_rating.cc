// Codeforces ratings; see codeforces_rating.h.
#include "r1/graders/codeforces_rating.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

namespace r1::graders {
namespace {

using json = nlohmann::json;

// CodeElo counts at most this many submissions per problem.
constexpr int kMaxAttempts = 8;

Result<json> ApiResult(std::string_view body, const char* what) {
  json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return Fail(ErrorCode::kInvalidArgument, std::string(what) + ": not a JSON object");
  if (j.value("status", "") != "OK") {
    return Fail(ErrorCode::kUnavailable,
                std::string(what) + ": status " + j.value("status", "?") + ": " + j.value("comment", ""));
  }
  if (!j.contains("result")) return Fail(ErrorCode::kInvalidArgument, std::string(what) + ": no result");
  return j["result"];
}

double Seed(const std::vector<int>& old_ratings, double r) {
  double seed = 1;
  for (int old : old_ratings) seed += 1 / (1 + std::pow(10.0, (r - old) / 400.0));
  return seed;
}

}  // namespace

Result<CfContest> ParseCfContest(std::string_view standings_json, std::string_view rating_changes_json) {
  auto standings = ApiResult(standings_json, "contest.standings");
  if (!standings) return std::unexpected(standings.error());
  auto changes = ApiResult(rating_changes_json, "contest.ratingChanges");
  if (!changes) return std::unexpected(changes.error());
  if (!standings->is_object() || !standings->contains("rows") || !standings->contains("problems") ||
      !changes->is_array()) {
    return Fail(ErrorCode::kInvalidArgument, "contest.standings: expected result.contest, .problems, .rows");
  }
  CfContest contest;
  try {
    const json& c = (*standings)["contest"];
    contest.id = c.value("id", std::int64_t{0});
    contest.name = c.value("name", "");
    for (const json& p : (*standings)["problems"]) {
      CfProblem problem{p.at("index").get<std::string>(), std::nullopt};
      if (p.contains("points") && p["points"].is_number()) problem.points = p["points"].get<double>();
      contest.problems.push_back(problem);
    }
    for (const json& ch : *changes) contest.old_ratings[ch.at("handle").get<std::string>()] = ch.at("oldRating").get<int>();
    // As CodeElo: keep the rows of rated participants only (the first member's handle).
    for (const json& row : (*standings)["rows"]) {
      const std::string handle = row.at("party").at("members").at(0).at("handle").get<std::string>();
      if (!contest.old_ratings.contains(handle)) continue;
      contest.rows.push_back(CfStanding{handle, row.at("points").get<double>(), row.value("penalty", std::int64_t{0})});
    }
  } catch (const json::exception& e) {
    return Fail(ErrorCode::kInvalidArgument, std::string("Codeforces API answer: ") + e.what());
  }
  // Handles rated but absent from the official standings do not count either.
  std::set<std::string> ranked;
  for (const auto& r : contest.rows) ranked.insert(r.handle);
  std::erase_if(contest.old_ratings, [&](const auto& kv) { return !ranked.contains(kv.first); });
  return contest;
}

std::string CfContestToJson(const CfContest& contest) {
  json problems = json::array();
  for (const auto& p : contest.problems) {
    json pj = {{"index", p.index}};
    if (p.points) pj["points"] = *p.points;
    problems.push_back(pj);
  }
  json rows = json::array();
  for (const auto& r : contest.rows) {
    rows.push_back({{"handle", r.handle}, {"points", r.points}, {"penalty", r.penalty}, {"oldRating", contest.old_ratings.at(r.handle)}});
  }
  return json{{"format", "r1-codeforces-contest-1"}, {"id", contest.id}, {"name", contest.name},
              {"problems", problems}, {"rows", rows}}
      .dump(1);
}

Result<CfContest> CfContestFromJson(std::string_view text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || j.value("format", "") != "r1-codeforces-contest-1") {
    return Fail(ErrorCode::kInvalidArgument, "not an r1-eval Codeforces contest file");
  }
  CfContest contest;
  try {
    contest.id = j.at("id").get<std::int64_t>();
    contest.name = j.value("name", "");
    for (const json& p : j.at("problems")) {
      CfProblem problem{p.at("index").get<std::string>(), std::nullopt};
      if (p.contains("points")) problem.points = p["points"].get<double>();
      contest.problems.push_back(problem);
    }
    for (const json& r : j.at("rows")) {
      contest.rows.push_back(CfStanding{r.at("handle"), r.at("points").get<double>(), r.at("penalty").get<std::int64_t>()});
      contest.old_ratings[r.at("handle").get<std::string>()] = r.at("oldRating").get<int>();
    }
  } catch (const json::exception& e) {
    return Fail(ErrorCode::kInvalidArgument, std::string("contest file: ") + e.what());
  }
  return contest;
}

int ExpectedRatingForRank(const std::vector<int>& old_ratings, int rank) {
  int max_rating = 0;
  for (int r : old_ratings) max_rating = std::max(max_rating, r);
  int lo = 0, hi = max_rating + 100;
  while (hi - lo > 1) {
    const int mid = (lo + hi) / 2;
    if (Seed(old_ratings, mid) < rank) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  return lo;
}

Result<CfContestRating> RateContest(const CfContest& contest, const std::map<std::string, int>& first_accepted,
                                    int min_participants) {
  const int n = static_cast<int>(contest.rows.size());
  if (n < min_participants) {
    return Fail(ErrorCode::kInvalidArgument, "contest " + std::to_string(contest.id) + " has " + std::to_string(n) +
                                                 " rated participants; the method needs at least " +
                                                 std::to_string(min_participants));
  }
  CfContestRating out;
  out.contest_id = contest.id;
  out.name = contest.name;
  out.participants = n;
  for (const auto& p : contest.problems) {
    auto it = first_accepted.find(p.index);
    if (it == first_accepted.end() || it->second < 0 || it->second >= kMaxAttempts) continue;
    const int i = it->second;
    ++out.solved;
    if (p.points) {
      out.score += std::max(0.0, *p.points - 50.0 * i);
    } else {
      out.score += 1;
      out.penalty += 10 * i;
    }
  }
  out.rank = n;
  for (int i = 0; i < n; ++i) {
    const CfStanding& row = contest.rows[i];
    if (row.points < out.score || (row.points == out.score && row.penalty > out.penalty)) {
      out.rank = i;
      break;
    }
  }
  std::vector<int> old;
  old.reserve(contest.rows.size());
  for (const auto& row : contest.rows) old.push_back(contest.old_ratings.at(row.handle));
  out.rating = ExpectedRatingForRank(old, out.rank);
  return out;
}

double RatingPercentile(const std::vector<double>& sorted_ratings, double rating) {
  if (sorted_ratings.empty()) return 0;
  const auto idx = std::lower_bound(sorted_ratings.begin(), sorted_ratings.end(), rating) - sorted_ratings.begin();
  return std::round(static_cast<double>(idx) / static_cast<double>(sorted_ratings.size()) * 1000) / 10;
}

std::optional<double> DifficultyRating(const std::vector<SolveRate>& problems) {
  if (problems.empty()) return std::nullopt;
  // d/dr of the log-likelihood is (ln 10 / 400) * sum_p (s_p - P_p(r)), decreasing in r.
  auto gradient = [&](double r) {
    double g = 0;
    for (const auto& p : problems) g += p.solved - 1 / (1 + std::pow(10.0, (p.difficulty - r) / 400));
    return g;
  };
  double lo = -1000, hi = 5000;
  if (gradient(lo) <= 0) return lo;
  if (gradient(hi) >= 0) return hi;
  for (int i = 0; i < 200 && hi - lo > 1e-9; ++i) {
    const double mid = (lo + hi) / 2;
    (gradient(mid) > 0 ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

}  // namespace r1::graders
