// OpenAI-compatible chat-completions backend over the libcurl multi interface, plus discovery
// of local servers. One thread drives every transfer (see r1/core/backend.h): all methods are
// called from that thread, and a Poll() made from inside a callback returns at once (the
// outer Poll() carries on). Errors arrive in Completion::error, classified as backend.h
// promises; the API key never appears in Describe() or in any error message.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "r1/core/backend.h"
#include "r1/core/error.h"
#include "r1/models/request_rules.h"

namespace r1::models {

struct EndpointOptions {
  std::string base_url;  ///< "http://host:port/v1" (no trailing slash needed)
  std::string api_key;   ///< sent as "Authorization: Bearer ..."; empty: no header
  int connect_timeout_s = 10;
  /// Streaming only: abort when no byte arrives for this long once the response has started.
  /// Before its first byte a request may wait in the server's queue for as long as the server
  /// is busy, and a non-streaming response is silent until generation ends: both rely on the
  /// connect timeout and TCP keepalive to find a dead peer, never on a clock. No total
  /// timeout exists, so a long generation is never killed while it is producing tokens.
  int idle_timeout_s = 300;
  /// A response larger than this fails with kDataLoss ("response too large") instead of
  /// growing without bound; far above any real completion.
  std::size_t max_response_bytes = std::size_t{64} << 20;
  /// Which sampling parameters requests carry and how they are named (provider rules).
  RequestRules rules = {};
};

/// A backend for one endpoint. The model name goes in each Request. kInvalidArgument for a
/// base_url that is not http(s)://host...
Result<std::unique_ptr<Backend>> MakeOpenAiBackend(const EndpointOptions& options);

/// One backend over several endpoints serving the same model (options.base_url is ignored):
/// each attempt goes to the usable endpoint with the fewest outstanding requests. An endpoint
/// that refuses a connection, or twice in a row resets one, cuts a stream, times out or
/// answers 5xx, is down: probed with one attempt at a time, 0.5 s later and doubling to 10 s,
/// until it answers. A 429 pauses the whole endpoint (Retry-After, or 1 s doubling), halves
/// the attempts it gets at once, and the limit grows back by one per limit's worth of
/// successes. Attempts that never reached a server wait in the backend, uncounted, until an
/// endpoint takes them; Accepting() is false while none would.
Result<std::unique_ptr<Backend>> MakeOpenAiBackend(const EndpointOptions& options,
                                                   const std::vector<std::string>& base_urls);

/// GET {base_url}/models: the served model ids, in the server's order.
/// kUnavailable when nothing answers within `timeout_ms` (or a 5xx), kRejected for another
/// HTTP error (e.g. 401: wrong key), kDataLoss for a body that is not a model list.
Result<std::vector<std::string>> ListModels(const EndpointOptions& options, int timeout_ms);

struct LocalServer {
  std::string base_url;  ///< e.g. "http://127.0.0.1:8000/v1"
  std::vector<std::string> models;
};

/// Probes `override_url` if given (one without a path gets "/v1"), else loopback ports
/// 8000 (vLLM), 30000 (SGLang), 8080 (llama.cpp), 11434 (Ollama), 1234 (LM Studio), all at
/// once, and returns the first in that order that answers /v1/models with at least one model.
/// kUnavailable otherwise, with a paragraph saying what was tried and how to start a server.
/// Blocks for at most about `timeout_ms`.
Result<LocalServer> DiscoverLocal(const std::optional<std::string>& override_url,
                                  const std::string& api_key, int timeout_ms);

}  // namespace r1::models
