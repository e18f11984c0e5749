// The OpenAI-compatible backend: many ChatTransfers on one libcurl multi handle, driven from
// the caller's thread by Poll() through an epoll-based event loop (event_loop.h), so each
// wakeup costs what the ready sockets cost, not what all transfers cost. Callbacks fire only from Poll(), after curl is done with the
// handle, so a callback may Start() new attempts or AbortAll() safely.
// One backend may serve several endpoints of the same model (data-parallel replicas): each
// attempt goes to the usable endpoint with the fewest outstanding requests. Each endpoint is
// up, paused by a rate limit, or down and probed (endpoint_health.h); an attempt that never
// reached a server waits here, uncounted, until an endpoint takes it.
#include "r1/models/openai_backend.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <unordered_map>
#include <utility>
#include <vector>

#include "chat_request.h"
#include "chat_transfer.h"
#include "curl_util.h"
#include "endpoint_health.h"
#include "event_loop.h"

namespace r1::models {
namespace {

using Clock = std::chrono::steady_clock;

// More connections than any run keeps open at once (concurrency is at most a few thousand).
constexpr long kMaxCachedConnections = 1L << 16;

class OpenAiBackend final : public Backend {
 public:
  OpenAiBackend(const EndpointOptions& options, const std::vector<std::string>& base_urls,
                CurlMulti multi, CurlList headers)
      : idle_timeout_(options.idle_timeout_s),
        loop_(std::move(multi)),
        headers_(std::move(headers)) {
    for (const auto& base_url : base_urls) {
      auto endpoint = std::make_unique<Endpoint>();
      endpoint->base_url = base_url;
      TransferSettings& settings = endpoint->settings;
      settings.chat_url = base_url + "/chat/completions";
      settings.redacted_url = RedactedUrl(settings.chat_url);
      settings.api_key = options.api_key;
      settings.headers = headers_.get();
      settings.connect_timeout_ms = 1000L * options.connect_timeout_s;
      settings.max_response_bytes = options.max_response_bytes;
      settings.rules = options.rules;
      endpoints_.push_back(std::move(endpoint));
    }
  }

  ~OpenAiBackend() override { AbortAll(); }

  bool ok() const { return loop_.ok(); }

  void Start(Request request, Callback done) override {
    const std::uint64_t tag = request.tag;
    // Made for the first endpoint; Launch() re-targets it when another one takes it.
    CurlEasy easy;
    if (!spare_.empty()) {
      easy = std::move(spare_.back());
      spare_.pop_back();
    }
    const TransferSettings& first = endpoints_[0]->settings;
    std::unique_ptr<ChatTransfer> transfer =
        ChatTransfer::Create(first, request, bodies_.For(request, first.rules), std::move(done),
                             std::move(easy));
    if (transfer == nullptr) {
      FailToStart(tag, Callback());
      return;
    }
    const Clock::time_point now = Clock::now();
    const std::size_t endpoint = Pick(now);
    if (endpoint == endpoints_.size() || !parked_.empty()) {
      parked_.push_back(std::move(transfer));  // waits for an endpoint to answer
      return;
    }
    Launch(std::move(transfer), endpoint, now);
  }

  void Poll(int timeout_ms) override {
    if (polling_) return;  // called from a callback: the outer Poll() carries on
    polling_ = true;
    // Reset even when a callback throws, so the backend stays usable.
    struct Reset {
      bool& flag;
      ~Reset() { flag = false; }
    } reset{polling_};
    Drive(0);
    LaunchParked();
    if (ready_.empty() && timeout_ms > 0) {
      // Sleeps even with no transfer at all: until I/O, curl's next timer, the next idle
      // expiry, a probe or the end of a rate-limit pause.
      Drive(WaitMs(timeout_ms));
      LaunchParked();
    }
    FireReady();
  }

  std::size_t InFlight() const override {
    return transfers_.size() + ready_.size() + parked_.size();
  }

  bool Accepting() const override {
    return parked_.empty() && Pick(Clock::now()) != endpoints_.size();
  }

  std::optional<Clock::time_point> UnavailableSince() const override {
    Clock::time_point latest{};
    for (const auto& e : endpoints_) {
      const auto since = e->health.down_since();
      if (!since) return std::nullopt;
      latest = std::max(latest, *since);
    }
    return latest;
  }

