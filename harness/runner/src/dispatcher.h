// The sampling loop of RunSamples as a class whose states can be read off the code.
//
// Each work item (one problem x sample index) is in one state:
//   kUnasked    not sent this session: unclaimed in `shared_` (other processes on this machine
//               may share the run: a sample is asked only once this process claimed it), then
//               claimed, in `unasked_`, waiting for a free slot;
//   kInFlight   an attempt is out at the backend;
//   kBackoff    its attempt failed transiently; waits in `backoff_` for its retry time and
//               keeps its concurrency slot meanwhile (a retry never queues behind fresh work);
//   kStored     stored, as a completion or as its final error.
// The dispatcher as a whole, each turn of its loop (Phase()):
//   kDispatching      the backend takes work: retries that are due first, then unasked items
//                     while slots are free;
//   kWaitingForServer no endpoint is usable (every one down): nothing starts, the backend
//                     probes; after `patience_s` the run gives up (GiveUp());
//   kDraining         nothing left to start: attempts in flight and grading finish;
//   kFinished.
// Each turn sleeps until the next I/O event, retry time, backend timer or progress tick, then
// stores what finished together in one transaction before any of it is graded.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <utility>
#include <vector>

#include "backoff.h"
#include "grading_pool.h"
#include "shared_work.h"
#include "r1/runner/runner.h"

namespace r1::runner::internal {

class Dispatcher {
 public:
  Dispatcher(Backend& backend, store::Store& store, const store::RunRecord& run,
             const Suite& suite, const Grader& grader, const RunnerOptions& options,
             ProgressSink& sink, const std::atomic<bool>& interrupted);
  ~Dispatcher();

  Result<Progress> Run();

 private:
  using Clock = std::chrono::steady_clock;
  enum class ItemState { kUnasked, kInFlight, kBackoff, kStored };
  enum class Phase { kDispatching, kWaitingForServer, kDraining, kFinished };

  struct Item {
    const Problem* problem;
    int sample_index;
    Prompt prompt;
    int attempts = 0;
    ItemState state = ItemState::kUnasked;
    std::optional<Error> last_error;
  };
  struct RetryAt {
    Clock::time_point due;
    std::size_t item;
    bool operator>(const RetryAt& o) const { return due > o.due; }
  };

  Status Prepare();
  Phase CurrentPhase() const;
  void StartWork(Clock::time_point now);
  void StartClaimed();
  void Start(std::size_t index);
  void Wait(Clock::time_point now);
  Status Collect();
  Status StoreFinal(std::vector<std::pair<std::size_t, Completion>>& finals,
                    std::vector<GradingPool::Done> graded = {});
  Status Grade(GradingPool::Job job);
  Status GradeLeftovers();
  Status WriteGrades();
  Status PutGrades(const std::vector<GradingPool::Done>& graded);
  Status Graded(std::int64_t sample_id);
  Status GiveUp(Clock::duration waited);
  void ClaimMore(Clock::time_point now);
  void Release();
  Result<Progress> Interrupt();
  void Report(bool final);
  int Active() const { return in_flight_ + static_cast<int>(backoff_.size()); }

  Backend& backend_;
  store::Store& store_;
  const store::RunRecord& run_;
  const Suite& suite_;
  const Grader& grader_;
  const RunnerOptions& options_;
  ProgressSink& sink_;
  const std::atomic<bool>& interrupted_;

  const Clock::time_point start_ = Clock::now();
  Clock::time_point last_report_{};
  std::vector<Problem> problems_;
  std::vector<Item> items_;
  std::deque<std::size_t> unasked_;
  std::priority_queue<RetryAt, std::vector<RetryAt>, std::greater<>> backoff_;
  int in_flight_ = 0;
  std::vector<std::pair<std::size_t, Completion>> finished_;  // filled by backend callbacks
  Backoff delays_;
  std::unique_ptr<GradingPool> pool_;
  std::unique_ptr<SharedWork> shared_;
  std::optional<Error> claim_error_;
  /// Stored successful samples of this session waiting for their grade -> item index; their
  /// claims end with the grade.
  std::map<std::int64_t, std::size_t> claimed_until_graded_;  ///< a store failure while claiming: ends the run  ///< claims on the run's samples (Store::ClaimMissing)
  Progress progress_;
  bool others_stored_ = false;  ///< another process stored samples this run counts as done
};

}  // namespace r1::runner::internal
