// Codeforces end to end: `codeforces fetch` against a loopback server answering in the
// Codeforces API's recorded format, then `run --suite codeforces` judging C++ and Python in the
// sandbox (with a checker problem), and the rating printed with its method. Never the network.
#include <httplib.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "fake_openai_server.h"
#include "process.h"
#include "support/temp_dir.h"

using r1::testing::FakeOpenAiServer;
using r1::testing::Reply;
using r1::testing::RunR1;
using r1::testing::TempDir;
using nlohmann::json;

namespace {

const std::string kFixtures = R1_SOURCE_DIR "/tests/fixtures/codeforces";

// contest.standings / contest.ratingChanges / user.ratedList for contest 2050 as the API shapes
// them: 300 rated participants rated 1500, ICPC-style; rows 0-149 solved 4, rows 150-299 solved
// 3 with penalties 0, 1, 2, ...; plus one unofficial-looking unrated row that must be ignored.
class FakeCodeforcesApi {
 public:
  FakeCodeforcesApi() {
    server_.Get("/api/contest.standings", [this](const httplib::Request& req, httplib::Response& res) {
      ++calls;
      if (req.get_param_value("contestId") != "2050") return Failed(res, "contestId: Contest with id " + req.get_param_value("contestId") + " not found");
      json rows = json::array();
      for (int i = 0; i < 300; ++i) {
        rows.push_back({{"party", {{"contestId", 2050}, {"members", {{{"handle", "user" + std::to_string(i)}}}}, {"participantType", "CONTESTANT"}}},
                        {"rank", i + 1}, {"points", i < 150 ? 4.0 : 3.0}, {"penalty", i < 150 ? i : i - 150},
                        {"problemResults", json::array()}});
        if (i == 10) rows.push_back({{"party", {{"members", {{{"handle", "unrated_guy"}}}}}}, {"points", 1.0}, {"penalty", 0}});
      }
      json problems = json::array();
      for (const char* index : {"A", "B", "C", "D"}) {
        problems.push_back({{"contestId", 2050}, {"index", index}, {"name", index}, {"type", "PROGRAMMING"}});
      }
      res.set_content(json{{"status", "OK"}, {"result", {{"contest", {{"id", 2050}, {"name", "Codeforces Round 995 (Div. 2)"}, {"type", "ICPC"}}},
                                                          {"problems", problems}, {"rows", rows}}}}.dump(),
                      "application/json");
    });
    server_.Get("/api/contest.ratingChanges", [this](const httplib::Request&, httplib::Response& res) {
      ++calls;
      json changes = json::array();
      for (int i = 0; i < 300; ++i) {
        changes.push_back({{"contestId", 2050}, {"handle", "user" + std::to_string(i)}, {"rank", i + 1},
                           {"oldRating", 1500}, {"newRating", 1500}});
      }
      res.set_content(json{{"status", "OK"}, {"result", changes}}.dump(), "application/json");
    });
    server_.Get("/api/user.ratedList", [this](const httplib::Request&, httplib::Response& res) {
      ++calls;
      json users = json::array();
      for (int r = 1000; r < 2000; r += 100) users.push_back({{"handle", "h" + std::to_string(r)}, {"rating", r}});
      res.set_content(json{{"status", "OK"}, {"result", users}}.dump(), "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~FakeCodeforcesApi() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/api"; }
  std::atomic<int> calls{0};

 private:
  static void Failed(httplib::Response& res, const std::string& comment) {
    res.status = 400;
    res.set_content(json{{"status", "FAILED"}, {"comment", comment}}.dump(), "application/json");
  }
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

std::unique_ptr<FakeOpenAiServer> CannedServer() {
  std::vector<std::pair<std::string, std::string>> canned;
  std::ifstream in(kFixtures + "/answers.jsonl");
  for (std::string line; std::getline(in, line);) {
    auto j = json::parse(line);
    canned.emplace_back(j["prompt_contains"], j["content"]);
  }
  return std::move(*FakeOpenAiServer::Start([canned](const json& req, std::uint64_t) {
    const std::string prompt = req["messages"].back()["content"];
    Reply r;
    r.content = "no idea";
    for (const auto& [needle, content] : canned) {
      if (prompt.find(needle) != std::string::npos) {
        r.content = content;
        break;
      }
    }
    return r;
  }));
}

}  // namespace

TEST_CASE("codeforces fetch caches trimmed contest data and the rating distribution", "[cli][integration][codeforces]") {
  TempDir tmp;
  FakeCodeforcesApi api;
  auto fetch = RunR1({"codeforces", "fetch", "--contests", "2050", "--ratings", "--api", api.url(), "--out",
                      tmp / "cf", "--delay", "0"},
                     tmp.path());
  INFO(fetch.err);
  REQUIRE(fetch.exit_code == 0);
  CHECK(api.calls == 3);
  CHECK(fetch.out.find("contest_2050.json  (Codeforces Round 995 (Div. 2): 300 rated participants, 4 problems)") !=
        std::string::npos);
  auto contest = json::parse(r1::testing::ReadAll(tmp / "cf/contest_2050.json"));
  CHECK(contest["rows"].size() == 300);  // the unrated row is gone
  auto users = json::parse(r1::testing::ReadAll(tmp / "cf/rated_users.json"));
  CHECK(users.size() == 10);

  auto missing = RunR1({"codeforces", "fetch", "--contests", "77", "--api", api.url(), "--out", tmp / "cf", "--delay", "0"},
                       tmp.path());
  CHECK(missing.exit_code == 3);
  CHECK(missing.err.find("Contest with id 77 not found") != std::string::npos);
  CHECK(RunR1({"codeforces", "fetch", "--contests", "20x", "--out", tmp / "cf"}, tmp.path()).exit_code == 2);
}

TEST_CASE("codeforces runs end to end and prints both ratings", "[cli][integration][codeforces]") {
  TempDir tmp;
  std::filesystem::create_directories(tmp.path() / "data");
  std::filesystem::copy(kFixtures, tmp.path() / "data" / "codeforces", std::filesystem::copy_options::recursive);
  FakeCodeforcesApi api;
  const std::vector<std::string> env = {"XDG_CACHE_HOME=" + (tmp / "cache")};
  REQUIRE(RunR1({"codeforces", "fetch", "--contests", "2050", "--ratings", "--api", api.url(), "--delay", "0"},
                tmp.path(), env)
              .exit_code == 0);
  auto server = CannedServer();
  auto run = RunR1({"run", "--suite", "codeforces", "--model", server->base_url(), "-n", "1", "--data-dir",
                    tmp / "data", "--db", "r1.db"},
                   tmp.path(), env);
  INFO(run.err);
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  CHECK(run.err.find("codeforces: skipped 2050/C (interactive)") != std::string::npos);
  // A (C++), B (any divisor: the checker accepts n itself) and D (Python, generated tests) pass;
  // 1900/A prints nothing.
  auto report = json::parse(RunR1({"report", "--db", "r1.db", "--format", "json"}, tmp.path(), env).out);
  CHECK(report["runs"][0]["metrics"]["pass@1"].get<double>() == Approx(0.75));
  // Contest 2050: 3 solved at the first sample, 0 penalty: rank 151 of 300 equals rated 1500 -> 1500.
  CHECK(run.out.find("2050 Codeforces Round 995 (Div. 2): solved 3/4, score 3 penalty 0, rank 151/300, rating 1500") !=
        std::string::npos);
  CHECK(run.out.find("rating 1500 (mean over 1 contest), percentile 50.0% of 10 rated users") != std::string::npos);
  CHECK(run.out.find("no standings for contest 1900") != std::string::npos);
  CHECK(run.out.find("difficulty method: maximum-likelihood Elo over 4 problems") != std::string::npos);
  CHECK(run.out.find("DeepSeek-R1 (published): rating 2029, percentile 96.3%") != std::string::npos);

  auto rating = RunR1({"codeforces", "rating", "--db", "r1.db"}, tmp.path(), env);
  CHECK(rating.exit_code == 0);
  CHECK(rating.out.find("rank 151/300, rating 1500") != std::string::npos);

  // Python for everything: a different prompt, so a different run.
  auto python = RunR1({"run", "--suite", "codeforces", "--lang", "python", "--model", server->base_url(), "-n", "1",
                       "--data-dir", tmp / "data", "--db", "r1.db"},
                      tmp.path(), env);
  CHECK(python.exit_code == 0);
  CHECK(python.err.find("run 2:") != std::string::npos);
}
