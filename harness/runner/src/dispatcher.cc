// The sampling loop (see dispatcher.h).
#include "dispatcher.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <thread>

namespace r1::runner::internal {
namespace {

// The longest sleep of one turn: progress and Ctrl-C are looked at this often.
constexpr int kTickMs = 250;

// How long a turn goes on gathering completions while more attempts are in flight. Each turn
// commits what it gathered in one transaction and claims and starts work once: with hundreds
// of streams ending a few at a time, one-completion turns spent more on SQLite commits than
// on the streams. A freed slot waits at most this long, little next to any generation.
constexpr auto kGather = std::chrono::milliseconds(10);

bool Retryable(ErrorCode code) {
  switch (code) {
    case ErrorCode::kUnavailable:
    case ErrorCode::kResourceExhausted:
    case ErrorCode::kDeadlineExceeded:
    case ErrorCode::kDataLoss:
      return true;
    default:
      return false;
  }
}

// Successful samples of `run` stored without a grade (an earlier session stopped between the
// two), for the problems being run. One cheap pass without text finds them; only if there are
// any is the text read.
Result<std::vector<GradingPool::Job>> UngradedSamples(store::Store& store, std::int64_t run_id,
                                                      const std::vector<Problem>& problems,
                                                      const std::set<store::SampleKey>& skip) {
  std::set<std::int64_t> ungraded;
  auto scan = store.ForEachSample(run_id, store::Store::Text::kWithout, [&](const store::StoredSample& s) -> Status {
    if (s.completion.ok() && !s.grade && !skip.contains({s.problem_id, s.sample_index})) {
      ungraded.insert(s.id);
    }
    return {};
  });
  if (!scan) return std::unexpected(scan.error());
  std::vector<GradingPool::Job> jobs;
  if (ungraded.empty()) return jobs;
  std::map<std::string, const Problem*> by_id;
  for (const auto& p : problems) by_id[p.id] = &p;
  auto read = store.ForEachSample(run_id, store::Store::Text::kWith, [&](const store::StoredSample& s) -> Status {
    auto it = by_id.find(s.problem_id);
    if (ungraded.contains(s.id) && it != by_id.end()) {
      jobs.push_back(GradingPool::Job{s.id, it->second, s.completion, s.sample_data});
    }
    return {};
  });
  if (!read) return std::unexpected(read.error());
  return jobs;
}

std::string FormatSeconds(double s) {
  const long whole = std::lround(s);
  return whole >= 120 ? std::to_string(whole / 60) + " min" : std::to_string(whole) + " s";
}

}  // namespace

Dispatcher::Dispatcher(Backend& backend, store::Store& store, const store::RunRecord& run,
                       const Suite& suite, const Grader& grader, const RunnerOptions& options,
                       ProgressSink& sink, const std::atomic<bool>& interrupted)
    : backend_(backend),
      store_(store),
      run_(run),
      suite_(suite),
      grader_(grader),
      options_(options),
      sink_(sink),
      interrupted_(interrupted),
      delays_(options.backoff_base_s, options.backoff_max_s, options.retry_after_max_s,
              options.jitter_seed) {}

Dispatcher::~Dispatcher() {
  if (in_flight_ > 0) backend_.AbortAll();  // callbacks must never outlive this object
  Release();
}

// Gives every claim back so other processes sharing the run take those samples at once
// (a claim would lapse by itself after the lease anyway).
void Dispatcher::Release() {
  if (shared_) (void)shared_->ReleaseAll();
}

Result<Progress> Dispatcher::Run() {
  if (auto s = Prepare(); !s) return std::unexpected(s.error());
  for (;;) {
    if (interrupted_.load()) return Interrupt();
    const Phase phase = CurrentPhase();
    if (phase == Phase::kFinished) break;
    Clock::time_point now = Clock::now();
    if (phase == Phase::kWaitingForServer) {
      const Clock::duration waited = now - *backend_.UnavailableSince();
      progress_.waiting_s = std::chrono::duration<double>(waited).count();
      if (progress_.waiting_s >= options_.patience_s) {
        if (auto s = GiveUp(waited); !s) return std::unexpected(s.error());
        continue;
      }
    } else {
      progress_.waiting_s = 0;
    }
    StartWork(now);
    Wait(now);
    if (auto s = Collect(); !s) {
      backend_.AbortAll();
      in_flight_ = 0;
      Release();
      if (pool_) pool_->Stop();
      return std::unexpected(Error(s.error()).With("store write failed; stopping"));
    }
    Report(false);
  }
  if (others_stored_ && shared_) {
    if (auto s = GradeLeftovers(); !s) return std::unexpected(s.error());
    while (pool_ && pool_->Outstanding() > 0) pool_->WaitForResult(kTickMs);
    if (auto s = WriteGrades(); !s) return std::unexpected(s.error());
  }
  Release();
  Report(true);
  return progress_;
}

Status Dispatcher::Prepare() {
  problems_ = suite_.Problems();
  if (options_.limit > 0 && static_cast<std::size_t>(options_.limit) < problems_.size()) {
    problems_.resize(options_.limit);
  }
  if (auto s = store_.PutProblems(run_.id, problems_); !s) return s;
  auto completed = store_.CompletedPairs(run_.id);
  if (!completed) return std::unexpected(completed.error());
  std::set<std::pair<std::string, int>> have(completed->begin(), completed->end());

  // Problem-major order: the k samples of a problem go out together, so servers with prefix
  // caching (vLLM, SGLang) reuse the prompt's KV cache.
  const int shards = std::max(1, options_.shard_count);
  for (std::size_t pos = 0; pos < problems_.size(); ++pos) {
    const Problem& problem = problems_[pos];
    for (int idx = 0; idx < options_.samples_per_problem; ++idx) {
      long long ordinal = static_cast<long long>(pos) * options_.samples_per_problem + idx;
      if (ordinal % shards != options_.shard_index) continue;
      ++progress_.total;
      if (have.contains({problem.id, idx})) {
        ++progress_.resumed;
        continue;
      }
      items_.push_back(Item{&problem, idx, suite_.Render(problem, idx), 0, ItemState::kUnasked, std::nullopt});
    }
  }
  // Other processes running this same run on this machine: a sample is asked for only once
  // claimed, so each is asked by one of them; claims go a batch at a time (ClaimMore).
  std::vector<store::SampleKey> keys;
  keys.reserve(items_.size());
  for (const auto& item : items_) keys.emplace_back(item.problem->id, item.sample_index);
  shared_ = std::make_unique<SharedWork>(store_, run_.id, std::move(keys), options_.claim_lease_s);
  progress_.done = progress_.resumed;
  progress_.concurrency = progress_.min_concurrency = std::max(1, options_.concurrency);

  if (options_.grading_threads > 0) {
    pool_ = std::make_unique<GradingPool>(grader_, options_.grading_threads);
  }
  if (progress_.resumed > 0) {
    if (auto s = GradeLeftovers(); !s) return s;
    if (auto s = WriteGrades(); !s) return s;
  }
  return {};
}

// Successful samples stored without a grade by a process that stopped between storing and
// grading: at the start of a resumed run, and at the end of one whose work another process
// shared (it may have been killed meanwhile; its samples count as done here and nobody else
// would grade them). Not those another process is grading now (stored, its claim not yet
// ended): ClaimedElsewhere first drops the claims of processes that are gone.
Status Dispatcher::GradeLeftovers() {
  auto elsewhere = store_.ClaimedElsewhere(run_.id, shared_->owner());
  if (!elsewhere) return std::unexpected(elsewhere.error());
  auto leftovers = UngradedSamples(store_, run_.id, problems_,
                                   std::set<store::SampleKey>(elsewhere->begin(), elsewhere->end()));
  if (!leftovers) return std::unexpected(leftovers.error());
  for (auto& job : *leftovers) {
    if (auto s = Grade(std::move(job)); !s) return s;
  }
  return {};
}

Dispatcher::Phase Dispatcher::CurrentPhase() const {
  const bool unclaimed = shared_ && shared_->Pending();
  const bool sampling_left = !unasked_.empty() || !backoff_.empty() || in_flight_ > 0 || unclaimed;
  if (sampling_left && backend_.UnavailableSince()) return Phase::kWaitingForServer;
  if (!unasked_.empty() || !backoff_.empty() || unclaimed) return Phase::kDispatching;
  if (in_flight_ > 0 || (pool_ && pool_->Outstanding() > 0)) return Phase::kDraining;
  return Phase::kFinished;
}

void Dispatcher::StartWork(Clock::time_point now) {
  // Retries that are due go first: they kept their slots while they waited.
  while (!backoff_.empty() && backoff_.top().due <= now && backend_.Accepting()) {
    const std::size_t index = backoff_.top().item;
    backoff_.pop();
    Start(index);
  }
  if (backend_.Accepting()) ClaimMore(now);
  StartClaimed();
}

// Claimed work into free slots.
void Dispatcher::StartClaimed() {
  const int limit = std::max(1, options_.concurrency);
  while (!unasked_.empty() && Active() < limit && backend_.Accepting()) {
    const std::size_t index = unasked_.front();
    unasked_.pop_front();
    Start(index);
  }
}

void Dispatcher::Start(std::size_t index) {
  Item& item = items_[index];
  ++item.attempts;
  item.state = ItemState::kInFlight;
  ++in_flight_;
  Request request;
  request.model = run_.model;
  request.messages = item.prompt.messages;
  request.params = run_.params;
  request.tag = index;
  request.sample_index = item.sample_index;
  backend_.Start(std::move(request), [this](std::uint64_t tag, Completion completion) {
    finished_.emplace_back(static_cast<std::size_t>(tag), std::move(completion));
  });
}

// Claims about what can start now plus a queue of up to a quarter of the concurrency (at most
// 64), so that processes sharing the run interleave instead of one claiming everything up
// front, while the slots freed by one turn mostly refill without a claim of their own; renews
// the lease on its timer.
void Dispatcher::ClaimMore(Clock::time_point now) {
  if (!shared_) return;
  if (unasked_.empty()) {
    const int limit = std::max(1, options_.concurrency);
    const int room = limit - Active();
    auto claimed = shared_->Take(room > 0 ? room + std::min(64, limit / 4) : 0, now);
    if (claimed) {
      unasked_.insert(unasked_.end(), claimed->begin(), claimed->end());
    } else if (!claim_error_) {
      claim_error_ = claimed.error();
    }
    const int done_elsewhere = shared_->TakeDoneElsewhere();
    progress_.done += done_elsewhere;
    if (done_elsewhere > 0) others_stored_ = true;
    progress_.errors += shared_->TakeFailedElsewhere();
  }
  if (auto s = shared_->Tick(now); !s && !claim_error_) claim_error_ = s.error();
}

// Sleeps until something can happen: I/O or a backend timer (inside Poll), the next retry
// that could start, a grade when only grading is left, or the progress tick. Never spins.
void Dispatcher::Wait(Clock::time_point now) {
  int wait_ms = kTickMs;
  if (!backoff_.empty() && backend_.Accepting()) {
    const auto until = std::chrono::ceil<std::chrono::milliseconds>(backoff_.top().due - now);
    wait_ms = static_cast<int>(std::clamp<long long>(until.count(), 0, kTickMs));
  }
  const bool nothing_here = in_flight_ == 0 && unasked_.empty() && backoff_.empty();
  if (pool_ && nothing_here && pool_->Outstanding() > 0) {
    pool_->WaitForResult(wait_ms);  // only grading is left
  } else if (nothing_here && shared_ && shared_->Pending()) {
    // Only samples other processes hold are left: wait for them to finish or be freed (the
    // store is asked again at most five times a second).
    std::this_thread::sleep_for(std::chrono::milliseconds(std::clamp(wait_ms, 20, 200)));
  } else {
    backend_.Poll(wait_ms);
    const Clock::time_point gather_until = Clock::now() + kGather;
    // A finished attempt keeps its slot until the turn's commit, so that a crash costs at most
    // the attempts in flight; the turn ends once a sixteenth of the slots wait like that (at
    // 512 streams a full turn could read 256 sockets first, leaving the slots empty ~30 ms).
    const int batch = std::max(1, options_.concurrency / 16);
    while (!finished_.empty() && static_cast<int>(finished_.size()) < std::min(in_flight_, batch) &&
           !interrupted_.load()) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(gather_until - Clock::now());
      if (left.count() <= 0) break;
      backend_.Poll(static_cast<int>(left.count()));
    }
  }
}

