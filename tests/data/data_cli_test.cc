// End to end through the real binary: `data fetch` and `suites` against a loopback mirror,
// GPQA Diamond, r1-demos and a suite file run against the fake OpenAI-compatible server, and
// the promise that GPQA question text never leaves the store unless --include-prompts.
#include <httplib.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "cli/process.h"
#include "fake_openai_server.h"
#include "support/skip.h"
#include "support/temp_dir.h"

using r1::testing::FakeOpenAiServer;
using r1::testing::Reply;
using r1::testing::RunR1;
using r1::testing::TempDir;

namespace {

const std::string kFixtures = std::string(R1_SOURCE_DIR) + "/tests/fixtures";

// Serves FOLDER/<suite>/<file> like a mirror of the canonical files.
class Mirror {
 public:
  explicit Mirror(std::string root) : root_(std::move(root)) {
    server_.Get(R"(/([^/]+)/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
      std::string body =
          r1::testing::ReadFile(root_ + "/" + req.matches[1].str() + "/" + req.matches[2].str());
      if (body.empty()) {
        res.status = 404;
        return;
      }
      ++requests;
      res.set_content(body, "application/octet-stream");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~Mirror() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::atomic<int> requests{0};

 private:
  std::string root_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

std::vector<std::string> Env(const TempDir& tmp, const std::string& mirror = "") {
  std::vector<std::string> env = {"XDG_CACHE_HOME=" + (tmp / "cache"),
                                  "XDG_CONFIG_HOME=" + (tmp / "config"), "R1_EVAL_DATA_DIR="};
  if (!mirror.empty()) env.push_back("R1_EVAL_DATA_MIRROR=" + mirror);
  return env;
}

// A correct answer to r1-demos' bash transpose, in pure bash.
constexpr std::string_view kTranspose = R"(read -r m
m=${m#[}; m=${m%]}
IFS=';' read -ra rows <<< "${m//],[/;}"
IFS=',' read -ra first <<< "${rows[0]}"
out=""
for ((c=0;c<${#first[@]};c++)); do
  col=""
  for r in "${rows[@]}"; do IFS=',' read -ra cells <<< "$r"; col+="${col:+,}${cells[c]}"; done
  out+="${out:+,}[$col]"
done
echo "$out"
)";

// The user message of a chat request.
std::string PromptOf(const nlohmann::json& request) {
  return request["messages"].back()["content"].get<std::string>();
}

}  // namespace

TEST_CASE("data fetch fills the cache from a mirror - verifies the pin - and suites shows it",
          "[data][cli][integration]") {
  std::string shared = r1::testing::SharedDataDir();
  if (shared.empty()) {
    R1_SKIP("../shared/data is absent");
  }
  TempDir tmp;
  Mirror mirror(shared);  // shared/data/aime2024/test.jsonl is the pinned file itself
  auto before = RunR1({"suites"}, tmp.path(), Env(tmp));
  REQUIRE(before.exit_code == 0);
  CHECK(before.out.find("aime2024               30  not cached") != std::string::npos);
  CHECK(before.out.find("r1-demos                7  built in") != std::string::npos);

  auto fetch = RunR1({"data", "fetch", "aime2024", "r1-demos"}, tmp.path(), Env(tmp, mirror.url()));
  INFO(fetch.err);
  REQUIRE(fetch.exit_code == 0);
  CHECK(fetch.out.find("aime2024: 30 problems in " + (tmp / "cache") + "/r1-eval/aime2024") !=
        std::string::npos);
  CHECK(fetch.out.find("r1-demos: built in, nothing to fetch") != std::string::npos);
  CHECK(fetch.err.find("downloading test.jsonl") != std::string::npos);
  CHECK(mirror.requests == 1);

  auto after = RunR1({"suites"}, tmp.path(), Env(tmp));
  CHECK(after.out.find("aime2024               30  cached") != std::string::npos);
  // Fetching again finds the verified file; --verify re-hashes it without downloading.
  auto again = RunR1({"data", "fetch", "--verify", "aime2024"}, tmp.path(), Env(tmp, mirror.url()));
  CHECK(again.exit_code == 0);
  CHECK(mirror.requests == 1);
}

TEST_CASE("data fetch offline says which files to put where - wrong bytes are refused",
          "[data][cli][integration]") {
  TempDir tmp;
  auto offline =
      RunR1({"data", "fetch", "gpqa-diamond"}, tmp.path(), Env(tmp, "http://127.0.0.1:9"));
  CHECK(offline.exit_code == 3);
  CHECK(offline.err.find("Put these files in DIR/gpqa-diamond/ and pass --data-dir DIR") !=
        std::string::npos);
  CHECK(offline.err.find("dataset.zip (from https://raw.githubusercontent.com/idavidrein/gpqa/") !=
        std::string::npos);
  CHECK(
      offline.err.find("sha256 461ae7329f15a3e35f8184d2dac24b990f34fdf12f366ca4062d8e6638cd08dc") !=
      std::string::npos);
  CHECK(offline.err.find("gpqa_diamond.csv works in the same folder") != std::string::npos);
  // One error line says it all (the other line is the download attempt).
  std::string error_line = offline.err.substr(offline.err.find("r1-eval: error: "));
  CHECK(std::count(error_line.begin(), error_line.end(), '\n') == 1);
  CHECK(error_line.find("dataset.zip (from https://") != std::string::npos);
  CHECK(error_line.find("gpqa_diamond.csv works in the same folder") != std::string::npos);

  tmp.Write("mirror/gpqa-diamond/dataset.zip", "not the archive");
  Mirror mirror(tmp / "mirror");
  auto wrong = RunR1({"data", "fetch", "gpqa-diamond"}, tmp.path(), Env(tmp, mirror.url()));
  CHECK(wrong.exit_code == 3);
  CHECK(wrong.err.find("does not match the pin") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(tmp / "cache/r1-eval/gpqa-diamond/dataset.zip"));

  auto unknown = RunR1({"data", "fetch", "gpqa-platinum"}, tmp.path(), Env(tmp));
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("unknown suite 'gpqa-platinum'") != std::string::npos);
}

TEST_CASE("gpqa-diamond end to end: right letters score - question text stays in the store",
          "[data][cli][integration][gpqa]") {
  TempDir tmp;
  tmp.Write("data/gpqa-diamond/gpqa_diamond.csv",
            r1::testing::ReadFile(kFixtures + "/gpqa/gpqa_diamond.csv"));
  // The server knows the correct texts (not the letters) and answers with the letter shown.
  const std::set<std::string> correct = {"sp", "Blue", "Moonlight", "11", "A"};
  std::mutex mu;
  std::map<std::string, std::set<std::string>> letters_by_question;
  auto server =
      std::move(*FakeOpenAiServer::Start([&](const nlohmann::json& request, std::uint64_t) {
        std::string prompt = PromptOf(request);
        std::string letter = "?";
        std::istringstream lines(prompt);
        for (std::string line; std::getline(lines, line);) {
          if (line.size() > 3 && line[1] == ')' && correct.contains(line.substr(3)))
            letter = line.substr(0, 1);
        }
        {
          std::lock_guard lock(mu);
          letters_by_question[prompt.substr(0, 260)].insert(letter);
        }
        Reply r;
        r.content = "<think>Comparing the options.</think>The reasoning is done.\n\n**Answer:** (" +
                    letter + ")";
        return r;
      }));
  auto run = RunR1({"--suite", "gpqa-diamond", "--model", server->base_url(), "--data-dir",
                    tmp / "data", "-n", "8", "--db", "r1.db", "--label", "g"},
                   tmp.path(), Env(tmp));
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(server->chat_requests() == 40);
  // Shuffled per sample: across 8 samples each question showed its answer under several letters.
  for (const auto& [question, letters] : letters_by_question) CHECK(letters.size() > 1);

  auto report = RunR1({"report", "--db", "r1.db", "--format", "json"}, tmp.path(), Env(tmp));
  REQUIRE(report.exit_code == 0);
  auto json = nlohmann::json::parse(report.out);
  CHECK(json["runs"][0]["metrics"]["pass@1"].get<double>() == Approx(1.0));
  CHECK(json["runs"][0]["metrics"]["cons@8"].get<double>() == Approx(1.0));

  auto exported = RunR1({"export", "--db", "r1.db", "--run", "g"}, tmp.path(), Env(tmp));
  REQUIRE(exported.exit_code == 0);
  auto with_prompts =
      RunR1({"export", "--db", "r1.db", "--run", "g", "--include-prompts"}, tmp.path(), Env(tmp));
  REQUIRE(with_prompts.exit_code == 0);
  auto table = RunR1({"report", "--db", "r1.db"}, tmp.path(), Env(tmp));
  // Fragments of made-up questions and of their options: nowhere but the store.
  for (const char* secret :
       {"kitchen question", "imaginary", "glorp", "Zorblaxians", "Moonlight"}) {
    INFO(secret);
    for (const auto* text : {&run.out, &run.err, &report.out, &exported.out, &table.out}) {
      CHECK(text->find(secret) == std::string::npos);
    }
  }
  CHECK(exported.out.find("recFAKE0003") != std::string::npos);  // Record IDs identify problems
  CHECK(exported.out.find("\"prompt\"") == std::string::npos);
  auto first = nlohmann::json::parse(with_prompts.out.substr(0, with_prompts.out.find('\n')));
  CHECK(first["prompt"].get<std::string>().starts_with("A made-up kitchen question"));
}

TEST_CASE("r1-demos and a suite file run end to end - a bad suite file exits 2 in one line",
          "[data][cli][integration]") {
  TempDir tmp;
  auto server =
      std::move(*FakeOpenAiServer::Start([](const nlohmann::json& request, std::uint64_t) {
        std::string prompt = PromptOf(request);
        Reply r;
        if (prompt.find("strawberry") != std::string::npos) {
          r.content = "<think>s t r a w b e r r y</think>There are \\boxed{3} of them.";
        } else if (prompt.find("transpose") != std::string::npos) {
          r.content = "<think>split rows, then columns</think>```bash\n" + std::string(kTranspose) +
                      "```\n";
        } else if (prompt.find("capital of France") != std::string::npos) {
          r.content = "<think>easy</think>\\boxed{Paris}";
        } else {
          r.content = "<think>hmm</think>\\boxed{no idea}";
        }
        return r;
      }));
  auto demos =
      RunR1({"--suite", "r1-demos", "--model", server->base_url(), "-n", "2", "--db", "r1.db"},
            tmp.path(), Env(tmp));
  INFO(demos.err);
  // The sandbox judges the bash transpose as root and as an ordinary user alike: nothing unscored.
  REQUIRE(demos.exit_code == 0);
  auto file = RunR1({"--suite", kFixtures + "/suites/exact.json", "--model", server->base_url(),
                     "-n", "2", "--db", "r1.db"},
                    tmp.path(), Env(tmp));
  INFO(file.err);
  REQUIRE(file.exit_code == 0);
  auto report = RunR1({"report", "--db", "r1.db", "--format", "json"}, tmp.path(), Env(tmp));
  auto json = nlohmann::json::parse(report.out);
  REQUIRE(json["runs"].size() == 2);
  for (const auto& run : json["runs"]) {
    if (run["suite"] == "r1-demos") {
      CHECK(run["problems"] == 7);
      // The transpose script is judged in the sandbox, which works as root and as an ordinary
      // user alike (a cgroup mode or the rlimit mode).
      CHECK(run["metrics"]["pass@1"].get<double>() == Approx(2.0 / 7));
      CHECK(run["samples"]["unscored"] == 0);
    } else {
      CHECK(run["suite"] == "tiny-exact");
      CHECK(run["metrics"]["pass@1"].get<double>() == Approx(1.0));
    }
  }

  // User suites in the config folder are listed and runnable by name.
  tmp.Write("config/r1-eval/suites/rows.jsonl",
            "{\"id\": 1, \"question\": \"capital of France?\", \"answer\": \"paris\"}\n");
  tmp.Write("config/r1-eval/suites/mine.json",
            "{\"name\": \"mine\", \"data\": \"rows.jsonl\", \"grader\": \"exact\"}");
  auto list = RunR1({"suites"}, tmp.path(), Env(tmp));
  CHECK(list.out.find("mine                    1  suite file") != std::string::npos);
  auto by_name =
      RunR1({"--suite", "mine", "--model", server->base_url(), "-n", "1", "--db", "r1.db"},
            tmp.path(), Env(tmp));
  CHECK(by_name.exit_code == 0);

  std::string bad =
      tmp.Write("bad.json", "{\"name\": \"x\", \"data\": \"bad.json\", \"grader\": \"fuzzy\"}");
  auto broken = RunR1({"--suite", bad, "--model", server->base_url()}, tmp.path(), Env(tmp));
  CHECK(broken.exit_code == 2);
  CHECK(broken.err == "r1-eval: error: " + bad +
                          ": field 'grader': unknown grader 'fuzzy' (known: math, integer, choice, "
                          "exact, regex, check, code)\n");
}
