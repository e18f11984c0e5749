// One chat-completions attempt over a libcurl easy handle (see chat_transfer.h).
#include "chat_transfer.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cctype>
#include <utility>

#include "retry_after.h"

namespace r1::models {
namespace {

// Enough of an error body to quote the server's message; the rest is read and dropped.
constexpr std::size_t kMaxErrorBody = 64 * 1024;

// TCP keepalive timing: a peer that vanished (host down, cable, NAT state lost) is noticed
// after about idle + 9 * interval seconds, while a healthy silent connection lives on.
constexpr long kKeepAliveIdleS = 60;
constexpr long kKeepAliveIntervalS = 20;

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

std::string_view TrimLine(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

// Tightens the kernel's keepalive probe count (libcurl 7.88 has no option for it): with the
// idle and interval times above a vanished peer is found within about 60 + 6 x 20 s.
int KeepAliveCount(void*, curl_socket_t socket, curlsocktype purpose) {
  if (purpose == CURLSOCKTYPE_IPCXN) {
    int count = 6;
    (void)setsockopt(socket, IPPROTO_TCP, TCP_KEEPCNT, &count, sizeof(count));
  }
  return CURL_SOCKOPT_OK;
}

}  // namespace

std::unique_ptr<ChatTransfer> ChatTransfer::Create(const TransferSettings& settings,
                                                   const Request& request, std::string body,
                                                   Backend::Callback done, CurlEasy reused) {
  if (reused == nullptr) reused.reset(curl_easy_init());
  return Setup(std::unique_ptr<ChatTransfer>(
      new ChatTransfer(settings, std::move(reused), std::move(body), request.tag,
                       request.params.stream, std::move(done))));
}

std::unique_ptr<ChatTransfer> ChatTransfer::Again(const TransferSettings& settings,
                                                  ChatTransfer&& old) {
  CurlEasy easy = old.TakeEasy();  // the caller has taken `old` out of the multi handle
  if (easy == nullptr) easy.reset(curl_easy_init());
  return Setup(std::unique_ptr<ChatTransfer>(
      new ChatTransfer(settings, std::move(easy), std::move(old.request_body_), old.tag_,
                       old.streaming_, std::move(old.done_))));
}

CurlEasy ChatTransfer::TakeEasy() {
  if (CURL* easy = easy_.get()) {
    // No pointer into this transfer stays behind in a handle that outlives it.
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, nullptr);
    curl_easy_setopt(easy, CURLOPT_PRIVATE, nullptr);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, nullptr);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, nullptr);
  }
  return std::move(easy_);
}

bool ChatTransfer::ReachedServer(CURLcode code) const {
  if (response_started_ || status_ != 0) return true;
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return false;
    case CURLE_OPERATION_TIMEDOUT: {
      curl_off_t connected_us = 0;
      curl_easy_getinfo(easy(), CURLINFO_CONNECT_TIME_T, &connected_us);
      return connected_us > 0;
    }
    default:
      return true;
  }
}

std::unique_ptr<ChatTransfer> ChatTransfer::Setup(std::unique_ptr<ChatTransfer> transfer) {
  const TransferSettings& settings = transfer->settings_;
  CURL* easy = transfer->easy();
  if (easy == nullptr) return nullptr;
  curl_easy_setopt(easy, CURLOPT_URL, settings.chat_url.c_str());
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, settings.headers);
  curl_easy_setopt(easy, CURLOPT_POSTFIELDS, transfer->request_body_.data());
  curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                   static_cast<curl_off_t>(transfer->request_body_.size()));
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &ChatTransfer::OnBodyBytes);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, transfer.get());
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &ChatTransfer::OnHeaderLine);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, transfer.get());
  curl_easy_setopt(easy, CURLOPT_PRIVATE, transfer.get());
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer->curl_error_);
  // Signals would be the only way libcurl could time out a DNS lookup, and they are unsafe in
  // a process with other threads.
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, settings.connect_timeout_ms);
  // There is deliberately no CURLOPT_TIMEOUT: a reasoning model may generate for many minutes.
  // Streams are guarded by the backend's idle clock. A non-streaming response sends nothing
  // until generation ends, so no idle clock can tell a slow server from a dead one; TCP
  // keepalive probes do, without ever killing a healthy long generation.
  curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(easy, CURLOPT_TCP_KEEPIDLE, kKeepAliveIdleS);
  curl_easy_setopt(easy, CURLOPT_TCP_KEEPINTVL, kKeepAliveIntervalS);
  curl_easy_setopt(easy, CURLOPT_SOCKOPTFUNCTION, &KeepAliveCount);
  curl_easy_setopt(easy, CURLOPT_NOPROXY, NoProxyList().c_str());
  curl_easy_setopt(easy, CURLOPT_USERAGENT, "r1-eval");
  return transfer;
}

ChatTransfer::ChatTransfer(const TransferSettings& settings, CurlEasy easy, std::string body,
                           std::uint64_t tag, bool streaming, Backend::Callback done)
    : settings_(settings),
      easy_(std::move(easy)),
      request_body_(std::move(body)),
      tag_(tag),
      done_(std::move(done)),
      streaming_(streaming),
      start_(Clock::now()),
      last_activity_(start_) {}

std::size_t ChatTransfer::OnBodyBytes(char* data, std::size_t size, std::size_t count, void* self) {
  auto* transfer = static_cast<ChatTransfer*>(self);
  const std::size_t bytes = size * count;
  // Returning fewer bytes than given makes curl abort the transfer (CURLE_WRITE_ERROR);
  // error_ then says why.
  return transfer->ConsumeBody(std::string_view(data, bytes)) ? bytes : 0;
}

