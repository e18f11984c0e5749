// How many requests a server generates at once, read where servers say it. Requests beyond
// that wait in the server's queue without a byte, so the runner's default concurrency follows
// this number instead of a fixed guess (docs/reference/servers.md, "Slots and the queue").
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace r1::models {

struct ServerCapacity {
  int slots = 0;       ///< requests generated at once, summed over the endpoints
  std::string source;  ///< where it was read, e.g. "llama.cpp GET /props total_slots"
};

/// Asks every endpoint (a base URL such as "http://host:8080/v1") at its server root, all at
/// once: llama.cpp `GET /props` -> `total_slots`; SGLang `GET /server_info` (older versions:
/// `/get_server_info`) -> `max_running_requests`. vLLM, Ollama and LM Studio do not publish
/// theirs. nullopt unless every endpoint says (a sum over some replicas would be too small);
/// never an error: a server that does not say is an ordinary server. Waits at most about
/// `timeout_ms`.
std::optional<ServerCapacity> ProbeCapacity(const std::vector<std::string>& base_urls,
                                            const std::string& api_key, int timeout_ms);

/// The parsers, exposed for tests: the slots a /props or /server_info body states, or 0.
int SlotsFromLlamaProps(const std::string& body);
int SlotsFromSglangServerInfo(const std::string& body);

}  // namespace r1::models
