// The sampling loop; see runner.h.
#include "r1/runner/runner.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <queue>
#include <set>
#include <thread>
#include <vector>

#include "backoff.h"

namespace r1::runner {
namespace {

using Clock = std::chrono::steady_clock;

struct Item {
  const Problem* problem;
  int sample_index;
  Prompt prompt;
  int attempts = 0;
};

struct Retry {
  Clock::time_point due;
  std::size_t item;
  bool operator>(const Retry& o) const { return due > o.due; }
};

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

// Concurrency adapts to rate limits: a 429 cuts the limit by a fifth (at most once per
// second, so one burst of 429s counts once), each success earns a little back.
class ConcurrencyLimit {
 public:
  explicit ConcurrencyLimit(int max) : max_(max), limit_(max) {}
  int Get() const { return static_cast<int>(limit_); }
  void OnRateLimited(Clock::time_point now) {
    if (now - last_cut_ < std::chrono::seconds(1)) return;
    last_cut_ = now;
    limit_ = std::max(1.0, limit_ * 0.8);
  }
  void OnSuccess() { limit_ = std::min<double>(max_, limit_ + 1.0 / std::max(1.0, limit_ / 4)); }

 private:
  int max_;
  double limit_;
  Clock::time_point last_cut_{};
};

// Grades on worker threads. Only the sampling thread touches the store: it hands a stored sample
// over here and later collects the grade to write it.
class GradingPool {
 public:
  struct Job {
    std::int64_t sample_id = 0;
    const Problem* problem = nullptr;
    Completion completion;
    std::string sample_data;
  };
  struct Done {
    std::int64_t sample_id = 0;
    Grade grade;
  };

  GradingPool(const Grader& grader, int threads) : grader_(grader) {
    for (int i = 0; i < threads; ++i) workers_.emplace_back([this] { Work(); });
  }
  ~GradingPool() { Stop(); }

  void Submit(Job job) {
    {
      std::lock_guard lock(mu_);
      jobs_.push_back(std::move(job));
    }
    work_cv_.notify_one();
  }
  std::vector<Done> Take() {
    std::lock_guard lock(mu_);
    return std::exchange(done_, {});
  }
  /// Jobs queued, being graded, or graded and not yet taken.
  int Outstanding() {
    std::lock_guard lock(mu_);
    return static_cast<int>(jobs_.size() + done_.size()) + busy_;
  }
  /// Returns when a grade is ready to take, nothing is left, or `ms` passed.
  void WaitForResult(int ms) {
    std::unique_lock lock(mu_);
    done_cv_.wait_for(lock, std::chrono::milliseconds(ms),
                      [this] { return !done_.empty() || (jobs_.empty() && busy_ == 0); });
  }
  /// Drops queued jobs, lets the ones being graded finish, and joins the workers.
  void Stop() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
      jobs_.clear();
    }
    work_cv_.notify_all();
    for (auto& t : workers_) {
      if (t.joinable()) t.join();
    }
  }

 private:
  void Work() {
    for (;;) {
      Job job;
      {
        std::unique_lock lock(mu_);
        work_cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        if (jobs_.empty()) return;
        job = std::move(jobs_.front());
        jobs_.pop_front();
        ++busy_;
      }
      Grade grade = grader_.GradeCompletion(*job.problem, job.completion, job.sample_data);
      {
        std::lock_guard lock(mu_);
        --busy_;
        done_.push_back(Done{job.sample_id, std::move(grade)});
      }
      done_cv_.notify_all();
    }
  }

