// Grades on worker threads, off the thread that drives I/O. Only the dispatcher's thread touches
// the store: it hands a stored sample over here and later collects the grade to write it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "r1/core/grader.h"

namespace r1::runner::internal {

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
  GradingPool(const GradingPool&) = delete;
  GradingPool& operator=(const GradingPool&) = delete;

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

}  // namespace r1::runner::internal
