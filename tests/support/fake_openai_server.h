// A scriptable OpenAI-compatible server on 127.0.0.1 for tests and benchmarks. It serves
// GET /v1/models and POST /v1/chat/completions from a background thread pool, shapes streams
// like llama.cpp and vLLM do (docs/reference/servers.md), and can misbehave on request:
// error statuses, dropped connections, cut JSON, stalls, slow drips, HTML pages, error events
// inside a 200 stream, oversized bodies.
//
//   auto server = FakeOpenAiServer::Start([](const nlohmann::json& request, std::uint64_t n) {
//     Reply reply;
//     reply.content = "<think>2+2</think> \\boxed{4}";
//     if (n == 1) reply.fault = Fault::kDropConnection;
//     return reply;
//   });
//   (*server)->base_url();  // "http://127.0.0.1:PORT/v1"
//
// Like real servers under load (docs/reference/servers.md) it can also queue (`slots`: a
// request waiting for a slot gets no byte, not even headers, until its turn), go away and come
// back on the same port (GoDown(): port refused, open streams cut; ComeBack()), and rate-limit
// (`rate_budget` requests per `rate_window_ms`, then 429 with Retry-After).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "r1/core/error.h"

namespace httplib {
class Server;
}

namespace r1::testing {

/// How a reply goes wrong. Faults act on streaming and non-streaming requests alike unless
/// said otherwise.
enum class Fault {
  kNone,
  kStatus,              ///< answer `status` with `error_body` and, when set, `retry_after`
  kDropConnection,      ///< close the connection in the middle of the body
  kTruncatedJson,       ///< a stream chunk, or the whole body, whose JSON is cut off
  kStall,               ///< send nothing for `fault_ms` after the first content chunk
  kSlowDrip,            ///< send the first `drip_bytes` bytes one per `fault_ms`, then the rest
  kWrongContentType,    ///< 200 with an HTML page
  kErrorEventInStream,  ///< `data: {"error":...}` mid-stream, then end with no finish_reason and
                        ///< no [DONE], as llama.cpp does; an HTTP 500 when not streaming
  kHugeResponse,        ///< `huge_bytes` of content
  kEndWithoutFinish,    ///< streams only: end cleanly after the first content chunk, with no
                        ///< finish_reason and no [DONE]
};

/// What to answer to one chat request.
struct Reply {
  std::string content = "<think>ok</think> \\boxed{0}";
  std::string reasoning_content;                      ///< sent separately when not empty
  std::string reasoning_field = "reasoning_content";  ///< or "reasoning" (newer vLLM)
  std::string finish_reason = "stop";
  std::string model;  ///< empty: the server's first model
  std::int64_t prompt_tokens = 12;
  std::int64_t completion_tokens = -1;  ///< -1: (content + reasoning bytes) / 4
  std::int64_t reasoning_tokens = -1;   ///< -1: not sent (llama.cpp, vLLM); DeepSeek sends it
  int latency_ms = 0;                   ///< before the first token; non-streaming: the body
  std::size_t chunk_chars = 16;         ///< content bytes per stream chunk (UTF-8 kept whole)
  int chunk_interval_ms = 0;            ///< pause between stream chunks

  Fault fault = Fault::kNone;
  int status = 500;            ///< kStatus
  std::string retry_after;     ///< kStatus: Retry-After header value when not empty
  std::string error_body;      ///< kStatus: empty means an OpenAI-style error object
  int fault_ms = 0;            ///< kStall: pause; kSlowDrip: interval between bytes
  std::size_t drip_bytes = 6;  ///< kSlowDrip; SIZE_MAX drips the whole reply
  std::size_t huge_bytes = std::size_t{8} << 20;  ///< kHugeResponse