Status Dispatcher::Collect() {
  if (claim_error_) return std::unexpected(*std::exchange(claim_error_, std::nullopt));
  std::vector<std::pair<std::size_t, Completion>> finished = std::exchange(finished_, {});
  const Clock::time_point now = Clock::now();
  std::vector<std::pair<std::size_t, Completion>> finals;
  finals.reserve(finished.size());
  for (auto& [index, completion] : finished) {
    --in_flight_;
    Item& item = items_[index];
    if (!completion.ok() && Retryable(completion.error->code) &&
        item.attempts < options_.max_attempts) {
      ++progress_.retries;
      item.state = ItemState::kBackoff;
      const double delay = delays_.Delay(item.attempts, completion.retry_after_s);
      item.last_error = std::move(completion.error);
      backoff_.push(RetryAt{now + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(delay)),
                            index});
      continue;
    }
    finals.emplace_back(index, std::move(completion));
  }
  // The grades that came back since the last turn share the turn's one commit.
  return StoreFinal(finals, pool_ ? pool_->Take() : std::vector<GradingPool::Done>());
}

// Everything that finished in one turn is committed in one transaction (one WAL commit for
// many samples when they arrive together), with the grading pool's results in `graded`; each
// sample is durable before it is graded, so a crash leaves an ungraded sample, never a lost
// one (the next session grades it).
Status Dispatcher::StoreFinal(std::vector<std::pair<std::size_t, Completion>>& finals,
                              std::vector<GradingPool::Done> graded) {
  if (finals.empty() && graded.empty()) return {};
  std::vector<std::int64_t> ids(finals.size());
  std::vector<char> written(finals.size(), 0);
  auto put_all = [&]() -> Status {
    if (auto s = PutGrades(graded); !s) return s;
    for (std::size_t k = 0; k < finals.size(); ++k) {
      Item& item = items_[finals[k].first];
      Completion& c = finals[k].second;
      c.attempts = item.attempts;
      auto write = store_.PutSample(run_.id, item.problem->id, item.sample_index, c,
                                    item.prompt.sample_data);
      if (!write) return std::unexpected(write.error());
      ids[k] = write->id;
      written[k] = write->written;
    }
    return {};
  };
  const bool one_write = finals.size() == 1 && graded.empty();
  if (auto s = one_write ? put_all() : store_.Transaction(put_all); !s) return s;
  for (std::size_t k = 0; k < finals.size(); ++k) {
    Item& item = items_[finals[k].first];
    Completion& c = finals[k].second;
    item.state = ItemState::kStored;
    // A successful sample's claim ends when its grade is written (Graded), so a process
    // starting meanwhile does not grade it too (a code judge takes seconds).
    if (c.ok() && written[k]) {
      claimed_until_graded_[ids[k]] = finals[k].first;
    } else if (shared_) {
      if (auto s = shared_->Finished(finals[k].first, c.ok() || !written[k]); !s) return s;
    }
    if (!c.ok() && written[k]) {
      ++progress_.errors;
      continue;
    }
    ++progress_.done;
    // Another process stored this sample first (its claim had lapsed) and grades its own
    // completion; grading ours onto the kept row would mix two answers.
    if (!written[k]) continue;
    if (auto s = Grade(GradingPool::Job{ids[k], item.problem, std::move(c), item.prompt.sample_data}); !s) {
      return s;
    }
  }
  return {};
}

