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
  /// N > 0: N threads grade while sampling goes on, so grading never holds up the thread that
  /// drives every stream (code graders judge programs for seconds). Grades still reach the store
  /// only from the calling thread, after their sample. With N > 1 graders must be safe to call
  /// concurrently. 0: each completion is graded in the sampling thread after it is stored.
  int grading_threads = 1;
  /// How long the run waits while no endpoint is usable (refused, reset, 5xx, streams cut)
  /// before it gives up: samples whose attempt failed at a server (in flight at the crash) are
  /// stored as errors; the others, never answered, are left for the next run of the command.
  double patience_s = 600.0;
  /// Processes sharing a run on one machine claim the samples they ask for; a claim lasts this
  /// long past its owner's last renewal (renewed every third of it). A process that is gone on
  /// this machine frees its claims at once; the lease covers the rest (a stopped process,
  /// another pid namespace).
  double claim_lease_s = 60;
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
  double waiting_s = 0;  ///< how long no endpoint has been usable (0 while one is)
  bool gave_up = false;  ///< stopped after RunnerOptions::patience_s without a usable endpoint
  int unasked = 0;       ///< samples left unasked when it gave up; the next run asks them
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
/// While no endpoint is usable nothing new starts; after options.patience_s it gives up and
/// returns the progress with gave_up set (see RunnerOptions::patience_s).
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
