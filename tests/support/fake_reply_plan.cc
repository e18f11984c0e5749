// Wire format of the fake server's chat completions (see fake_reply_plan.h).
#include "fake_reply_plan.h"

#include <algorithm>

namespace r1::testing {
namespace {

using nlohmann::json;

constexpr std::int64_t kCreated = 1700000000;  // fixed, so bodies are reproducible
constexpr std::size_t kHugeChunk = 64 * 1024;

std::string Dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// Splits at most `size` bytes at a time without cutting a UTF-8 sequence in two.
std::vector<std::string> Split(const std::string& text, std::size_t size) {
  std::vector<std::string> parts;
  size = std::max<std::size_t>(size, 1);
  for (std::size_t begin = 0; begin < text.size();) {
    std::size_t end = std::min(text.size(), begin + size);
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
    parts.push_back(text.substr(begin, end - begin));
    begin = end;
  }
  return parts;
}

json Usage(const Reply& reply, const std::string& content, const std::string& reasoning) {
  const std::int64_t completion =
      reply.completion_tokens >= 0
          ? reply.completion_tokens
          : static_cast<std::int64_t>((content.size() + reasoning.size()) / 4);
  json usage = {{"prompt_tokens", reply.prompt_tokens},
                {"completion_tokens", completion},
                {"total_tokens", reply.prompt_tokens + completion}};
  if (reply.reasoning_tokens >= 0) {
    usage["completion_tokens_details"] = {{"reasoning_tokens", reply.reasoning_tokens}};
  }
  return usage;
}

std::string Event(const json& payload) { return "data: " + Dump(payload) + "\n\n"; }

class StreamWriter {
 public:
  StreamWriter(std::string id, std::string model) : id_(std::move(id)), model_(std::move(model)) {}

  std::string Chunk(json delta, json finish_reason) const {
    return Event({{"id", id_},
                  {"object", "chat.completion.chunk"},
                  {"created", kCreated},
                  {"model", model_},
                  {"system_fingerprint", "fake"},
                  {"choices", json::array({{{"index", 0},
                                            {"delta", std::move(delta)},
                                            {"finish_reason", std::move(finish_reason)}}})}});
  }

  std::string UsageChunk(json usage) const {
    return Event({{"id", id_},
                  {"object", "chat.completion.chunk"},
                  {"created", kCreated},
                  {"model", model_},
                  {"choices", json::array()},
                  {"usage", std::move(usage)}});
  }

