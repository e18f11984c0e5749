// See reply_plan_cache.h.
#include "reply_plan_cache.h"

namespace r1::testing {

ReplyPlan ReplyPlanCache::Get(const std::string& body, const Reply& reply,
                              const nlohmann::json& request, std::uint64_t sequence,
                              const std::string& model) {
  // A whole body announces its length, which the id's length changes: made afresh.
  if (!request.value("stream", false)) return PlanReply(reply, request, sequence, model);
  auto it = plans_.find(body);
  if (it == plans_.end() || !(it->second.first == reply)) {
    if (plans_.size() >= 256) plans_.clear();
    it = plans_.insert_or_assign(body, std::pair{reply, PlanReply(reply, request, kSentinel, model)}).first;
  }
  ReplyPlan plan = it->second.second;
  const std::string from = "chatcmpl-fake-" + std::to_string(kSentinel);
  const std::string to = "chatcmpl-fake-" + std::to_string(sequence);
  for (Piece& piece : plan.pieces) {
    for (std::size_t at = 0; (at = piece.bytes.find(from, at)) != std::string::npos;) {
      piece.bytes.replace(at, from.size(), to);
      at += to.size();
    }
  }
  return plan;
}

}  // namespace r1::testing
