#include "r1/sandbox/worker_pool.h"

#include <unistd.h>

namespace r1::sandbox {

WorkerPool::WorkerPool(std::size_t workers) {
  if (workers == 0) {
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    workers = cpus > 0 ? static_cast<std::size_t>(cpus) : 1;
  }
  threads_.reserve(workers);
  for (std::size_t i = 0; i < workers; ++i) threads_.emplace_back([this] { Loop(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void WorkerPool::Submit(std::function<void()> task) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(task));
  }
  ready_.notify_one();
}

void WorkerPool::Loop() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mu_);
      ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to run
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    task();
  }
}

void TaskGroup::Done() {
  std::lock_guard lock(mu_);
  if (--left_ == 0) done_.notify_all();
}

void TaskGroup::Wait() {
  std::unique_lock lock(mu_);
  done_.wait(lock, [this] { return left_ == 0; });
}

}  // namespace r1::sandbox