Status Dispatcher::Grade(GradingPool::Job job) {
  if (pool_) {
    pool_->Submit(std::move(job));
    return {};
  }
  ::r1::Grade g = grader_.GradeCompletion(*job.problem, job.completion, job.sample_data);
  if (auto s = store_.PutGrade(job.sample_id, g, grader_.Version()); !s) return s;
  return Graded(job.sample_id);
}

Status Dispatcher::Graded(std::int64_t sample_id) {
  auto it = claimed_until_graded_.find(sample_id);
  if (it == claimed_until_graded_.end()) return {};
  const std::size_t index = it->second;
  claimed_until_graded_.erase(it);
  return shared_ ? shared_->Finished(index, true) : Status{};
}

Status Dispatcher::WriteGrades() {
  if (!pool_) return {};
  std::vector<GradingPool::Done> done = pool_->Take();
  if (done.empty()) return {};
  return store_.Transaction([&]() -> Status { return PutGrades(done); });
}

Status Dispatcher::PutGrades(const std::vector<GradingPool::Done>& graded) {
  for (const auto& d : graded) {
    if (auto s = store_.PutGrade(d.sample_id, d.grade, grader_.Version()); !s) return s;
    if (auto s = Graded(d.sample_id); !s) return s;
  }
  return {};
}