  std::size_t Capacity() const override {
    std::size_t total = 0;
    for (const auto& e : endpoints_) {
      const std::optional<int> limit = e->health.limit();
      if (!limit) return SIZE_MAX;
      total += static_cast<std::size_t>(*limit);
    }
    return total;
  }

  void AbortAll() override {
    for (auto& [easy, transfer] : transfers_) curl_multi_remove_handle(loop_.multi(), easy);
    transfers_.clear();
    for (auto& endpoint : endpoints_) {
      endpoint->outstanding = 0;
      if (endpoint->probe != nullptr) endpoint->health.OnFailed(true, Clock::now());
      endpoint->probe = nullptr;
    }
    parked_.clear();
    ready_.clear();
    next_idle_check_ = Clock::time_point::max();
  }

  std::string Describe() const override {
    std::string urls;
    for (const auto& e : endpoints_) urls += (urls.empty() ? "" : ", ") + RedactedUrl(e->base_url);
    return urls + " (OpenAI-compatible chat completions)";
  }

 private:
  struct Endpoint {
    std::string base_url;
    TransferSettings settings;  // transfers keep a reference: endpoints never move
    int outstanding = 0;
    std::uint64_t started = 0;
    EndpointHealth health;
    const ChatTransfer* probe = nullptr;  // the one attempt out while the endpoint is down
  };

  struct Running {
    std::unique_ptr<ChatTransfer> transfer;
    std::size_t endpoint = 0;
  };
  using TransferMap = std::unordered_map<CURL*, Running>;

  struct Finished {
    std::uint64_t tag;
    Callback done;
    Completion completion;
  };

  // Fewest outstanding among the endpoints that take an attempt now (fewest started breaks
  // ties, so idle replicas share work evenly); endpoints_.size() when none does.
  std::size_t Pick(Clock::time_point now) const {
    std::size_t best = endpoints_.size();
    for (std::size_t i = 0; i < endpoints_.size(); ++i) {
      const Endpoint& e = *endpoints_[i];
      if (!e.health.Usable(e.outstanding, now)) continue;
      if (best == endpoints_.size() || e.outstanding < endpoints_[best]->outstanding ||
          (e.outstanding == endpoints_[best]->outstanding && e.started < endpoints_[best]->started)) {
        best = i;
      }
    }
    return best;
  }

  void Launch(std::unique_ptr<ChatTransfer> transfer, std::size_t index, Clock::time_point now) {
    Endpoint& endpoint = *endpoints_[index];
    if (&transfer->settings() != &endpoint.settings) {
      transfer = ChatTransfer::Again(endpoint.settings, std::move(*transfer));
    }
    const std::uint64_t tag = transfer ? transfer->tag() : 0;
    if (transfer == nullptr || curl_multi_add_handle(loop_.multi(), transfer->easy()) != CURLM_OK) {
      FailToStart(tag, transfer ? std::move(transfer->callback()) : Callback());
      return;
    }
    if (transfer->streaming()) {
      // The earliest a transfer started now can expire: its response starts now.
      next_idle_check_ = std::min(next_idle_check_, now + idle_timeout_);
    }
    if (endpoint.health.down()) endpoint.probe = transfer.get();
    endpoint.health.OnSent();
    ++endpoint.outstanding;
    ++endpoint.started;
    CURL* easy = transfer->easy();
    transfers_.emplace(easy, Running{std::move(transfer), index});
  }

  // Attempts that no endpoint could take yet go out, oldest first, as endpoints allow.
  void LaunchParked() {
    const Clock::time_point now = Clock::now();
    while (!parked_.empty()) {
      const std::size_t endpoint = Pick(now);
      if (endpoint == endpoints_.size()) return;
      std::unique_ptr<ChatTransfer> transfer = std::move(parked_.front());
      parked_.pop_front();
      Launch(std::move(transfer), endpoint, now);
    }
  }

  // Reported from Poll() like any other outcome: callbacks never fire inside Start().
  void FailToStart(std::uint64_t tag, Callback callback) {
    Completion failed;
    failed.error = MakeError(ErrorCode::kInternal, "libcurl could not start a transfer");
    ready_.push_back({tag, std::move(callback), std::move(failed)});
  }

