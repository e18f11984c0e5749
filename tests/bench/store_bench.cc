// Store write throughput: durable sample writes per second (each its own transaction, as the
// runner does) at both durability levels, with 30 KB responses. Run by hand:
//   build/tests/bench/r1_store_bench [SAMPLES]
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "r1/store/store.h"

namespace {

double WritesPerSecond(r1::store::Durability durability, int samples, const std::string& path) {
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
  auto store = std::move(*r1::store::Store::Open(path, durability));
  r1::store::RunSpec spec;
  spec.suite = "bench";
  spec.model = "m";
  spec.samples_per_problem = 64;
  auto run = *store->OpenRun(spec, false);
  r1::Completion c;
  c.content = std::string(30 * 1024, 'x') + "\\boxed{1}";
  c.finish_reason = "stop";
  r1::Grade grade;
  grade.extracted = "1";
  grade.canonical_key = "1";
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < samples; ++i) {
    auto write = store->PutSample(run.id, std::to_string(i / 64), i % 64, c, "");
    if (!write || !store->PutGrade(write->id, grade, "bench")) {
      std::fprintf(stderr, "write failed\n");
      return 0;
    }
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return samples / s;
}

}  // namespace

int main(int argc, char** argv) {
  const int samples = argc > 1 ? std::stoi(argv[1]) : 5000;
  const std::string path = (std::filesystem::temp_directory_path() / "r1-store-bench.db").string();
  std::printf("samples of 30 KB, each committed before its grade (two statements):\n");
  std::printf("  synchronous=NORMAL (default): %8.0f samples/s\n",
              WritesPerSecond(r1::store::Durability::kNormal, samples, path));
  std::printf("  synchronous=FULL (--durable): %8.0f samples/s\n",
              WritesPerSecond(r1::store::Durability::kFull, samples / 5, path));
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
}