std::size_t ChatTransfer::OnHeaderLine(char* data, std::size_t size, std::size_t count,
                                       void* self) {
  auto* transfer = static_cast<ChatTransfer*>(self);
  const std::string_view line(data, size * count);
  transfer->last_activity_ = Clock::now();
  transfer->response_started_ = true;
  // Each response (an interim 100 Continue, then the real one) starts with a status line.
  if (line.starts_with("HTTP/")) transfer->retry_after_.clear();
  if (StartsWithNoCase(line, "retry-after:")) {
    transfer->retry_after_ = TrimLine(line.substr(12));
  }
  return size * count;
}

void ChatTransfer::DecideBodyMode() {
  curl_easy_getinfo(easy(), CURLINFO_RESPONSE_CODE, &status_);
  if (status_ < 200 || status_ >= 300) {
    mode_ = BodyMode::kErrorStatus;
    return;
  }
  const char* type = nullptr;
  curl_easy_getinfo(easy(), CURLINFO_CONTENT_TYPE, &type);
  const std::string_view content_type = type != nullptr ? type : "";
  if (StartsWithNoCase(content_type, "text/event-stream")) {
    mode_ = BodyMode::kStream;
  } else if (StartsWithNoCase(content_type, "application/json")) {
    mode_ = BodyMode::kJson;  // also fine for a stream request: the server chose not to stream
  } else if (content_type.empty()) {
    mode_ = streaming_ ? BodyMode::kStream : BodyMode::kJson;
  } else {
    mode_ = BodyMode::kWrongType;
    error_ =
        MakeError(ErrorCode::kDataLoss, "unexpected content type '" + std::string(content_type) +
                                            "' in HTTP " + std::to_string(status_) + " response");
  }
}

bool ChatTransfer::ConsumeBody(std::string_view bytes) {
  const Clock::time_point now = Clock::now();
  last_activity_ = now;
  last_byte_ = now;
  body_started_ = true;
  received_ += bytes.size();
  if (received_ > settings_.max_response_bytes) {
    error_ = MakeError(ErrorCode::kDataLoss, "response too large (more than " +
                                                 std::to_string(settings_.max_response_bytes) +
                                                 " bytes)");
    return false;
  }
  if (mode_ == BodyMode::kUndecided) DecideBodyMode();
  switch (mode_) {
    case BodyMode::kStream:
      return sse_.Feed(bytes, [this](const SseEvent& event) {
        Status added = assembler_.Add(event.data);
        if (!added) error_ = std::move(added.error());
        return added.has_value();
      });
    case BodyMode::kJson:
      body_.append(bytes);
      return true;
    case BodyMode::kErrorStatus:
      if (body_.size() < kMaxErrorBody) body_.append(bytes.substr(0, kMaxErrorBody - body_.size()));
      return true;
    case BodyMode::kWrongType:
    case BodyMode::kUndecided:
      break;
  }
  return false;
}

Error ChatTransfer::StatusError() const {
  std::string message = "HTTP " + std::to_string(status_);
  if (const std::string detail = ServerErrorMessage(body_); !detail.empty()) {
    message += ": " + detail;
  }
  if (status_ == 429) return MakeError(ErrorCode::kResourceExhausted, std::move(message));
  if (status_ >= 500) return MakeError(ErrorCode::kUnavailable, std::move(message));
  return MakeError(ErrorCode::kRejected, std::move(message));
}

Completion ChatTransfer::Failed(Error error) {
  Completion completion;
  completion.served_model = std::move(assembler_.completion().served_model);
  completion.latency_s =
      std::chrono::duration<double>(last_byte_.value_or(Clock::now()) - start_).count();
  error.message = Redact(settings_.redacted_url + ": " + error.message, settings_.api_key);
  completion.error = std::move(error);
  return completion;
}

Completion ChatTransfer::Finish(CURLcode code) {
  if (error_) return Failed(std::move(*error_));
  if (mode_ == BodyMode::kUndecided) {
    curl_easy_getinfo(easy(), CURLINFO_RESPONSE_CODE, &status_);
    if (status_ == 0) return Failed(TransportError(code, curl_error_));
    DecideBodyMode();
    if (error_) return Failed(std::move(*error_));
  }
  if (mode_ == BodyMode::kErrorStatus) {
    // The status decides even when the error body was cut short.
    Completion failed = Failed(StatusError());
    if (!retry_after_.empty()) {
      failed.retry_after_s = ParseRetryAfter(retry_after_, std::chrono::system_clock::now());
    }
    return failed;
  }
  Completion completion;
  if (mode_ == BodyMode::kStream) {
    if (code != CURLE_OK && !assembler_.done()) {
      return Failed(TransportError(code, curl_error_).With("connection lost mid-stream"));
    }
    if (!assembler_.finished() && !assembler_.done()) {
      return Failed(
          MakeError(ErrorCode::kUnavailable, "stream ended without finish_reason or [DONE]"));
    }
    completion = std::move(assembler_.completion());
  } else {
    if (code != CURLE_OK) {
      return Failed(TransportError(code, curl_error_).With("connection lost mid-response"));
    }
    Result<Completion> parsed = ParseChatCompletion(body_);
    if (!parsed) return Failed(std::move(parsed.error()));
    completion = std::move(*parsed);
  }
  completion.latency_s =
      std::chrono::duration<double>(last_byte_.value_or(Clock::now()) - start_).count();
  return completion;
}

Completion ChatTransfer::Expire(std::chrono::seconds idle) {
  return Failed(MakeError(
      ErrorCode::kDeadlineExceeded,
      "no data from the server for " + std::to_string(idle.count()) + " s (idle timeout)"));
}

}  // namespace r1::models