  // Lets curl act on what is ready within `wait_ms`, then takes in what finished.
  void Drive(int wait_ms) {
    loop_.Run(wait_ms);
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(loop_.multi(), &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      auto it = transfers_.find(message->easy_handle);
      if (it == transfers_.end()) continue;
      const CURLcode code = message->data.result;
      if (!it->second.transfer->ReachedServer(code)) {
        Requeue(it);
        continue;
      }
      Completion completion = it->second.transfer->Finish(code);
      Retire(it, std::move(completion));
    }
    // A down endpoint whose probe has begun its answer, or that still streams bytes to attempts
    // started before it went down, is alive: work may flow again without waiting for a whole
    // generation (a probe can sit in the server's queue behind long ones).
    for (std::size_t i = 0; i < endpoints_.size(); ++i) {
      Endpoint& endpoint = *endpoints_[i];
      if (!endpoint.health.down()) continue;
      if (endpoint.probe != nullptr && endpoint.probe->response_started()) {
        endpoint.probe = nullptr;
        endpoint.health.OnAnswer();
      } else if (StreamsSince(i, *endpoint.health.down_since())) {
        endpoint.health.OnAnswer();
      }
    }
    ExpireIdle();
  }

  // Whether a transfer of endpoint `index` received bytes after `since`. Scanned only while
  // the endpoint is down, which is rare and short.
  bool StreamsSince(std::size_t index, Clock::time_point since) const {
    for (const auto& [easy, running] : transfers_) {
      if (running.endpoint == index && running.transfer->response_started() &&
          running.transfer->last_activity() > since) {
        return true;
      }
    }
    return false;
  }

  // The server never saw the attempt: it does not count, and goes out again, first in line,
  // when an endpoint answers.
  void Requeue(TransferMap::iterator it) {
    Endpoint& endpoint = *endpoints_[it->second.endpoint];
    const bool was_probe = endpoint.probe == it->second.transfer.get();
    if (was_probe) endpoint.probe = nullptr;
    endpoint.health.OnNotTaken(was_probe, Clock::now());
    --endpoint.outstanding;
    curl_multi_remove_handle(loop_.multi(), it->first);
    std::unique_ptr<ChatTransfer> again =
        ChatTransfer::Again(endpoint.settings, std::move(*it->second.transfer));
    const std::uint64_t tag = it->second.transfer->tag();
    if (again == nullptr) {
      FailToStart(tag, std::move(it->second.transfer->callback()));
    } else {
      parked_.push_front(std::move(again));
    }
    transfers_.erase(it);
  }

  // The per-transfer idle clock, from the first byte of the response body on. libcurl's
  // low-speed limit would also kill a stream that drips a byte now and then, which is a
  // server still working; only silence counts here. Before the response starts the request
  // may be queued behind others at the server for minutes: that is never a timeout. Scans
  // happen only when the earliest possible expiry is due, so steady streaming costs nothing
  // per chunk.
  void ExpireIdle() {
    const Clock::time_point now = Clock::now();
    if (now < next_idle_check_) return;
    next_idle_check_ = Clock::time_point::max();
    for (auto it = transfers_.begin(); it != transfers_.end();) {
      ChatTransfer& transfer = *it->second.transfer;
      if (!transfer.streaming()) {
        ++it;
        continue;
      }
      if (!transfer.body_started()) {
        next_idle_check_ = std::min(next_idle_check_, now + idle_timeout_);
        ++it;
        continue;
      }
      const Clock::time_point deadline = transfer.last_activity() + idle_timeout_;
      if (deadline <= now) {
        Completion expired = transfer.Expire(idle_timeout_);
        it = Retire(it, std::move(expired));
      } else {
        next_idle_check_ = std::min(next_idle_check_, deadline);
        ++it;
      }
    }
  }

  TransferMap::iterator Retire(TransferMap::iterator it, Completion completion) {
    curl_multi_remove_handle(loop_.multi(), it->first);
    Endpoint& endpoint = *endpoints_[it->second.endpoint];
    ChatTransfer& transfer = *it->second.transfer;
    const bool was_probe = endpoint.probe == &transfer;
    if (was_probe) endpoint.probe = nullptr;
    Account(endpoint, was_probe, completion);
    ready_.push_back({transfer.tag(), std::move(transfer.callback()), std::move(completion)});
    spare_.push_back(transfer.TakeEasy());
    return transfers_.erase(it);
  }

