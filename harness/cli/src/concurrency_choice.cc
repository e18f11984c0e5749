// See concurrency_choice.h.
#include "concurrency_choice.h"

#include <fmt/format.h>

#include <algorithm>

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

}  // namespace r1::cli