// Patience ran out with no endpoint usable. A sample whose attempt failed at a server (its
// stream cut, a 5xx) is stored as an error: it was asked, and a rerun retries errors. One that
// never got an answer of any kind (its attempt waits, refused, in the backend) stays unasked
// like those never started, so the same command resumes it once a server answers.
Status Dispatcher::GiveUp(Clock::duration waited) {
  backend_.AbortAll();
  in_flight_ = 0;
  finished_.clear();
  backoff_ = {};
  progress_.gave_up = true;
  progress_.unasked = static_cast<int>(unasked_.size());
  unasked_.clear();
  const std::string why =
      "no server answered for " + FormatSeconds(std::chrono::duration<double>(waited).count()) +
      " (--patience " + FormatSeconds(options_.patience_s) + ")";
  std::vector<std::pair<std::size_t, Completion>> finals;
  for (std::size_t i = 0; i < items_.size(); ++i) {
    Item& item = items_[i];
    if (item.state != ItemState::kInFlight && item.state != ItemState::kBackoff) continue;
    if (!item.last_error) {
      item.state = ItemState::kUnasked;
      ++progress_.unasked;
      continue;
    }
    Completion failed;
    failed.error = MakeError(ErrorCode::kUnavailable, why + "; last error: " + item.last_error->message);
    finals.emplace_back(i, std::move(failed));
  }
  if (auto s = StoreFinal(finals); !s) return s;
  if (shared_) {
    // Samples never claimed are left for the next run too; what this process claimed and did
    // not store goes back at once.
    progress_.unasked += static_cast<int>(shared_->PendingCount());
    Release();
    shared_.reset();
  }
  return WriteGrades();
}

Result<Progress> Dispatcher::Interrupt() {
  backend_.AbortAll();
  in_flight_ = 0;
  Release();
  if (pool_) {
    pool_->Stop();
    (void)WriteGrades();  // what was graded is kept; the rest is graded next time
  }
  Report(true);
  return Fail(ErrorCode::kCancelled, "interrupted");
}

void Dispatcher::Report(bool final) {
  const Clock::time_point now = Clock::now();
  progress_.in_flight = final ? 0 : in_flight_;
  progress_.grading = pool_ ? pool_->Outstanding() : 0;
  const std::size_t capacity = backend_.Capacity();
  const int configured = std::max(1, options_.concurrency);
  progress_.concurrency = capacity < static_cast<std::size_t>(configured) ? static_cast<int>(capacity)
                                                                           : configured;
  progress_.min_concurrency = std::min(progress_.min_concurrency, progress_.concurrency);
  if (!final && now - last_report_ < std::chrono::milliseconds(kTickMs)) return;
  last_report_ = now;
  progress_.elapsed_s = std::chrono::duration<double>(now - start_).count();
  sink_.Update(progress_, final);
}

}  // namespace r1::runner::internal
