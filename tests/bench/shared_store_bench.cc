// Issue 15 figure: the same `r1-eval` command once, then started twice at the same moment on
// one store, against a loopback server that counts the chat requests it answers. With claims the
// pair finishes in about half the time and asks once per sample (without them: twice).
//   usage: r1_shared_store_bench [PROBLEMS=60] [SAMPLES=4] [LATENCY_MS=200] [CONCURRENCY=8]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/process.h"
#include "fake_openai_server.h"
#include "support/temp_dir.h"

using r1::testing::Child;
using r1::testing::FakeOpenAiServer;
using r1::testing::Reply;
using r1::testing::TempDir;

int main(int argc, char** argv) {
  auto arg = [&](int i, int fallback) { return argc > i ? std::atoi(argv[i]) : fallback; };
  const int problems = arg(1, 60), samples = arg(2, 4), latency_ms = arg(3, 200),
            concurrency = arg(4, 8);
  TempDir tmp;
  std::string rows;
  for (int i = 0; i < problems; ++i) {
    rows += "{\"id\":" + std::to_string(i) + ",\"problem\":\"problem " + std::to_string(i) +
            "\",\"answer\":\"" + std::to_string(i) + "\"}\n";
  }
  tmp.Write("data/aime2024/test.jsonl", rows);
  auto server = FakeOpenAiServer::Start([latency_ms](const nlohmann::json&, std::uint64_t) {
    Reply r;
    r.content = "<think>ok</think>\\boxed{1}";
    r.latency_ms = latency_ms;
    return r;
  });
  if (!server) {
    std::fprintf(stderr, "%s\n", server.error().message.c_str());
    return 3;
  }
  auto args = [&](const std::string& db) {
    return std::vector<std::string>{"--suite", "aime2024", "--model", (*server)->base_url(),
                                    "--data-dir", tmp / "data", "-n", std::to_string(samples),
                                    "--concurrency", std::to_string(concurrency), "--db", db};
  };
  std::printf("%d problems x %d samples = %d samples, %d ms per answer, --concurrency %d each\n",
              problems, samples, problems * samples, latency_ms, concurrency);
  int status = 0;
  for (int processes : {1, 2}) {
    const std::string db = processes == 1 ? "once.db" : "twice.db";
    const auto before = (*server)->chat_requests();
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::unique_ptr<Child>> children;
    for (int i = 0; i < processes; ++i) {
      children.push_back(std::make_unique<Child>(args(db), tmp.path().string()));
    }
    for (auto& child : children) {
      auto result = child->Wait();
      if (result.exit_code != 0) {
        std::fprintf(stderr, "r1-eval exited %d: %s\n", result.exit_code, result.err.c_str());
        status = 1;
      }
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%d process%s: %6.2f s wall, %llu chat requests\n", processes,
                processes == 1 ? "  " : "es", seconds,
                static_cast<unsigned long long>((*server)->chat_requests() - before));
  }
  return status;
}
