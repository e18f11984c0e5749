// Errors as values: a short canonical code set (abseil's semantics) plus a message.
// Retry decisions switch on the code, never on message text.
#pragma once

#include <expected>
#include <string>
#include <string_view>

namespace r1 {

enum class ErrorCode {
  kInvalidArgument,    ///< bad configuration or input (exit 2)
  kNotFound,           ///< unknown name, missing file (exit 2)
  kUnavailable,        ///< transient network/server failure; retry
  kResourceExhausted,  ///< HTTP 429 or quota; back off
  kDeadlineExceeded,   ///< timeout (connect or idle)
  kDataLoss,           ///< corrupt store or data, malformed server body
  kCancelled,          ///< SIGINT
  kRejected,           ///< the server refused the request for good (4xx other than 429)
  kInternal,           ///< bug
};

std::string_view ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;

  /// Prepends context: "file.jsonl: line 3: missing field 'answer'".
  Error&& With(std::string_view context) &&;
};

inline Error MakeError(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }

template <class T>
using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

inline std::unexpected<Error> Fail(ErrorCode code, std::string message) {
  return std::unexpected(Error{code, std::move(message)});
}

}  // namespace r1
