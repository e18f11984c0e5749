// A fixed set of threads running queued tasks in FIFO order: the bound on how many sandboxed
// programs run at once, however many graders submit work.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace r1::sandbox {

class WorkerPool {
 public:
  /// `workers` == 0: one per online CPU.
  explicit WorkerPool(std::size_t workers = 0);
  /// Runs what is still queued, then joins.
  ~WorkerPool();

  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  /// Queues `task`. Tasks must not throw, and must not wait for other tasks of this pool
  /// (a task blocking on the pool can deadlock it).
  void Submit(std::function<void()> task);
  std::size_t size() const { return threads_.size(); }

 private:
  void Loop();

  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

/// Counts finished tasks so a caller can wait for a batch it submitted.
class TaskGroup {
 public:
  explicit TaskGroup(std::size_t count) : left_(count) {}
  void Done();
  void Wait();

 private:
  std::mutex mu_;
  std::condition_variable done_;
  std::size_t left_;
};

}  // namespace r1::sandbox
