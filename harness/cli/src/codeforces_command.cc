// `r1-eval codeforces fetch --contests ...` caches what the contest rating needs from the public
// Codeforces API (standings, rating changes, the rated-user distribution) as pinned files;
// `r1-eval codeforces rating` prints a codeforces run's rating, and `run` prints it too.
// Methods and formulas: graders/include/r1/graders/codeforces_rating.h.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "cli_util.h"
#include "commands.h"
#include "r1/core/sha256.h"
#include "r1/data/http_get.h"
#include "r1/graders/codeforces_rating.h"
#include "r1/reports/run_set.h"
#include "r1/store/store.h"

namespace r1::cli {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// DeepSeek-R1 paper, Table 4 (Codeforces, 10 Div. 2 contests).
constexpr int kR1Rating = 2029;
constexpr double kR1Percentile = 96.3;

struct FetchArgs {
  std::vector<std::string> contests;
  bool ratings = false;
  std::string api = "https://codeforces.com/api";
  std::string out;
  double delay_s = 2.0;  ///< the API allows one call per two seconds
};

struct RatingArgs {
  std::string db = "r1-eval.db";
  std::string run;
  std::string dir;
};

std::string DirOr(const std::string& dir) { return dir.empty() ? CodeforcesDataDir() : dir; }

Status WriteAtomically(const fs::path& path, const std::string& text) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  const fs::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    out << text;
    if (!out) return Fail(ErrorCode::kUnavailable, tmp.string() + ": cannot write");
  }
  fs::rename(tmp, path, ec);
  if (ec) return Fail(ErrorCode::kUnavailable, path.string() + ": " + ec.message());
  return {};
}

Result<std::string> ApiGet(const std::string& url) {
  auto answer = data::HttpGet(url);
  if (!answer) return std::unexpected(answer.error());
  // The API answers errors as JSON with a 400 status; let the parser report its comment.
  if (answer->status != 200 && answer->status != 400) {
    return Fail(ErrorCode::kUnavailable, url + ": HTTP " + std::to_string(answer->status));
  }
  return std::move(answer->body);
}

ExitCode Fetch(const FetchArgs& args) {
  const fs::path dir = DirOr(args.out);
  bool first = true;
  auto pause = [&] {
    if (!first && args.delay_s > 0) std::this_thread::sleep_for(std::chrono::duration<double>(args.delay_s));
    first = false;
  };
  for (const auto& id : args.contests) {
    if (id.empty() || id.find_first_not_of("0123456789") != std::string::npos) {
      return ReportError(MakeError(ErrorCode::kInvalidArgument, "--contests: '" + id + "' is not a contest id"));
    }
    pause();
    auto standings = ApiGet(args.api + "/contest.standings?contestId=" + id + "&showUnofficial=false");
    if (!standings) return ReportError(standings.error());
    pause();
    auto changes = ApiGet(args.api + "/contest.ratingChanges?contestId=" + id);
    if (!changes) return ReportError(changes.error());
    auto contest = graders::ParseCfContest(*standings, *changes);
    if (!contest) return ReportError(std::move(contest.error()).With("contest " + id));
    const std::string text = graders::CfContestToJson(*contest);
    const fs::path path = dir / ("contest_" + id + ".json");
    if (auto s = WriteAtomically(path, text); !s) return ReportError(s.error());
    std::printf("%s  %s  (%s: %zu rated participants, %zu problems)\n", Sha256Hex(text).c_str(),
                path.string().c_str(), contest->name.c_str(), contest->rows.size(), contest->problems.size());
  }
  if (args.ratings) {
    pause();
    auto list = ApiGet(args.api + "/user.ratedList?activeOnly=false&includeRetired=true");
    if (!list) return ReportError(list.error());
    json j = json::parse(*list, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object() || j.value("status", "") != "OK" || !j["result"].is_array()) {
      return ReportError(MakeError(ErrorCode::kUnavailable, "user.ratedList: " +
                                                                (j.is_object() ? j.value("comment", "bad answer") : "not JSON")));
    }
    std::vector<double> ratings;
    for (const auto& u : j["result"]) {
      if (u.contains("rating") && u["rating"].is_number()) ratings.push_back(u["rating"].get<double>());
    }
    std::sort(ratings.begin(), ratings.end());
    const std::string text = json(ratings).dump();
    const fs::path path = dir / "rated_users.json";
    if (auto s = WriteAtomically(path, text); !s) return ReportError(s.error());
    std::printf("%s  %s  (%zu rated users)\n", Sha256Hex(text).c_str(), path.string().c_str(), ratings.size());
  }
  return ExitCode::kOk;
}