 private:
  std::string id_;
  std::string model_;
};

void PlanStream(const Reply& reply, const json& request, const std::string& id,
                const std::string& model, const std::string& content, ReplyPlan& plan) {
  plan.content_type = "text/event-stream";
  plan.chunked = true;
  const StreamWriter writer(id, model);
  const std::size_t chunk = reply.fault == Fault::kHugeResponse ? kHugeChunk : reply.chunk_chars;

  std::vector<std::string> events;
  events.push_back(writer.Chunk({{"role", "assistant"}, {"content", nullptr}}, nullptr));
  for (const std::string& part : Split(reply.reasoning_content, chunk)) {
    events.push_back(writer.Chunk({{reply.reasoning_field, part}}, nullptr));
  }
  const std::size_t first_content = events.size();
  for (const std::string& part : Split(content, chunk)) {
    events.push_back(writer.Chunk({{"content", part}}, nullptr));
  }
  const std::size_t content_end = events.size();
  events.push_back(writer.Chunk(json::object(), reply.finish_reason));
  const json* options = request.contains("stream_options") ? &request["stream_options"] : nullptr;
  if (options != nullptr && options->is_object() && options->value("include_usage", false)) {
    events.push_back(writer.UsageChunk(Usage(reply, content, reply.reasoning_content)));
  }
  events.push_back("data: [DONE]\n\n");

  switch (reply.fault) {
    case Fault::kDropConnection:
      events.resize(std::max(first_content, (first_content + content_end) / 2));
      plan.drop_after_pieces = true;
      break;
    case Fault::kTruncatedJson: {
      const std::string whole = writer.Chunk({{"content", "this chunk is cut"}}, nullptr);
      events.insert(events.begin() + 1, whole.substr(0, whole.size() / 2) + "\n\n");
      break;
    }
    case Fault::kErrorEventInStream:
      events.resize(std::min(events.size(), first_content + 1));
      events.push_back(Event({{"error",
                               {{"code", 500},
                                {"message", "generation failed: invalid UTF-8 in output"},
                                {"type", "server_error"}}}}));
      break;
    case Fault::kEndWithoutFinish:
      events.resize(std::min(events.size(), first_content + 1));
      break;
    default:
      break;
  }

  if (reply.fault == Fault::kSlowDrip) {
    std::string all;
    for (const std::string& event : events) all += event;
    const std::size_t drip = std::min(reply.drip_bytes, all.size());
    for (std::size_t i = 0; i < drip; ++i)
      plan.pieces.push_back({all.substr(i, 1), reply.fault_ms});
    if (drip < all.size()) plan.pieces.push_back({all.substr(drip), 0});
    plan.pieces.front().delay_ms += reply.latency_ms;
    return;
  }
  for (std::size_t i = 0; i < events.size(); ++i) {
    int delay = i == 0 ? reply.latency_ms : reply.chunk_interval_ms;
    // Stall after the first content chunk (or the role chunk when there is no content).
    if (reply.fault == Fault::kStall && i == std::min(first_content + 1, events.size() - 1)) {
      delay += reply.fault_ms;
    }
    plan.pieces.push_back({std::move(events[i]), delay});
  }
}

void PlanBody(const Reply& reply, const std::string& id, const std::string& model,
              const std::string& content, ReplyPlan& plan) {
  json message = {{"role", "assistant"}, {"content", content}};
  if (!reply.reasoning_content.empty()) message[reply.reasoning_field] = reply.reasoning_content;
  const std::string body =
      Dump({{"id", id},
            {"object", "chat.completion"},
            {"created", kCreated},
            {"model", model},
            {"choices", json::array({{{"index", 0},
                                      {"message", std::move(message)},
                                      {"finish_reason", reply.finish_reason}}})},
            {"usage", Usage(reply, content, reply.reasoning_content)}});
  // A non-streaming server sends nothing, not even headers, until generation is over.
  plan.delay_before_headers_ms = reply.latency_ms;
  plan.content_length = body.size();
  switch (reply.fault) {
    case Fault::kDropConnection:
      plan.pieces.push_back({body.substr(0, body.size() / 2), 0});
      plan.drop_after_pieces = true;
      return;
    case Fault::kTruncatedJson:
      plan.pieces.push_back({body.substr(0, body.size() / 2), 0});
      plan.content_length = plan.pieces.back().bytes.size();
      return;
    case Fault::kStall:
      plan.delay_before_headers_ms += reply.fault_ms;
      break;
    case Fault::kSlowDrip: {
      const std::size_t drip = std::min(reply.drip_bytes, body.size());
      for (std::size_t i = 0; i < drip; ++i)
        plan.pieces.push_back({body.substr(i, 1), reply.fault_ms});
      if (drip < body.size()) plan.pieces.push_back({body.substr(drip), 0});
      return;
    }
    default:
      break;
  }
  plan.pieces.push_back({body, 0});
}

}  // namespace

std::string ErrorBody(int code, const std::string& message, const std::string& type) {
  return Dump({{"error", {{"code", code}, {"message", message}, {"type", type}}}});
}

ReplyPlan PlanReply(const Reply& reply, const json& request, std::uint64_t sequence,
                    const std::string& default_model) {
  ReplyPlan plan;
  const bool stream = request.is_object() && request.value("stream", false);
  const std::string model = reply.model.empty() ? default_model : reply.model;
  const std::string id = "chatcmpl-fake-" + std::to_string(sequence);

  if (reply.fault == Fault::kStatus || (reply.fault == Fault::kErrorEventInStream && !stream)) {
    plan.status = reply.fault == Fault::kStatus ? reply.status : 500;
    std::string body = reply.error_body;
    if (body.empty()) {
      body = plan.status == 429 ? ErrorBody(429, "rate limit exceeded", "rate_limit_exceeded")
                                : ErrorBody(plan.status, "fake failure", "server_error");
    }
    if (!reply.retry_after.empty()) plan.headers.emplace_back("Retry-After", reply.retry_after);
    plan.delay_before_headers_ms = reply.latency_ms;
    plan.content_length = body.size();
    plan.pieces.push_back({std::move(body), 0});
    return plan;
  }
  if (reply.fault == Fault::kWrongContentType) {
    plan.content_type = "text/html";
    std::string page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    plan.delay_before_headers_ms = reply.latency_ms;
    plan.content_length = page.size();
    plan.pieces.push_back({std::move(page), 0});
    return plan;
  }
  const std::string content =
      reply.fault == Fault::kHugeResponse ? std::string(reply.huge_bytes, 'x') : reply.content;
  if (stream) {
    PlanStream(reply, request, id, model, content, plan);
  } else {
    PlanBody(reply, id, model, content, plan);
  }
  return plan;
}

}  // namespace r1::testing
