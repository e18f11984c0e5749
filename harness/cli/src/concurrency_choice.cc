// See concurrency_choice.h.
#include "concurrency_choice.h"

#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <thread>

namespace r1::cli {

int QueueFor(int slots) { return std::max(2, (slots + 7) / 8); }

ConcurrencyChoice ChooseConcurrency(int flag, const std::optional<models::ServerCapacity>& server) {
  if (flag > 0) {
    std::string why = "--concurrency";
    if (server) why += fmt::format("; the server runs {} at once ({})", server->slots, server->source);
    return {flag, why};
  }
  if (server) {
    const int queue = QueueFor(server->slots);
    return {server->slots + queue,
            fmt::format("{} slots ({}) + {} queued", server->slots, server->source, queue)};
  }
  return {kDefaultConcurrency,
          fmt::format("default {}: the server does not say how many requests it runs at once; "
                      "--concurrency sets it",
                      kDefaultConcurrency)};
}

int OpenFilesBesideConnections(bool judges_code) {
  if (!judges_code) return 128;
  return 128 + 16 * static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

ConcurrencyChoice FitOpenFileLimit(ConcurrencyChoice choice, bool judges_code) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return choice;
  const int beside = OpenFilesBesideConnections(judges_code);
  const auto needed = static_cast<rlim_t>(choice.value) + static_cast<rlim_t>(beside);
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < needed) {
    const rlim_t soft = limit.rlim_max == RLIM_INFINITY ? needed : std::min(needed, limit.rlim_max);
    rlimit raised{soft, limit.rlim_max};
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit.rlim_cur = soft;
  }
  if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur >= needed) return choice;
  const int fits = std::max(1, static_cast<int>(limit.rlim_cur) - beside);
  choice.why = fmt::format("{}; lowered from {}: the open-file limit is {} (ulimit -Hn) and each "
                           "request holds a connection",
                           choice.why, choice.value, limit.rlim_cur);
  choice.value = fits;
  return choice;
}

}  // namespace r1::cli
