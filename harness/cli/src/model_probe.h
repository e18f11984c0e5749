// The fail-fast probe before a run (issue 12.6): every --model form is asked once before any
// sample is, so an unreachable server is exit 3 within seconds naming the URL, and a refused
// key is exit 2 at once naming the variable it came from -- not one error row per sample.
#pragma once

#include <string>

#include "r1/core/backend.h"
#include "r1/core/error.h"

namespace r1::cli {

/// An API key and the environment variable it was read from ("" when there is no key).
struct KeySource {
  std::string key;
  std::string variable;
};

/// The error a failed GET /models (or probe completion) of `url` ends the command with:
/// HTTP 401/403 -> kInvalidArgument naming the key's variable (exit 2); no connection or no
/// answer -> kUnavailable naming the redacted URL (exit 3); anything else keeps its code.
Error ProbeError(const Error& error, const std::string& url, const KeySource& key);

/// True when the failure is an HTTP 401 or 403.
bool HasAuthFailure(const Error& error);

/// True when the failure means the server has no model list (HTTP 404/405 on /models): a
/// one-token completion probes it instead.
bool HasNoModelList(const Error& error);

/// Asks `model` for one token through `backend` (which serves `url`), waiting at most
/// `timeout_s`; the failure, if any, as ProbeError describes.
Status ProbeCompletion(Backend& backend, const std::string& model, const std::string& url,
                       const KeySource& key, int timeout_s);

/// Warns on stderr when a key or a password would cross the network unencrypted (plain http
/// to a host that is not loopback). Returns whether it warned.
bool WarnPlainHttp(const std::string& url, const KeySource& key);

}  // namespace r1::cli
