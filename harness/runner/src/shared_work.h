// Sharing one run with other processes on this machine: the sampling loop asks for samples only
// after claiming them in the store (Store::ClaimMissing), a batch at a time so that processes
// started together interleave, and renews its lease on a timer while it works.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

#include "r1/core/error.h"
#include "r1/store/store.h"

namespace r1::runner::internal {

class SharedWork {
 public:
  using Clock = std::chrono::steady_clock;

  /// `wanted`: the samples this session needs, in the order to ask for them; indices into it
  /// name them below.
  SharedWork(store::Store& store, std::int64_t run_id, std::vector<store::SampleKey> wanted,
             double lease_s);

  /// Claims up to `n` more samples; their indices, in order. When everything left is claimed
  /// by other processes, asks the store at most five times a second.
  Result<std::vector<std::size_t>> Take(int n, Clock::time_point now);
  /// Not yet claimed by this process and not finished elsewhere: the session is not done.
  bool Pending() const { return !pending_.empty(); }
  std::size_t PendingCount() const { return pending_.size(); }
  /// Samples another process stored successfully / with an error since the last call.
  int TakeDoneElsewhere() { return std::exchange(done_elsewhere_, 0); }
  int TakeFailedElsewhere() { return std::exchange(failed_elsewhere_, 0); }
  /// Renews the lease when a third of it has passed.
  Status Tick(Clock::time_point now);
  /// The sample `index` was stored (`ok`: successfully) and is graded or needs no grade.
  Status Finished(std::size_t index, bool ok);
  /// Gives back every claim (end of the session, or interrupted) so others take them at once.
  Status ReleaseAll();

  const store::ClaimOwner& owner() const { return owner_; }

 private:
  store::Store& store_;
  std::int64_t run_id_;
  std::vector<store::SampleKey> wanted_;
  std::deque<std::size_t> pending_;  ///< indices into wanted_, in order
  double lease_s_;
  store::ClaimOwner owner_;
  bool claimed_any_ = false;
  bool registered_ = false;
  Clock::time_point next_try_{};
  Clock::time_point next_renewal_{};
  int held_elsewhere_ = 0;  ///< at the last claim
  int done_elsewhere_ = 0;
  int failed_elsewhere_ = 0;
};

}  // namespace r1::runner::internal