std::string Meta(const Problem& p, std::string_view key) {
  for (const auto& [k, v] : p.meta) {
    if (k == key) return v;
  }
  return "";
}

ExitCode Rating(const RatingArgs& args) {
  auto store = reports::OpenExistingStore(args.db);
  if (!store) return ReportError(store.error());
  std::vector<store::RunRecord> runs;
  if (!args.run.empty()) {
    auto one = (*store)->FindRun(args.run);
    if (!one) return ReportError(one.error());
    runs.push_back(*one);
  } else {
    auto all = (*store)->Runs();
    if (!all) return ReportError(all.error());
    for (const auto& r : *all) {
      if (r.suite == "codeforces") runs.push_back(r);
    }
  }
  if (runs.empty()) return ReportError(MakeError(ErrorCode::kNotFound, args.db + ": no codeforces run"));
  for (const auto& run : runs) {
    auto text = CodeforcesRatingReport(**store, run, args.dir);
    if (!text) return ReportError(text.error());
    std::cout << *text << std::flush;
  }
  return ExitCode::kOk;
}

}  // namespace

std::string CodeforcesDataDir() { return DefaultCacheDir() + "/codeforces-api"; }

Result<std::string> CodeforcesRatingReport(store::Store& store, const store::RunRecord& run, const std::string& dir_arg) {
  const fs::path dir = DirOr(dir_arg);
  auto problems = store.Problems(run.id);
  if (!problems) return std::unexpected(problems.error());
  // Per problem: the first correct sample (CodeElo's first accepted submission) and the solve rate.
  struct Outcome {
    int first_correct = -1;
    int correct = 0, scored = 0;
  };
  std::map<std::string, Outcome> outcomes;
  auto walk = store.ForEachSample(run.id, store::Store::Text::kWithout, [&](const store::StoredSample& s) -> Status {
    if (!s.completion.ok() || !s.grade) return {};
    Outcome& o = outcomes[s.problem_id];
    ++o.scored;
    if (s.grade->correct) {
      ++o.correct;
      if (o.first_correct < 0 || s.sample_index < o.first_correct) o.first_correct = s.sample_index;
    }
    return {};
  });
  if (!walk) return std::unexpected(walk.error());

  std::map<std::int64_t, std::map<std::string, int>> by_contest;  // contest -> index -> first correct
  std::vector<graders::SolveRate> rates;
  for (const auto& p : *problems) {
    const std::string contest = Meta(p, "contest_id");
    if (contest.empty()) continue;
    auto& solved = by_contest[std::stoll(contest)];
    const Outcome& o = outcomes[p.id];
    if (o.first_correct >= 0) solved[Meta(p, "index")] = o.first_correct;
    const std::string rating = Meta(p, "rating");
    if (!rating.empty() && o.scored > 0) {
      rates.push_back({std::stod(rating), static_cast<double>(o.correct) / o.scored});
    }
  }

  std::string out = fmt::format("codeforces rating, run {} ({}):\n", run.id, run.model);
  out +=
      "  contest method (CodeElo): per contest, the model's score and rank among the rated participants "
      "(first correct of the first 8 samples = first accepted submission; rank = standings rows not beaten), then the rating whose "
      "Elo-expected rank equals that rank; the mean over contests\n";
  std::vector<int> ratings;
  std::vector<std::string> missing;
  for (const auto& [id, solved] : by_contest) {
    const fs::path path = dir / ("contest_" + std::to_string(id) + ".json");
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      missing.push_back(std::to_string(id));
      continue;
    }
    std::stringstream text;
    text << in.rdbuf();
    auto contest = graders::CfContestFromJson(text.str());
    if (!contest) return std::unexpected(std::move(contest.error()).With(path.string()));
    auto r = graders::RateContest(*contest, solved);
    if (!r) {
      out += fmt::format("    {}: not rated: {}\n", id, r.error().message);
      continue;
    }
    ratings.push_back(r->rating);
    out += fmt::format("    {} {}: solved {}/{}, score {:g} penalty {}, rank {}/{}, rating {}\n", id, r->name, r->solved,
                       contest->problems.size(), r->score, r->penalty, r->rank, r->participants, r->rating);
  }
  if (!ratings.empty()) {
    double mean = 0;
    for (int r : ratings) mean += r;
    mean /= static_cast<double>(ratings.size());
    out += fmt::format("    rating {:.0f} (mean over {} contest{})", mean, ratings.size(), ratings.size() == 1 ? "" : "s");
    std::ifstream users(dir / "rated_users.json", std::ios::binary);
    if (users) {
      std::stringstream text;
      text << users.rdbuf();
      json j = json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
      if (j.is_array() && !j.empty()) {
        std::vector<double> sorted = j.get<std::vector<double>>();
        std::sort(sorted.begin(), sorted.end());
        out += fmt::format(", percentile {:.1f}% of {} rated users", graders::RatingPercentile(sorted, mean), sorted.size());
      }
    } else {
      out += ", percentile unknown (r1-eval codeforces fetch --ratings)";
    }
    out += "\n";
  }
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "" : ",") + m;
    out += fmt::format("    no standings for contest{} {} in {} (r1-eval codeforces fetch --contests {})\n",
                       missing.size() == 1 ? "" : "s", list, dir.string(), list);
  }
  out += fmt::format(
      "  difficulty method: maximum-likelihood Elo over {} problems' difficulty ratings and solve rates: ",
      rates.size());
  if (auto r = graders::DifficultyRating(rates)) {
    out += fmt::format("{:.0f}{}\n", *r, (*r <= -1000 || *r >= 5000) ? " (bound: everything or nothing solved)" : "");
  } else {
    out += "no rated problems\n";
  }
  out += fmt::format("  DeepSeek-R1 (published): rating {}, percentile {:.1f}%\n", kR1Rating, kR1Percentile);
  return out;
}

