// What one endpoint can take right now, as the backend's dispatcher sees it. Three states:
//   up      answers arrive; after a rate limit, at most `limit` attempts at once, growing back
//           by one for every `limit` successes (additive increase) after being halved;
//   paused  a 429 said to wait (Retry-After, or 1 s doubling without one): nothing is sent to
//           the endpoint, whichever request was refused;
//   down    it refused connections, or twice in a row reset them, cut streams or answered 5xx:
//           one probe attempt at a time, 0.5 s after the failure and doubling to 10 s, until
//           something answers.
// Plain logic over times passed in, so it is tested without sockets or clocks.
#pragma once

#include <chrono>
#include <optional>

namespace r1::models {

class EndpointHealth {
 public:
  using Clock = std::chrono::steady_clock;

  /// Whether one more attempt may go to the endpoint now, with `outstanding` already there.
  bool Usable(int outstanding, Clock::time_point now) const;
  /// Whether the next attempt sent is a probe of a down endpoint.
  bool down() const { return down_since_.has_value(); }
  /// When Usable() may turn true with no answer arriving (probe due, pause over), if later than
  /// `now`; Clock::time_point::max() when only an answer can change it.
  Clock::time_point NextChange(Clock::time_point now) const;
  /// Since when the endpoint has been down; nullopt while it is up or only paused.
  std::optional<Clock::time_point> down_since() const { return down_since_; }
  /// The concurrency a rate limit left; nullopt when never limited.
  std::optional<int> limit() const;

  /// An attempt was sent (a probe, when down()).
  void OnSent();
  /// A success or an answer that says nothing bad about the server (4xx other than 429).
  void OnAnswer();
  /// A 429, with `outstanding` attempts at the endpoint when it came.
  void OnRateLimited(int outstanding, std::optional<double> retry_after_s, Clock::time_point now);
  /// The attempt never reached the server (refused, unresolvable, connect timeout): down at once.
  void OnNotTaken(bool was_probe, Clock::time_point now);
  /// The server took the attempt but failed it (5xx, reset, stream cut, idle timeout).
  void OnFailed(bool was_probe, Clock::time_point now);

 private:
  void GoDown(Clock::time_point now);
  void ProbeFailed(Clock::time_point now);

  // down
  std::optional<Clock::time_point> down_since_;
  Clock::time_point next_probe_{};
  double probe_delay_s_ = 0.5;
  bool probe_out_ = false;
  int failures_ = 0;  // consecutive failed answers while up
  // rate limited
  Clock::time_point paused_until_{};
  double pause_s_ = 1.0;  // without Retry-After; doubles per consecutive 429
  std::optional<double> limit_;
  Clock::time_point last_cut_{};
};

}  // namespace r1::models
