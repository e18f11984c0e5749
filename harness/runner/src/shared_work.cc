// Claims for the sampling loop; see shared_work.h.
#include "shared_work.h"

#include <algorithm>
#include <set>
#include <utility>

namespace r1::runner::internal {

SharedWork::SharedWork(store::Store& store, std::int64_t run_id,
                       std::vector<store::SampleKey> wanted, double lease_s)
    : store_(store),
      run_id_(run_id),
      wanted_(std::move(wanted)),
      lease_s_(lease_s),
      owner_(store::ClaimOwner::ThisProcess()) {
  for (std::size_t i = 0; i < wanted_.size(); ++i) pending_.push_back(i);
}

Result<std::vector<std::size_t>> SharedWork::Take(int n, Clock::time_point now) {
  std::vector<std::size_t> taken;
  if (n <= 0 || pending_.empty() || now < next_try_) return taken;
  // The store walks the keys in order until it has claimed n; pass a window a little longer
  // than what others held last time, and the whole list only when that is not enough (a long
  // run would otherwise copy every key for every batch).
  auto claim = [&](std::size_t window) {
    std::vector<store::SampleKey> keys;
    keys.reserve(window);
    for (std::size_t j = 0; j < window; ++j) keys.push_back(wanted_[pending_[j]]);
    return store_.ClaimMissing(run_id_, keys, n, owner_, lease_s_);
  };
  std::size_t window = std::min(pending_.size(),
                                static_cast<std::size_t>(n + held_elsewhere_ + 64));
  auto batch = claim(window);
  if (batch && static_cast<int>(batch->claimed.size()) < n && window < pending_.size()) {
    window = pending_.size();
    batch = claim(window);  // returns again, as its own, what the first call claimed
  }
  registered_ = true;  // the store now holds this process's lease, even if it claimed nothing
  if (!batch) return std::unexpected(batch.error());
  held_elsewhere_ = batch->held_elsewhere;
  if (!batch->claimed.empty() && !claimed_any_) {
    claimed_any_ = true;
    next_renewal_ = now + std::chrono::duration_cast<Clock::duration>(
                              std::chrono::duration<double>(lease_s_ / 3));
  }
  std::set<store::SampleKey> claimed(batch->claimed.begin(), batch->claimed.end());
  std::set<store::SampleKey> gone(batch->done.begin(), batch->done.end());
  gone.insert(batch->failed_elsewhere.begin(), batch->failed_elsewhere.end());
  done_elsewhere_ += static_cast<int>(batch->done.size());
  failed_elsewhere_ += static_cast<int>(batch->failed_elsewhere.size());
  // Only the first `window` keys went to the store; the rest of pending_ stays as it is, so a
  // batch costs what the window holds, not what is left of a long run.
  std::vector<std::size_t> kept;
  for (std::size_t j = 0; j < window; ++j) {
    const std::size_t i = pending_[j];
    if (claimed.contains(wanted_[i])) {
      taken.push_back(i);
    } else if (!gone.contains(wanted_[i])) {
      kept.push_back(i);
    }
  }
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(window));
  pending_.insert(pending_.begin(), kept.begin(), kept.end());
  // Everything claimable was claimed; what is left is held by other processes. Look again
  // later: they may finish it, or die and free it.
  if (static_cast<int>(taken.size()) < n) next_try_ = now + std::chrono::milliseconds(200);
  return taken;
}

Status SharedWork::Tick(Clock::time_point now) {
  if (!claimed_any_ || now < next_renewal_) return {};
  next_renewal_ = now + std::chrono::duration_cast<Clock::duration>(
                            std::chrono::duration<double>(lease_s_ / 3));
  auto kept = store_.RenewClaims(owner_, lease_s_);
  if (!kept) return std::unexpected(kept.error());
  // A lapsed lease (this process stalled longer than the lease) let others take its claims;
  // what is in flight here may be asked twice then, and the store keeps the first answer.
  return {};
}

Status SharedWork::Finished(std::size_t index, bool ok) {
  return store_.ReleaseClaim(run_id_, wanted_[index], owner_, /*failed=*/!ok);
}

Status SharedWork::ReleaseAll() {
  if (!registered_) return {};
  return store_.ReleaseAllClaims(owner_);
}

}  // namespace r1::runner::internal
