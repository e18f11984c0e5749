// Timing helpers for tests that bound how much CPU waiting costs.
#pragma once

#include <sys/resource.h>

#include <chrono>

namespace r1::testing {

/// CPU time of the calling thread only: an in-process server's threads do not count.
inline double ThreadCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_THREAD, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/// Wall seconds since `t`.
inline double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace r1::testing