  const Grader& grader_;
  std::mutex mu_;
  std::condition_variable work_cv_, done_cv_;
  std::deque<Job> jobs_;
  std::vector<Done> done_;
  int busy_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

// Successful samples of `run` stored without a grade (an earlier session stopped between the
// two), for the problems being run. One cheap pass without text finds them; only if there are
// any is the text read.
Result<std::vector<GradingPool::Job>> UngradedSamples(store::Store& store, std::int64_t run_id,
                                                      const std::vector<Problem>& problems) {
  std::set<std::int64_t> ungraded;
  auto scan = store.ForEachSample(run_id, store::Store::Text::kWithout, [&](const store::StoredSample& s) -> Status {
    if (s.completion.ok() && !s.grade) ungraded.insert(s.id);
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

}  // namespace

Result<Progress> RunSamples(Backend& backend, store::Store& store, const store::RunRecord& run,
                            const Suite& suite, const Grader& grader, const RunnerOptions& options,
                            ProgressSink& sink, const std::atomic<bool>& interrupted) {
  const auto start = Clock::now();
  std::vector<Problem> problems = suite.Problems();
  if (options.limit > 0 && static_cast<std::size_t>(options.limit) < problems.size()) {
    problems.resize(options.limit);
  }
  if (auto s = store.PutProblems(run.id, problems); !s) return std::unexpected(s.error());
  auto completed = store.CompletedPairs(run.id);
  if (!completed) return std::unexpected(completed.error());
  std::set<std::pair<std::string, int>> have(completed->begin(), completed->end());

  Progress progress;
  // Problem-major order: the k samples of a problem go out together, so servers with prefix
  // caching (vLLM, SGLang) reuse the prompt's KV cache.
  std::vector<Item> items;
  const int shards = std::max(1, options.shard_count);
  for (std::size_t pos = 0; pos < problems.size(); ++pos) {
    const Problem& problem = problems[pos];
    for (int idx = 0; idx < options.samples_per_problem; ++idx) {
      long long ordinal = static_cast<long long>(pos) * options.samples_per_problem + idx;
      if (ordinal % shards != options.shard_index) continue;
      ++progress.total;
      if (have.contains({problem.id, idx})) {
        ++progress.resumed;
        continue;
      }
      items.push_back(Item{&problem, idx, suite.Render(problem, idx)});
    }
  }
  progress.done = progress.resumed;

  std::unique_ptr<GradingPool> pool;
  if (options.grading_threads > 0) pool = std::make_unique<GradingPool>(grader, options.grading_threads);
  auto grade = [&](GradingPool::Job job) -> Status {
    if (pool) {
      pool->Submit(std::move(job));
      return {};
    }
    Grade g = grader.GradeCompletion(*job.problem, job.completion, job.sample_data);
    return store.PutGrade(job.sample_id, g, grader.Version());
  };
  auto write_grades = [&]() -> Status {
    if (!pool) return {};
    for (auto& done : pool->Take()) {
      if (auto s = store.PutGrade(done.sample_id, done.grade, grader.Version()); !s) return s;
    }
    return {};
  };
  if (progress.resumed > 0) {
    auto leftovers = UngradedSamples(store, run.id, problems);
    if (!leftovers) return std::unexpected(leftovers.error());
    for (auto& job : *leftovers) {
      if (auto s = grade(std::move(job)); !s) return std::unexpected(s.error());
    }
  }

  internal::Backoff backoff(options.backoff_base_s, options.backoff_max_s,
                            options.retry_after_max_s, options.jitter_seed);
  ConcurrencyLimit limit(std::max(1, options.concurrency));
  progress.concurrency = progress.min_concurrency = limit.Get();
  std::deque<std::size_t> ready;
  for (std::size_t i = 0; i < items.size(); ++i) ready.push_back(i);
  std::priority_queue<Retry, std::vector<Retry>, std::greater<>> retries;
  std::vector<std::pair<std::size_t, Completion>> finished;
  std::optional<Error> fatal;

  auto on_done = [&finished](std::uint64_t tag, Completion c) {
    finished.emplace_back(static_cast<std::size_t>(tag), std::move(c));
  };
  auto start_item = [&](std::size_t i) {
    Item& item = items[i];
    ++item.attempts;
    Request request;
    request.model = run.model;
    request.messages = item.prompt.messages;
    request.params = run.params;
    request.tag = i;
    request.sample_index = item.sample_index;
    backend.Start(std::move(request), on_done);
  };
  auto store_final = [&](Item& item, Completion c) -> Status {
    c.attempts = item.attempts;
    auto write = store.PutSample(run.id, item.problem->id, item.sample_index, c,
                                 item.prompt.sample_data);
    if (!write) return std::unexpected(write.error());
    if (!c.ok()) {
      ++progress.errors;
      return {};
    }
    ++progress.done;
    // Durable first, graded second: a crash here leaves an ungraded sample, never a lost one
    // (the next session grades it).
    return grade(GradingPool::Job{write->id, item.problem, std::move(c), item.prompt.sample_data});
  };

  auto last_report = Clock::time_point{};
  while (!ready.empty() || !retries.empty() || backend.InFlight() > 0 || (pool && pool->Outstanding() > 0)) {
    if (interrupted.load()) {
      backend.AbortAll();
      if (pool) {
        pool->Stop();
        (void)write_grades();  // what was graded is kept; the rest is graded next time
      }
      progress.elapsed_s = std::chrono::duration<double>(Clock::now() - start).count();
      sink.Update(progress, true);
      return Fail(ErrorCode::kCancelled, "interrupted");
    }
    auto now = Clock::now();
    while (!retries.empty() && retries.top().due <= now) {
      ready.push_front(retries.top().item);  // retries go before fresh work
      retries.pop();
    }
    while (!ready.empty() && static_cast<int>(backend.InFlight()) < limit.Get()) {
      start_item(ready.front());
      ready.pop_front();
    }
    int wait_ms = 100;
    if (!retries.empty()) {
      auto until = std::chrono::duration_cast<std::chrono::milliseconds>(retries.top().due - now);
      wait_ms = static_cast<int>(std::clamp<long long>(until.count(), 0, 100));
    }
    if (pool && ready.empty() && retries.empty() && backend.InFlight() == 0) {
      pool->WaitForResult(wait_ms);  // only grading is left
    } else {
      backend.Poll(wait_ms);
    }

    now = Clock::now();
    for (auto& [i, completion] : finished) {
      Item& item = items[i];
      if (!completion.ok()) {
        ErrorCode code = completion.error->code;
        if (code == ErrorCode::kResourceExhausted) {
          limit.OnRateLimited(now);
          progress.min_concurrency = std::min(progress.min_concurrency, limit.Get());
        }
        if (Retryable(code) && item.attempts < options.max_attempts) {
          ++progress.retries;
          double delay = backoff.Delay(item.attempts, completion.retry_after_s);
          retries.push(Retry{now + std::chrono::duration_cast<Clock::duration>(
                                       std::chrono::duration<double>(delay)),
                             i});
          continue;
        }
      } else {
        limit.OnSuccess();
      }
      if (auto s = store_final(item, std::move(completion)); !s) {
        fatal = s.error();
        break;
      }
    }
    finished.clear();
    if (!fatal) {
      if (auto s = write_grades(); !s) fatal = s.error();
    }
    if (fatal) {
      backend.AbortAll();
      if (pool) pool->Stop();
      return std::unexpected(std::move(*fatal).With("store write failed; stopping"));
    }
    progress.in_flight = static_cast<int>(backend.InFlight());
    progress.grading = pool ? pool->Outstanding() : 0;
    progress.concurrency = limit.Get();
    progress.min_concurrency = std::min(progress.min_concurrency, limit.Get());
    if (now - last_report > std::chrono::milliseconds(250)) {
      last_report = now;
      progress.elapsed_s = std::chrono::duration<double>(now - start).count();
      sink.Update(progress, false);
    }
  }
  progress.in_flight = 0;
  progress.elapsed_s = std::chrono::duration<double>(Clock::now() - start).count();
  sink.Update(progress, true);
  return progress;
}

Result<int> Regrade(store::Store& store, const store::RunRecord& run, const Grader& grader,
                    RegradeScope scope) {
  auto problems = store.Problems(run.id);
  if (!problems) return std::unexpected(problems.error());
  auto samples = store.Samples(run.id);
  if (!samples) return std::unexpected(samples.error());
  std::map<std::string, const Problem*> by_id;
  for (const auto& p : *problems) by_id[p.id] = &p;
  int graded = 0;
  for (const auto& s : *samples) {
    if (!s.completion.ok()) continue;
    if (scope == RegradeScope::kUnscored && s.grade && !s.grade->unscored) continue;
    auto it = by_id.find(s.problem_id);
    if (it == by_id.end()) continue;
    Grade grade = grader.GradeCompletion(*it->second, s.completion, s.sample_data);
    if (auto st = store.PutGrade(s.id, grade, grader.Version()); !st) {
      return std::unexpected(st.error());
    }
    ++graded;
  }
  return graded;
}

}  // namespace r1::runner
