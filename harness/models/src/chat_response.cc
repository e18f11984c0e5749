// Chat-completion response parsing (see chat_response.h). JSON is read with type checks
// everywhere: a server sending a number where a string belongs is malformed input, not a
// reason to throw.
#include "chat_response.h"

#include <cctype>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

namespace r1::models {
namespace {

using nlohmann::json;

// The longest error text kept from a server body; HTML error pages can be large.
constexpr std::size_t kMaxErrorText = 300;

const json* Member(const json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

const std::string* StringMember(const json& object, const char* key) {
  const json* value = Member(object, key);
  return value != nullptr && value->is_string() ? value->get_ptr<const std::string*>() : nullptr;
}

std::optional<std::int64_t> IntMember(const json& object, const char* key) {
  const json* value = Member(object, key);
  if (value == nullptr || !value->is_number_integer()) return std::nullopt;
  return value->get<std::int64_t>();
}

json Parse(std::string_view text) {
  return json::parse(text.begin(), text.end(), /*cb=*/nullptr, /*allow_exceptions=*/false);
}

void ReadUsage(const json& usage, Completion& completion) {
  if (auto n = IntMember(usage, "prompt_tokens")) completion.prompt_tokens = *n;
  if (auto n = IntMember(usage, "completion_tokens")) completion.completion_tokens = *n;
  if (const json* details = Member(usage, "completion_tokens_details")) {
    if (auto n = IntMember(*details, "reasoning_tokens")) completion.reasoning_tokens = *n;
  }
}

// The first choice: with n=1 there is one, and index 0 is the sample we asked for.
const json* FirstChoice(const json& response) {
  const json* choices = Member(response, "choices");
  if (choices == nullptr || !choices->is_array()) return nullptr;
  for (const json& choice : *choices) {
    auto index = IntMember(choice, "index");
    if (!index || *index == 0) return &choice;
  }
  return nullptr;
}

// vLLM renamed reasoning_content to reasoning; a server sending both sends the same text, so
// only one is read.
const std::string* ReasoningOf(const json& message) {
  if (const std::string* text = StringMember(message, "reasoning_content")) return text;
  return StringMember(message, "reasoning");
}

// Cutting text at a byte limit can split a UTF-8 sequence; messages end up in JSON reports,
// where invalid UTF-8 is an error.
void DropPartialUtf8Tail(std::string& text) {
  std::size_t start = text.size();
  while (start > 0 && (static_cast<unsigned char>(text[start - 1]) & 0xC0) == 0x80) --start;
  if (start == 0) return;
  const auto lead = static_cast<unsigned char>(text[start - 1]);
  const std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  if (text.size() - (start - 1) < length) text.resize(start - 1);
}

// One line of at most kMaxErrorText bytes, whitespace and control characters collapsed.
std::string Shorten(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)) ||
        std::iscntrl(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
    if (out.size() >= kMaxErrorText) {
      DropPartialUtf8Tail(out);
      out += "...";
      break;
    }
  }
  return out;
}

std::string DescribeErrorValue(const json& error) {
  if (error.is_string()) return Shorten(error.get_ref<const std::string&>());
  const std::string* message = StringMember(error, "message");
  const std::string* type = StringMember(error, "type");
  std::string text = message != nullptr ? Shorten(*message) : Shorten(error.dump());
  if (type != nullptr && !type->empty()) text += " (" + Shorten(*type) + ")";
  return text;
}

}  // namespace

Status StreamAssembler::Add(std::string_view data) {
  if (done_) return {};
  if (data == "[DONE]") {
    done_ = true;
    return {};
  }
  StreamChunk fast;
  switch (ScanStreamChunk(data, fast)) {
    case ChunkScan::kOk:
      AddScanned(fast);
      return {};
    case ChunkScan::kMalformed:
      return Fail(ErrorCode::kDataLoss, "malformed stream chunk: " + Shorten(data));
    case ChunkScan::kSlowPath:
      break;
  }
  const json chunk = Parse(data);
  if (!chunk.is_object()) {
    return Fail(ErrorCode::kDataLoss, "malformed stream chunk: " + Shorten(data));
  }
  if (const json* error = Member(chunk, "error")) {
    return Fail(ErrorCode::kUnavailable, "server error in stream: " + DescribeErrorValue(*error));
  }
  if (completion_.served_model.empty()) {
    if (const std::string* model = StringMember(chunk, "model")) completion_.served_model = *model;
  }
  if (const json* usage = Member(chunk, "usage")) ReadUsage(*usage, completion_);
  const json* choice = FirstChoice(chunk);
  if (choice == nullptr) return {};  // e.g. the usage chunk, whose "choices" is empty
  if (const json* delta = Member(*choice, "delta")) {
    if (const std::string* text = StringMember(*delta, "content")) completion_.content += *text;
    if (const std::string* text = ReasoningOf(*delta)) completion_.reasoning += *text;
  }
  if (const std::string* reason = StringMember(*choice, "finish_reason")) {
    completion_.finish_reason = *reason;
  }
  return {};
}

void StreamAssembler::AddScanned(StreamChunk& chunk) {
  if (completion_.served_model.empty() && chunk.model) completion_.served_model = std::move(*chunk.model);
  if (chunk.prompt_tokens) completion_.prompt_tokens = *chunk.prompt_tokens;
  if (chunk.completion_tokens) completion_.completion_tokens = *chunk.completion_tokens;
  if (chunk.reasoning_tokens) completion_.reasoning_tokens = *chunk.reasoning_tokens;
  if (!chunk.has_choice) return;
  if (chunk.content) completion_.content += *chunk.content;
  if (chunk.reasoning_content) {
    completion_.reasoning += *chunk.reasoning_content;
  } else if (chunk.reasoning) {
    completion_.reasoning += *chunk.reasoning;
  }
  if (chunk.finish_reason) completion_.finish_reason = std::move(*chunk.finish_reason);
}

Result<Completion> ParseChatCompletion(std::string_view body) {
  const json response = Parse(body);
  if (!response.is_object()) {
    return Fail(ErrorCode::kDataLoss, "malformed response body: " + Shorten(body));
  }
  if (const json* error = Member(response, "error")) {
    return Fail(ErrorCode::kUnavailable, "server error: " + DescribeErrorValue(*error));
  }
  const json* choice = FirstChoice(response);
  const json* message = choice != nullptr ? Member(*choice, "message") : nullptr;
  if (message == nullptr || !message->is_object()) {
    return Fail(ErrorCode::kDataLoss, "response has no choices[0].message: " + Shorten(body));
  }
  Completion completion;
  if (const std::string* text = StringMember(*message, "content")) completion.content = *text;
  if (const std::string* text = ReasoningOf(*message)) completion.reasoning = *text;
  if (const std::string* reason = StringMember(*choice, "finish_reason")) {
    completion.finish_reason = *reason;
  }
  if (const std::string* model = StringMember(response, "model")) completion.served_model = *model;
  if (const json* usage = Member(response, "usage")) ReadUsage(*usage, completion);
  return completion;
}

std::string ServerErrorMessage(std::string_view body) {
  const json parsed = Parse(body);
  if (const json* error = Member(parsed, "error")) return DescribeErrorValue(*error);
  // vLLM's ErrorResponse puts message and type at the top level.
  if (StringMember(parsed, "message") != nullptr) return DescribeErrorValue(parsed);
  return Shorten(body);
}

}  // namespace r1::models