void AddCodeforcesCommand(CLI::App& app, ExitCode& exit_code) {
  CLI::App* cf = app.add_subcommand("codeforces", "Codeforces contest data and ratings");
  cf->require_subcommand(1);
  auto fetch = std::make_shared<FetchArgs>();
  CLI::App* cmd = cf->add_subcommand(
      "fetch", "cache contest standings and rating changes (and with --ratings the rated-user list) from the "
               "Codeforces API as pinned files; prints their SHA-256");
  cmd->add_option("--contests", fetch->contests, "contest ids, comma-separated")->required()->delimiter(',');
  cmd->add_flag("--ratings", fetch->ratings, "also the ratings of all rated users (for the percentile)");
  cmd->add_option("--api", fetch->api, "API base URL")->default_val("https://codeforces.com/api");
  cmd->add_option("--out", fetch->out, "folder (default $XDG_CACHE_HOME/r1-eval/codeforces-api)");
  cmd->add_option("--delay", fetch->delay_s, "seconds between API calls")->default_val(2.0)->check(CLI::NonNegativeNumber);
  cmd->callback([fetch, &exit_code] { exit_code = Fetch(*fetch); });

  auto rating = std::make_shared<RatingArgs>();
  cmd = cf->add_subcommand("rating", "the rating of codeforces runs (both methods, with R1's published figures)");
  cmd->add_option("--db", rating->db, "SQLite store")->default_val("r1-eval.db");
  cmd->add_option("--run", rating->run, "run id or label (default: every codeforces run)");
  cmd->add_option("--contests-dir", rating->dir, "folder of fetched contest files");
  cmd->callback([rating, &exit_code] { exit_code = Rating(*rating); });
}

}  // namespace r1::cli
