// Endpoint states (see endpoint_health.h).
#include "endpoint_health.h"

#include <algorithm>

namespace r1::models {
namespace {

constexpr double kFirstProbeS = 0.5;
constexpr double kMaxProbeS = 10.0;
constexpr double kMaxPauseS = 60.0;

EndpointHealth::Clock::duration Seconds(double s) {
  return std::chrono::duration_cast<EndpointHealth::Clock::duration>(
      std::chrono::duration<double>(s));
}

}  // namespace

bool EndpointHealth::Usable(int outstanding, Clock::time_point now) const {
  if (down_since_) return !probe_out_ && next_probe_ <= now;
  if (paused_until_ > now) return false;
  return !limit_ || outstanding < static_cast<int>(*limit_);
}

EndpointHealth::Clock::time_point EndpointHealth::NextChange(Clock::time_point now) const {
  if (down_since_) return !probe_out_ && next_probe_ > now ? next_probe_ : Clock::time_point::max();
  return paused_until_ > now ? paused_until_ : Clock::time_point::max();
}

std::optional<int> EndpointHealth::limit() const {
  if (!limit_) return std::nullopt;
  return static_cast<int>(*limit_);
}

void EndpointHealth::OnSent() {
  if (down_since_) probe_out_ = true;
}

void EndpointHealth::OnAnswer() {
  down_since_.reset();
  probe_out_ = false;
  probe_delay_s_ = kFirstProbeS;
  failures_ = 0;
  pause_s_ = 1.0;
  if (limit_) *limit_ += 1.0 / *limit_;
}

void EndpointHealth::OnRateLimited(int outstanding, std::optional<double> retry_after_s,
                                   Clock::time_point now) {
  // A 429 is an answer: the server is up, only busy.
  down_since_.reset();
  probe_out_ = false;
  probe_delay_s_ = kFirstProbeS;
  failures_ = 0;
  double wait_s = pause_s_;
  if (retry_after_s) {
    wait_s = std::clamp(*retry_after_s, 0.0, 600.0);
  } else {
    pause_s_ = std::min(kMaxPauseS, pause_s_ * 2);
  }
  paused_until_ = std::max(paused_until_, now + Seconds(wait_s));
  // The attempts already out when the limit was hit come back as one burst of 429s: it
  // halves the limit once.
  if (!limit_ || now - last_cut_ >= std::chrono::seconds(1)) {
    last_cut_ = now;
    const double base = limit_ ? std::min(*limit_, static_cast<double>(outstanding))
                               : static_cast<double>(outstanding);
    limit_ = std::max(1.0, base / 2);
  }
}

void EndpointHealth::OnNotTaken(bool was_probe, Clock::time_point now) {
  if (!down_since_) {
    GoDown(now);
  } else if (was_probe) {
    ProbeFailed(now);
  }
}

void EndpointHealth::OnFailed(bool was_probe, Clock::time_point now) {
  if (down_since_) {
    if (was_probe) ProbeFailed(now);
    return;
  }
  if (++failures_ >= 2) GoDown(now);
}

void EndpointHealth::GoDown(Clock::time_point now) {
  down_since_ = now;
  probe_out_ = false;
  probe_delay_s_ = kFirstProbeS;
  next_probe_ = now + Seconds(probe_delay_s_);
}

void EndpointHealth::ProbeFailed(Clock::time_point now) {
  probe_out_ = false;
  probe_delay_s_ = std::min(kMaxProbeS, probe_delay_s_ * 2);
  next_probe_ = now + Seconds(probe_delay_s_);
}

}  // namespace r1::models
