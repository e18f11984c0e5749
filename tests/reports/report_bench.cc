// Report timing and size on a synthetic store: r1_reports_bench [--runs R] [--k K]
// [--suites aime2024:30,aime2025:30,math500:500] [--thought-bytes B] [--db FILE]
// Fills a store (one transaction per run) with R models x suites x problems x K samples whose
// thinking is B bytes of English, then times Summarize and each renderer and prints the sizes.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "r1/reports/bootstrap.h"
#include "r1/reports/formats.h"
#include "r1/reports/html_leaderboard.h"
#include "r1/reports/markdown_table.h"
#include "r1/reports/run_summary.h"
#include "r1/store/store.h"

namespace {

using Clock = std::chrono::steady_clock;
double Since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::string Filler(std::size_t bytes, std::uint64_t seed) {
  static const char* kWords[] = {"so", "the", "sum", "of", "roots", "is", "wait", "let", "me", "check",
                                 "again", "because", "x", "squared", "plus", "y", "equals", "therefore"};
  r1::reports::Rng rng(seed);
  std::string out;
  while (out.size() < bytes) {
    out += kWords[rng.Below(std::size(kWords))];
    out += rng.Below(12) == 0 ? ".\n" : " ";
  }
  out.resize(bytes);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 2, k = 64;
  bool reuse = false;  // --reuse 1: time the reports on an existing store
  std::size_t thought = 2000;
  std::string suites = "aime2024:30,aime2025:30,math500:500", db = "report-bench.db";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--runs")) runs = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--k")) k = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--thought-bytes")) thought = std::strtoul(argv[i + 1], nullptr, 10);
    if (!std::strcmp(argv[i], "--suites")) suites = argv[i + 1];
    if (!std::strcmp(argv[i], "--db")) db = argv[i + 1];
    if (!std::strcmp(argv[i], "--reuse")) reuse = std::atoi(argv[i + 1]) != 0;
  }
  if (!reuse) std::filesystem::remove(db);
  auto store = r1::store::Store::Open(db);
  if (!store) return std::fprintf(stderr, "%s\n", store.error().message.c_str()), 3;

  auto t0 = Clock::now();
  long samples = 0;
  r1::reports::Rng rng(1);
  for (int r = 0; r < (reuse ? 0 : runs); ++r) {
    for (std::size_t start = 0; start < suites.size();) {
      std::size_t comma = std::min(suites.find(',', start), suites.size());
      std::string item = suites.substr(start, comma - start);
      start = comma + 1;
      const std::string suite = item.substr(0, item.find(':'));
      const int problems = std::atoi(item.substr(item.find(':') + 1).c_str());
      r1::store::RunSpec spec;
      spec.suite = suite;
      spec.model = "model-" + std::to_string(r);
      spec.samples_per_problem = k;
      spec.prompt_version = "bench";
      auto run = (*store)->OpenRun(spec, true);
      if (!run) return std::fprintf(stderr, "%s\n", run.error().message.c_str()), 3;
      std::vector<r1::Problem> ps;
      for (int p = 0; p < problems; ++p) ps.push_back({std::to_string(p), "Problem " + std::to_string(p) + ": find x.", "1", {}});
      (void)(*store)->PutProblems(run->id, ps);
      auto status = (*store)->Transaction([&]() -> r1::Status {
        for (int p = 0; p < problems; ++p) {
          const double difficulty = static_cast<double>(rng.Below(1000)) / 1000;
          for (int i = 0; i < k; ++i) {
            const bool right = static_cast<double>(rng.Below(1000)) / 1000 > difficulty - 0.1 * r;
            r1::Completion c;
            c.content = "<think>\n" + Filler(thought / 2 + rng.Below(thought + 1), rng.Next()) +
                        "\n</think>\n\nThe answer is \\boxed{" + (right ? "1" : "2") + "}.";
            c.finish_reason = "stop";
            c.prompt_tokens = 80;
            c.completion_tokens = static_cast<std::int64_t>(c.content.size() / 4);
            auto w = (*store)->PutSample(run->id, std::to_string(p), i, c, "");
            if (!w) return std::unexpected(w.error());
            r1::Grade g;
            g.extracted = g.canonical_key = right ? "1" : "2";
            g.correct = right;
            if (auto s = (*store)->PutGrade(w->id, g, "bench"); !s) return s;
            ++samples;
          }
        }
        return {};
      });
      if (!status) return std::fprintf(stderr, "%s\n", status.error().message.c_str()), 3;
    }
  }
  std::printf("store: %ld samples, %.1f MB, filled in %.1f s\n", samples,
              static_cast<double>(std::filesystem::file_size(db)) / 1e6, Since(t0));

  auto records = (*store)->Runs();
  std::vector<r1::reports::RunSummary> summaries;
  t0 = Clock::now();
  for (const auto& r : *records) summaries.push_back(*r1::reports::Summarize(**store, r, {.viewer_samples = 2}));
  std::printf("summarize (metrics, diagnostics over all text, viewer picks): %.2f s\n", Since(t0));
  r1::reports::ReportOptions options;
  options.reference = *r1::reports::LoadReference("r1");
  options.pricing = *r1::reports::PricingPreset("deepseek-r1");
  t0 = Clock::now();
  const std::string html = r1::reports::RenderHtml(summaries, options);
  std::printf("html: %.2f MB rendered in %.3f s\n", static_cast<double>(html.size()) / 1e6, Since(t0));
  std::ofstream(db + ".html", std::ios::binary) << html;
  t0 = Clock::now();
  const std::string json = r1::reports::RenderJson(summaries, options);
  std::printf("json: %.2f MB rendered in %.3f s\n", static_cast<double>(json.size()) / 1e6, Since(t0));
  t0 = Clock::now();
  const std::string md = r1::reports::RenderMarkdown(summaries, options);
  std::printf("markdown: %zu bytes rendered in %.4f s\n", md.size(), Since(t0));
  return 0;
}
