// The interface between the runner and a model backend. Event-driven: Start() never blocks and
// Poll() drives all transfers from one thread, so thousands of requests need no thread each.
// One call to Start() is one attempt; retries are the runner's policy, not the backend's.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "r1/core/types.h"

namespace r1 {

class Backend {
 public:
  using Callback = std::function<void(std::uint64_t tag, Completion completion)>;

  virtual ~Backend() = default;

  /// Starts one attempt of `request`. An attempt the server never took (connection refused,
  /// connect timeout) is not reported: the backend holds it and sends it again when an
  /// endpoint answers. `done` fires exactly once, from inside Poll(), with
  /// either a completion or an error whose code says whether a retry makes sense:
  /// kUnavailable (5xx, dropped connection), kResourceExhausted (429; retry_after_s when the
  /// server said), kDeadlineExceeded (connect or idle timeout), kDataLoss (malformed body),
  /// kRejected (other 4xx: do not retry).
  virtual void Start(Request request, Callback done) = 0;

  /// Drives I/O for at most `timeout_ms` and fires the callbacks of finished attempts.
  virtual void Poll(int timeout_ms) = 0;

  /// Whether an attempt started now would go out at once. False while every endpoint is down
  /// (refused, reset, 5xx, streams cut: the backend probes it with backoff by itself), paused
  /// by a rate limit, or at the concurrency it can take after one; the caller then starts
  /// nothing and keeps calling Poll(), which sleeps until the next probe, pause end or I/O.
  virtual bool Accepting() const { return true; }

  /// Since when no endpoint has been usable because every one is down (a rate limit is an
  /// answer, not unavailability); nullopt while one is up. The caller's patience runs from here.
  virtual std::optional<std::chrono::steady_clock::time_point> UnavailableSince() const {
    return std::nullopt;
  }

  /// How many attempts the backend takes at once now: the sum over its endpoints of what a
  /// rate limit left them; SIZE_MAX while none is limited.
  virtual std::size_t Capacity() const { return SIZE_MAX; }

  /// Attempts started whose callback has not fired yet.
  virtual std::size_t InFlight() const = 0;

  /// Drops every in-flight attempt; their callbacks never fire.
  virtual void AbortAll() = 0;

  /// Human-readable endpoint, e.g. "http://127.0.0.1:8000/v1 (model-name)"; never holds a key.
  virtual std::string Describe() const = 0;
};

}  // namespace r1
