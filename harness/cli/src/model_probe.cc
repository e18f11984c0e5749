// See model_probe.h.
#include "model_probe.h"

#include <chrono>
#include <cstdio>
#include <optional>
#include <regex>

#include "r1/core/url.h"

namespace r1::cli {
namespace {

// The HTTP status a models-module error names ("... HTTP 401: ..."), or 0.
int HttpStatus(const Error& error) {
  static const std::regex kStatus(R"(\bHTTP (\d{3})\b)");
  std::smatch match;
  if (std::regex_search(error.message, match, kStatus)) return std::stoi(match[1].str());
  return 0;
}

}  // namespace

Error ProbeError(const Error& error, const std::string& url, const KeySource& key) {
  const std::string shown = RedactUrl(url);
  const int status = HttpStatus(error);
  if (status == 401 || status == 403) {
    std::string why = key.variable.empty()
                          ? "no API key was sent; set R1_EVAL_API_KEY (or the provider's variable)"
                          : "check the key in " + key.variable;
    return MakeError(ErrorCode::kInvalidArgument, "--model " + shown +
                                                      ": the server refused the request (HTTP " +
                                                      std::to_string(status) + "): " + why);
  }
  if (error.code == ErrorCode::kUnavailable && status == 0) {
    return MakeError(ErrorCode::kUnavailable,
                     "--model " + shown + ": cannot connect (" + RedactUrl(error.message) + ")");
  }
  if (error.code == ErrorCode::kDeadlineExceeded) {
    return MakeError(ErrorCode::kUnavailable,
                     "--model " + shown + ": no answer (" + RedactUrl(error.message) + ")");
  }
  return MakeError(error.code, "--model " + shown + ": " + RedactUrl(error.message));
}

bool HasAuthFailure(const Error& error) {
  const int status = HttpStatus(error);
  return status == 401 || status == 403;
}

bool HasNoModelList(const Error& error) {
  const int status = HttpStatus(error);
  return status == 404 || status == 405;
}

Status ProbeCompletion(Backend& backend, const std::string& model, const std::string& url,
                       const KeySource& key, int timeout_s) {
  Request request;
  request.model = model;
  request.messages = {Message{"user", "Say OK."}};
  request.params.max_tokens = 1;
  request.params.stream = false;
  std::optional<Completion> answer;
  backend.Start(request, [&answer](std::uint64_t, Completion c) { answer = std::move(c); });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  while (!answer && std::chrono::steady_clock::now() < deadline) backend.Poll(100);
  if (!answer) {
    backend.AbortAll();
    return std::unexpected(
        MakeError(ErrorCode::kUnavailable, "--model " + RedactUrl(url) +
                                               ": no answer to a one-token probe within " +
                                               std::to_string(timeout_s) + " s"));
  }
  if (answer->error) return std::unexpected(ProbeError(*answer->error, url, key));
  return {};
}

bool WarnPlainHttp(const std::string& url, const KeySource& key) {
  if (!PlainHttpToRemoteHost(url)) return false;
  if (!key.key.empty()) {
    std::fprintf(stderr,
                 "r1-eval: warning: the API key from %s is sent to %s over plain http, "
                 "unencrypted; use https or an SSH tunnel\n",
                 key.variable.c_str(), RedactUrl(url).c_str());
    return true;
  }
  if (UrlHasUserInfo(url)) {
    std::fprintf(stderr,
                 "r1-eval: warning: the password in --model goes to %s over plain http, "
                 "unencrypted; use https or an SSH tunnel\n",
                 RedactUrl(url).c_str());
    return true;
  }
  return false;
}

}  // namespace r1::cli
