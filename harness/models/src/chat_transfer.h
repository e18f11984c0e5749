// One attempt of a chat request as a libcurl easy handle: sets the handle up, consumes the
// response bytes as they arrive (SSE or JSON) and turns the outcome into a Completion with
// the error classification promised in r1/core/backend.h. The multi-handle loop that drives
// many of these lives in openai_backend.cc.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "chat_response.h"
#include "curl_util.h"
#include "r1/core/backend.h"
#include "r1/models/request_rules.h"
#include "sse_parser.h"

namespace r1::models {

/// What every transfer of one backend shares; owned by the backend, outlives its transfers.
struct TransferSettings {
  std::string chat_url;      ///< {base_url}/chat/completions
  std::string redacted_url;  ///< chat_url for messages
  std::string api_key;       ///< only to scrub it from error messages
  const curl_slist* headers = nullptr;
  long connect_timeout_ms = 10000;
  std::size_t max_response_bytes = 0;
  RequestRules rules;  ///< which sampling parameters the body carries, under which names
};

class ChatTransfer {
 public:
  using Clock = std::chrono::steady_clock;

  /// nullptr only when libcurl cannot allocate a handle. `reused` is an easy handle a
  /// finished transfer gave back (TakeEasy), or nullptr for a new one: a handle keeps its
  /// buffers between transfers, where a new one costs an allocation and page faults each time.
  /// `body` is ChatRequestBody(request, settings.rules), perhaps kept from an earlier request.
  static std::unique_ptr<ChatTransfer> Create(const TransferSettings& settings,
                                              const Request& request, std::string body,
                                              Backend::Callback done, CurlEasy reused = nullptr);

  /// A fresh attempt with the same body and callback, for `settings` (possibly another
  /// endpoint's): used when the server never took `old`. nullptr as for Create().
  static std::unique_ptr<ChatTransfer> Again(const TransferSettings& settings, ChatTransfer&& old);

  ChatTransfer(const ChatTransfer&) = delete;
  ChatTransfer& operator=(const ChatTransfer&) = delete;

  CURL* easy() const { return easy_.get(); }
  /// The easy handle, for a later transfer once this one has left the multi handle; the
  /// transfer is finished with it then (every option is set again by the next Create()).
  CurlEasy TakeEasy();
  const TransferSettings& settings() const { return settings_; }
  std::uint64_t tag() const { return tag_; }
  Backend::Callback& callback() { return done_; }
  bool streaming() const { return streaming_; }
  /// When the last response byte arrived; meaningful once response_started().
  Clock::time_point last_activity() const { return last_activity_; }
  /// Whether the server has begun its answer (a status line arrived): it is alive.
  bool response_started() const { return response_started_; }
  /// Whether the first byte of the body arrived. Before that the request may sit in the
  /// server's queue for as long as the server is busy, silent (current llama-server) or after
  /// its status line and headers (llama-server of early 2025, b4700): no idle clock runs then,
  /// only the connect timeout and TCP keepalive.
  bool body_started() const { return body_started_; }
  /// Whether the request reached the server: false when curl finished with `code` without
  /// ever connecting (refused, unresolvable, connect timeout). Such an attempt does not count.
  bool ReachedServer(CURLcode code) const;

  /// The attempt's result once curl reports the transfer done with `code`.
  Completion Finish(CURLcode code);

  /// The attempt's result when no byte came for `idle`; the caller removes the handle.
  Completion Expire(std::chrono::seconds idle);

 private:
  enum class BodyMode { kUndecided, kStream, kJson, kErrorStatus, kWrongType };

  ChatTransfer(const TransferSettings& settings, CurlEasy easy, std::string body,
               std::uint64_t tag, bool streaming, Backend::Callback done);
  static std::unique_ptr<ChatTransfer> Setup(std::unique_ptr<ChatTransfer> transfer);

  static std::size_t OnBodyBytes(char* data, std::size_t size, std::size_t count, void* self);
  static std::size_t OnHeaderLine(char* data, std::size_t size, std::size_t count, void* self);
  bool ConsumeBody(std::string_view bytes);
  void DecideBodyMode();
  Completion Failed(Error error);
  Error StatusError() const;

  const TransferSettings& settings_;
  CurlEasy easy_;
  std::string request_body_;  // curl reads it in place (CURLOPT_POSTFIELDS does not copy)
  std::uint64_t tag_;
  Backend::Callback done_;
  bool streaming_;

  Clock::time_point start_;
  Clock::time_point last_activity_;
  bool response_started_ = false;
  bool body_started_ = false;
  std::optional<Clock::time_point> last_byte_;
  std::size_t received_ = 0;
  long status_ = 0;
  std::string retry_after_;
  BodyMode mode_ = BodyMode::kUndecided;
  std::string body_;  // JSON or error body; a stream goes to the parser instead
  SseParser sse_;
  StreamAssembler assembler_;
  std::optional<Error> error_;  // found while reading; wins over curl's view of the transfer
  char curl_error_[CURL_ERROR_SIZE] = {};
};

}  // namespace r1::models
