// The scheduler: expands problems x samples, dispatches them with bounded concurrency through
// an event-driven backend, retries what failed transiently, stores every completion the moment
// it arrives, then grades it. Library code: reports through ProgressSink, never prints.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "r1/core/backend.h"
#include "r1/core/grader.h"
#include "r1/core/suite.h"
#include "r1/store/store.h"

namespace r1::runner {

struct RunnerOptions {
  int samples_per_problem = 64;
  int concurrency = 64;
  int max_attempts = 6;          ///< per sample, first try included
  double backoff_base_s = 1.0;   ///< first retry waits about this long (with jitter)
  double backoff_max_s = 60.0;   ///< cap for exponential backoff
  double retry_after_max_s = 600.0;  ///< cap on a server's Retry-After
  std::uint64_t jitter_seed = 0;     ///< jitter is deterministic per seed (tests)
  int limit = 0;                     ///< first N problems only; 0 = all
  /// --shard i/N: this process samples only the (problem, sample) pairs whose ordinal
  /// (problem position x k + sample index) is i modulo N; `r1-eval merge` joins the stores.
  int shard_index = 0;
  int shard_count = 1;
  /// 0: each completion is graded in the sampling thread right after it is stored. N > 0: N
  /// threads grade while sampling goes on (code graders judge programs for seconds; blocking the
  /// sampling thread would stall every stream in flight). Grades still reach the store only from
  /// the calling thread, after their sample. Graders must then be safe to call concurrently.
  int grading_threads = 0;
};

struct Progress {
  int total = 0;         ///< samples the run needs
  int done = 0;          ///< stored successfully (including earlier sessions)
  int errors = 0;        ///< stored with an error this session
  int retries = 0;       ///< attempts retried this session
  int in_flight = 0;
  int concurrency = 0;   ///< current limit (shrinks on 429s, recovers on successes)
  int min_concurrency = 0;  ///< the lowest the limit went this session
  int resumed = 0;       ///< already complete when this session started
  int grading = 0;       ///< stored, waiting for or in grading (grading_threads > 0)
  double elapsed_s = 0;  ///< this session
};

class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  /// Called a few times a second and once at the end.
  virtual void Update(const Progress& progress, bool final) = 0;
};

/// Samples every missing (problem, sample_index) of `run` and stores + grades each. Successful
/// samples an earlier session stored but never graded (it was interrupted or crashed between
/// the two) are graded too. Stops early when `interrupted` becomes true (in-flight requests are
/// dropped and will be asked again by the next run; grading under way is finished, queued
/// grading is left to the next run): returns kCancelled. A store failure returns kUnavailable.
Result<Progress> RunSamples(Backend& backend, store::Store& store, const store::RunRecord& run,
                            const Suite& suite, const Grader& grader, const RunnerOptions& options,
                            ProgressSink& progress, const std::atomic<bool>& interrupted);

/// Recomputes every grade of `run` from stored completions; returns how many were graded.
/// Which samples `Regrade` grades again.
enum class RegradeScope {
  kAll,       ///< every successful completion
  kUnscored,  ///< only those whose judging failed for our reasons (unscored) or never ran (ungraded)
};

Result<int> Regrade(store::Store& store, const store::RunRecord& run, const Grader& grader,
                    RegradeScope scope = RegradeScope::kAll);

}  // namespace r1::runner