  // Connection-level failures, timeouts and server errors count against an endpoint; a rate
  // limit pauses it; any other answer shows it alive.
  void Account(Endpoint& endpoint, bool was_probe, const Completion& completion) {
    const Clock::time_point now = Clock::now();
    const int outstanding = endpoint.outstanding--;
    if (!completion.error) {
      endpoint.health.OnAnswer();
      return;
    }
    switch (completion.error->code) {
      case ErrorCode::kUnavailable:
      case ErrorCode::kDeadlineExceeded:
        endpoint.health.OnFailed(was_probe, now);
        break;
      case ErrorCode::kResourceExhausted:
        endpoint.health.OnRateLimited(outstanding, completion.retry_after_s, now);
        break;
      default:
        endpoint.health.OnAnswer();
        break;
    }
  }

  int WaitMs(int timeout_ms) const {
    const Clock::time_point now = Clock::now();
    Clock::time_point wake = next_idle_check_;
    for (const auto& e : endpoints_) wake = std::min(wake, e->health.NextChange(now));
    if (wake == Clock::time_point::max()) return timeout_ms;
    const auto until = std::chrono::ceil<std::chrono::milliseconds>(wake - now);
    return static_cast<int>(std::clamp<std::int64_t>(until.count(), 0, timeout_ms));
  }

  void FireReady() {
    while (!ready_.empty()) {
      Finished finished = std::move(ready_.front());
      ready_.pop_front();
      if (finished.done) finished.done(finished.tag, std::move(finished.completion));
    }
  }

  std::chrono::seconds idle_timeout_;
  // Declared before the transfers: easy handles must leave the multi handle before it dies.
  EventLoop loop_;
  CurlList headers_;
  std::vector<std::unique_ptr<Endpoint>> endpoints_;
  TransferMap transfers_;
  std::deque<std::unique_ptr<ChatTransfer>> parked_;  // not yet taken by any endpoint
  std::deque<Finished> ready_;  // finished attempts whose callbacks have not fired yet
  // Easy handles of finished attempts, for the next ones: at most as many as ever ran at once.
  std::vector<CurlEasy> spare_;
  ChatRequestBodies bodies_;
  Clock::time_point next_idle_check_ = Clock::time_point::max();
  bool polling_ = false;
};

}  // namespace

Result<std::unique_ptr<Backend>> MakeOpenAiBackend(const EndpointOptions& options) {
  return MakeOpenAiBackend(options, {options.base_url});
}

Result<std::unique_ptr<Backend>> MakeOpenAiBackend(const EndpointOptions& options,
                                                   const std::vector<std::string>& base_urls) {
  if (base_urls.empty()) return Fail(ErrorCode::kInvalidArgument, "no endpoint URL given");
  std::vector<std::string> normalized;
  for (const auto& url : base_urls) {
    Result<std::string> base_url = NormalizeBaseUrl(url);
    if (!base_url) return std::unexpected(std::move(base_url.error()));
    normalized.push_back(std::move(*base_url));
  }
  if (options.connect_timeout_s <= 0 || options.idle_timeout_s <= 0 ||
      options.max_response_bytes == 0) {
    return Fail(ErrorCode::kInvalidArgument,
                "connect and idle timeouts and the response size cap must be positive");
  }
  InitCurlOnce();
  CurlMulti multi(curl_multi_init());
  // libcurl's default cache keeps about four connections per transfer still on the multi
  // handle and closes the oldest idle ones beyond that. When hundreds of streams ended together
  // and left it, their connections were closed and the next requests connected anew: at 1,024
  // streams nearly every request. An idle connection costs little and the server's keep-alive
  // ends it, so the cache is bounded only by what ran at once.
  if (multi) curl_multi_setopt(multi.get(), CURLMOPT_MAXCONNECTS, kMaxCachedConnections);
  CurlList headers = RequestHeaders(options.api_key, /*json_body=*/true);
  if (multi == nullptr || headers == nullptr) {
    return Fail(ErrorCode::kInternal, "libcurl could not allocate a multi handle");
  }
  auto backend = std::make_unique<OpenAiBackend>(options, normalized, std::move(multi),
                                                 std::move(headers));
  if (!backend->ok()) return Fail(ErrorCode::kInternal, "no epoll descriptor for libcurl's sockets");
  return backend;
}

}  // namespace r1::models
