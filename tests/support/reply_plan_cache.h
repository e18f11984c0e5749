// Plans for request bodies seen before. Building a plan (a JSON dump per event) was 0.4 ms of
// the server's 0.5 ms per request, which capped one thread near 2,000 requests/s, below what
// 1,024 streams of 400 ms ask for. A plan differs between two requests with the same body and
// reply only in the id, which carries the sequence number: it is made once with a sentinel
// sequence and the id substituted. Streams only: they are what the benchmark asks for.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <utility>

#include "fake_reply_plan.h"

namespace r1::testing {

class ReplyPlanCache {
 public:
  /// The plan PlanReply(reply, request, sequence, model) gives; `body` is the request's text.
  ReplyPlan Get(const std::string& body, const Reply& reply, const nlohmann::json& request,
                std::uint64_t sequence, const std::string& model);

 private:
  static constexpr std::uint64_t kSentinel = ~std::uint64_t{0};
  std::unordered_map<std::string, std::pair<Reply, ReplyPlan>> plans_;
};

}  // namespace r1::testing
