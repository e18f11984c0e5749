// Throughput of the math equivalence engine on one core.
//
// Corpus (mixed): the real MATH-500 gold answers against the answers Qwen2.5-14B-Instruct gave
// (../shared/realruns, extracted from the whole responses once, up front), plus every pair of
// the labelled corpus tests/fixtures/graders/math_equivalence.jsonl. Each timed pair is
// Answer::Parse(gold) + Answer::Parse(pred) + Compare, the same work as Math-Verify's
// parse + parse + verify; "+key" adds CanonicalKey(pred), what the grader also does.
//
//   build-dir/tests/bench/r1_equiv_bench [--seconds S] [--realrun FILE] [--fixture FILE] [--json]
//
// Single-threaded by construction, so pairs per second is per core. Latencies are wall-clock
// per pair, so on a busy machine the max shows scheduling stalls, not grader cost.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "r1/graders/answer_extraction.h"
#include "r1/graders/math/equivalence.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace math = r1::graders::math;

struct Pair {
  std::string gold;
  std::string pred;
};

std::vector<nlohmann::json> ReadJsonl(const std::string& path) {
  std::vector<nlohmann::json> rows;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) rows.push_back(nlohmann::json::parse(line));
  }
  return rows;
}

std::string Text(const nlohmann::json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

// CPU time of this thread: throughput per core that other processes on the machine do not
// distort (wall-clock figures are printed too).
double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct Stats {
  double pairs_per_cpu_second = 0;
  double pairs_per_second = 0;
  double mean_us = 0, p50_us = 0, p99_us = 0, max_us = 0;
  std::size_t pairs = 0;
};

// Runs the corpus repeatedly for about `seconds`, timing every pair.
template <class Work>
Stats Measure(const std::vector<Pair>& corpus, double seconds, Work work) {
  for (const auto& p : corpus) work(p);  // warm-up pass
  std::vector<double> us;
  us.reserve(corpus.size() * 64);
  auto start = Clock::now();
  double cpu_start = ThreadCpuSeconds();
  double elapsed = 0;
  while (elapsed < seconds) {
    for (const auto& p : corpus) {
      auto t0 = Clock::now();
      work(p);
      us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    }
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  }
  Stats s;
  s.pairs = us.size();
  s.pairs_per_second = static_cast<double>(us.size()) / elapsed;
  s.pairs_per_cpu_second = static_cast<double>(us.size()) / (ThreadCpuSeconds() - cpu_start);
  for (double u : us) s.mean_us += u;
  s.mean_us /= static_cast<double>(us.size());
  std::sort(us.begin(), us.end());
  s.p50_us = us[us.size() / 2];
  s.p99_us = us[std::min(us.size() - 1, us.size() * 99 / 100)];
  s.max_us = us.back();
  return s;
}

void Print(const char* name, const Stats& s) {
  std::printf(
      "%-14s %8.0f pairs/cpu-s %8.0f pairs/s wall   mean %6.1f us   p50 %6.1f us   p99 %6.1f us   "
      "max %9.1f us   (%zu)\n",
      name, s.pairs_per_cpu_second, s.pairs_per_second, s.mean_us, s.p50_us, s.p99_us, s.max_us,
      s.pairs);
}

nlohmann::json ToJson(const Stats& s) {
  return {{"pairs_per_cpu_second", s.pairs_per_cpu_second},
          {"pairs_per_second", s.pairs_per_second},
          {"mean_us", s.mean_us},
          {"p50_us", s.p50_us},
          {"p99_us", s.p99_us},
          {"max_us", s.max_us},
          {"pairs_timed", s.pairs}};
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 3;
  bool json = false;
  std::string realrun = std::string(R1_SOURCE_DIR) +
                        "/../shared/realruns/skythought-qwen25-14b-instruct-math500/"
                        "test_qwen25-math-cot_-1_seed0_t0.0_s0_e-1.jsonl";
  std::string fixture =
      std::string(R1_SOURCE_DIR) + "/tests/fixtures/graders/math_equivalence.jsonl";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--seconds" && i + 1 < argc) {
      seconds = std::atof(argv[++i]);
    } else if (a == "--realrun" && i + 1 < argc) {
      realrun = argv[++i];
    } else if (a == "--fixture" && i + 1 < argc) {
      fixture = argv[++i];
    } else if (a == "--json") {
      json = true;
    } else {
      std::fprintf(stderr, "usage: %s [--seconds S] [--realrun FILE] [--fixture FILE] [--json]\n",
                   argv[0]);
      return 2;
    }
  }

  std::vector<Pair> real, fixture_pairs;
  std::vector<std::string> responses;
  for (const auto& row : ReadJsonl(realrun)) {
    std::string response = Text(row["code"][0]);
    responses.push_back(response);
    auto ex = r1::graders::ExtractFinalAnswer(response, "stop");
    real.push_back({Text(row["answer"]), ex.answer});
  }
  for (const auto& row : ReadJsonl(fixture))
    fixture_pairs.push_back({Text(row["gold"]), Text(row["pred"])});
  std::vector<Pair> mixed = real;
  mixed.insert(mixed.end(), fixture_pairs.begin(), fixture_pairs.end());
  if (mixed.empty()) {
    std::fprintf(stderr, "no pairs: neither %s nor %s could be read\n", realrun.c_str(),
                 fixture.c_str());
    return 2;
  }
  if (real.empty()) std::fprintf(stderr, "note: %s absent; fixture pairs only\n", realrun.c_str());

  auto compare = [](const Pair& p) {
    auto g = math::Answer::Parse(p.gold);
    auto q = math::Answer::Parse(p.pred);
    volatile bool equal = math::Compare(g, q).equal;
    (void)equal;
  };
  auto compare_key = [](const Pair& p) {
    auto g = math::Answer::Parse(p.gold);
    auto q = math::Answer::Parse(p.pred);
    volatile bool equal = math::Compare(g, q).equal;
    volatile std::size_t n = math::CanonicalKey(q).size();
    (void)equal;
    (void)n;
  };
  double share = seconds / 4;
  Stats mixed_stats = Measure(mixed, share, compare);
  Stats mixed_key = Measure(mixed, share, compare_key);
  Stats real_stats = real.empty() ? Stats{} : Measure(real, share, compare);
  Stats fixture_stats = Measure(fixture_pairs, share, compare);
  // Extraction from the whole responses, for scale (responses average a few KB).
  Stats extract;
  if (!responses.empty()) {
    std::vector<Pair> as_pairs;
    for (const auto& r : responses) as_pairs.push_back({r, ""});
    extract = Measure(as_pairs, share / 2, [](const Pair& p) {
      volatile std::size_t n = r1::graders::ExtractFinalAnswer(p.gold, "stop").answer.size();
      (void)n;
    });
  }

  if (json) {
    nlohmann::json out{
        {"corpus", {{"realrun_pairs", real.size()}, {"fixture_pairs", fixture_pairs.size()}}},
        {"mixed", ToJson(mixed_stats)},
        {"mixed_with_key", ToJson(mixed_key)},
        {"realrun", ToJson(real_stats)},
        {"fixture", ToJson(fixture_stats)},
        {"extraction", ToJson(extract)}};
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::printf("corpus: %zu MATH-500 realrun pairs + %zu fixture pairs; one thread\n", real.size(),
              fixture_pairs.size());
  Print("mixed", mixed_stats);
  Print("mixed +key", mixed_key);
  if (!real.empty()) Print("realrun only", real_stats);
  Print("fixture only", fixture_stats);
  if (!responses.empty()) Print("extraction", extract);
  return 0;
}
