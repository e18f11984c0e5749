// Shared set-up for runner tests: a tiny suite, a real store file, a real backend pointed at
// the in-process fake server, and a progress sink that can interrupt after N samples.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "fake_openai_server.h"
#include "r1/graders/integer_grader.h"
#include "r1/models/openai_backend.h"
#include "r1/reports/run_summary.h"
#include "r1/runner/runner.h"
#include "r1/store/store.h"
#include "support/temp_dir.h"

namespace r1::testing {

class FixedSuite final : public Suite {
 public:
  explicit FixedSuite(std::vector<Problem> problems) : problems_(std::move(problems)) {}
  std::string Name() const override { return "fixed"; }
  std::string GraderKey() const override { return "integer"; }
  std::string PromptVersion() const override { return "1"; }
  std::string DataVersion() const override { return "d"; }
  const std::vector<Problem>& Problems() const override { return problems_; }
  Prompt Render(const Problem& p, int) const override { return {{{"user", p.question}}, ""}; }

 private:
  std::vector<Problem> problems_;
};

class CountingSink final : public runner::ProgressSink {
 public:
  int stop_after = -1;  ///< set the interrupt flag once this many samples are done
  std::atomic<bool> interrupted{false};
  runner::Progress last;
  void Update(const runner::Progress& p, bool) override {
    last = p;
    if (stop_after >= 0 && p.done - p.resumed >= stop_after) interrupted = true;
  }
};

struct Harness {
  TempDir tmp;
  std::unique_ptr<store::Store> store;
  store::RunRecord run;
  std::unique_ptr<Backend> backend;

  Harness(const std::string& base_url, int k, int idle_timeout_s = 300,
          std::size_t max_response_bytes = std::size_t{64} << 20) {
    store = std::move(*store::Store::Open(tmp / "r1.db"));
    store::RunSpec spec;
    spec.suite = "fixed";
    spec.data_version = "d";
    spec.model = "fake-model";
    spec.prompt_version = "1";
    spec.grader = "integer";
    spec.samples_per_problem = k;
    run = *store->OpenRun(spec, false);
    models::EndpointOptions endpoint;
    endpoint.base_url = base_url;
    endpoint.idle_timeout_s = idle_timeout_s;
    endpoint.max_response_bytes = max_response_bytes;
    backend = std::move(*models::MakeOpenAiBackend(endpoint));
  }

  Result<runner::Progress> Run(const Suite& suite, runner::RunnerOptions options,
                               CountingSink& sink) {
    auto grader = graders::MakeIntegerGrader();
    return runner::RunSamples(*backend, *store, run, suite, *grader, options, sink,
                              sink.interrupted);
  }
};

inline runner::RunnerOptions FastRetries(int k, int concurrency = 8) {
  runner::RunnerOptions o;
  o.samples_per_problem = k;
  o.concurrency = concurrency;
  o.backoff_base_s = 0.01;
  o.backoff_max_s = 0.05;
  o.jitter_seed = 7;
  return o;
}

}  // namespace r1::testing