  bool operator==(const Reply&) const = default;
};

/// Decides the reply to each chat request from its parsed body and the server-wide sequence
/// number of the request (1 for the first). Called from server threads, concurrently.
using Script = std::function<Reply(const nlohmann::json& request, std::uint64_t sequence)>;

struct FakeServerOptions {
  std::vector<std::string> models = {"fake-model"};  ///< may be empty: no model loaded
  /// When set, requests without "Authorization: Bearer <key>" get a 401.
  std::string required_api_key;
  int port = 0;  ///< 0: an ephemeral port
  /// One thread per open connection; enough for 512 concurrent slow requests.
  int threads = 600;
  /// How long an idle connection, and a new one whose request has not arrived, is kept.
  /// Short, because Stop() waits for idle connections to time out.
  int keep_alive_s = 1;
  /// Stream events due at the same moment (no pause between them) go out in one write, as
  /// they reach a client that reads less often than the server writes; false: one write per
  /// event, which costs the server a send per 64-byte event.
  bool coalesce = false;
  int models_latency_ms = 0;  ///< delay before answering GET /v1/models
  bool models_list = true;    ///< false: GET /v1/models is a 404, as on providers without a list
  /// More GET pages: path -> JSON body, e.g. {"/props", R"({"total_slots":4})"} as llama.cpp
  /// says its slots at the server root.
  std::map<std::string, std::string> pages;
  /// Queue mode: at most this many chat requests are answered at once; the others wait,
  /// silent (no status line, no header), until a slot frees, as llama-server's queue does.
  /// 0: no limit.
  int slots = 0;
  /// Queue mode as llama-server builds of early 2025 do it (b4700, seen here): a queued
  /// streaming request gets its status line and headers at once and its first event only when
  /// a slot frees.
  bool queue_after_headers = false;
  /// Rate limit: at most `rate_budget` chat requests per fixed window of `rate_window_ms`;
  /// the others get 429 with Retry-After = the whole seconds until the window ends. 0: none.
  int rate_budget = 0;
  int rate_window_ms = 60000;
};

class FakeOpenAiServer {
 public:
  /// Listening on return. kUnavailable when the port cannot be bound.
  static Result<std::unique_ptr<FakeOpenAiServer>> Start(Script script,
                                                         FakeServerOptions options = {});
  ~FakeOpenAiServer();

  FakeOpenAiServer(const FakeOpenAiServer&) = delete;
  FakeOpenAiServer& operator=(const FakeOpenAiServer&) = delete;

  int port() const { return port_; }
  std::string base_url() const;  ///< "http://127.0.0.1:PORT/v1"

  /// Chat requests received (including rejected ones).
  std::uint64_t chat_requests() const { return chat_requests_.load(); }
  /// Chat requests whose last user message was exactly `prompt`.
  int requests_for(const std::string& prompt) const;
  std::uint64_t model_requests() const { return model_requests_.load(); }
  /// The most chat requests that were being answered at the same time.
  int max_concurrent() const { return max_concurrent_.load(); }
  /// Client connections (remote ports) that chat requests came in on.
  std::size_t chat_connections() const;

  /// The most chat requests that waited for a slot at the same time (queue mode).
  int max_queued() const { return max_queued_.load(); }
  /// 429s sent by the rate limit.
  int rate_limited() const { return rate_limited_.load(); }
  /// Chat requests that arrived while a Retry-After this server announced was still running,
  /// more than `grace_ms` after that 429 left (so the client had had time to hear it).
  int arrived_during_retry_after(int grace_ms = 200) const;

  /// Outage: closes the port (connections are refused) and cuts every open stream, as a
  /// server killed with -9 does. Blocks until every handler has returned.
  void GoDown();
  /// Listens again on the same port. kUnavailable when the port cannot be bound again.
  Status ComeBack();

  /// Stops listening, wakes every reply that is sleeping and joins the server threads.
  /// Idempotent; the destructor calls it. Takes up to a second more while a client still
  /// holds idle keep-alive connections, so tests destroy their clients first.
  void Stop();

 private:
  FakeOpenAiServer(Script script, FakeServerOptions options);

  void Route();
  bool Authorized(const std::string& authorization) const;
  /// Sleeps unless stopping; false when the server is stopping.
  bool Sleep(int ms);
  void Enter();
  void Leave();
  /// Queue mode: waits for a slot; false when the server stops meanwhile.
  bool TakeSlot();
  void FreeSlot();
  /// Rate limit: whether this request is over the budget; `retry_after_s` set when it is.
  bool OverBudget(int& retry_after_s);
  Status Listen(int port);

  Script script_;
  FakeServerOptions options_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;

  std::atomic<std::uint64_t> chat_requests_{0};
  std::atomic<std::uint64_t> model_requests_{0};
  std::atomic<int> concurrent_{0};
  std::atomic<int> max_concurrent_{0};
  mutable std::mutex mutex_;
  std::condition_variable stop_signal_;
  bool stopping_ = false;
  std::map<std::string, int, std::less<>> per_prompt_;
  std::set<int> client_ports_;

  // queue mode (under mutex_)
  int busy_slots_ = 0;
  int queued_ = 0;
  std::condition_variable slot_free_;
  std::atomic<int> max_queued_{0};
  // rate limit (under mutex_)
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  long long window_ = -1;
  int window_used_ = 0;
  std::atomic<int> rate_limited_{0};
  std::vector<std::chrono::steady_clock::time_point> arrivals_;
  std::vector<std::pair<std::chrono::steady_clock::time_point,
                        std::chrono::steady_clock::time_point>> retry_afters_;  // sent, until
};

}  // namespace r1::testing
