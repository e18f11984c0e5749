// The OpenAI-compatible backend: many ChatTransfers on one libcurl multi handle, driven from
// the caller's thread by Poll(). Callbacks fire only from Poll(), after curl is done with the
// handle, so a callback may Start() new attempts or AbortAll() safely.
// One backend may serve several endpoints of the same model (data-parallel replicas): each
// attempt goes to the healthy endpoint with the fewest outstanding requests; an endpoint that
// keeps failing to connect or answer is benched and later probed with a single request.
#include "r1/models/openai_backend.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <unordered_map>
#include <utility>
#include <vector>

#include "chat_transfer.h"
#include "curl_util.h"

namespace r1::models {
namespace {

using Clock = std::chrono::steady_clock;

class OpenAiBackend final : public Backend {
 public:
  OpenAiBackend(const EndpointOptions& options, const std::vector<std::string>& base_urls,
                CurlMulti multi, CurlList headers)
      : idle_timeout_(options.idle_timeout_s),
        multi_(std::move(multi)),
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

  void Start(Request request, Callback done) override {
    const std::uint64_t tag = request.tag;
    const std::size_t endpoint = Pick();
    std::unique_ptr<ChatTransfer> transfer = ChatTransfer::Create(
        endpoints_[endpoint]->settings, std::move(request), std::move(done));
    if (transfer == nullptr || curl_multi_add_handle(multi_.get(), transfer->easy()) != CURLM_OK) {
      // Reported from Poll() like any other outcome: callbacks never fire inside Start().
      Completion failed;
      failed.error = MakeError(ErrorCode::kInternal, "libcurl could not start a transfer");
      Callback callback = transfer != nullptr ? std::move(transfer->callback()) : Callback();
      ready_.push_back({tag, std::move(callback), std::move(failed)});
      return;
    }
    if (transfer->streaming()) {
      next_idle_check_ = std::min(next_idle_check_, transfer->last_activity() + idle_timeout_);
    }
    CURL* easy = transfer->easy();
    ++endpoints_[endpoint]->outstanding;
    ++endpoints_[endpoint]->started;
    endpoint_of_[easy] = endpoint;
    transfers_.emplace(easy, std::move(transfer));
  }

  void Poll(int timeout_ms) override {
    if (polling_) return;  // called from a callback: the outer Poll() carries on
    polling_ = true;
    // Reset even when a callback throws, so the backend stays usable.
    struct Reset {
      bool& flag;
      ~Reset() { flag = false; }
    } reset{polling_};
    Drive();
    if (ready_.empty() && !transfers_.empty() && timeout_ms > 0) {
      curl_multi_poll(multi_.get(), nullptr, 0, WaitMs(timeout_ms), nullptr);
      Drive();
    }
    FireReady();
  }

  std::size_t InFlight() const override { return transfers_.size() + ready_.size(); }

  void AbortAll() override {
    for (auto& [easy, transfer] : transfers_) curl_multi_remove_handle(multi_.get(), easy);
    transfers_.clear();
    endpoint_of_.clear();
    for (auto& endpoint : endpoints_) endpoint->outstanding = 0;
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
    int failures = 0;  // consecutive attempts that found the endpoint dead or broken
    Clock::time_point benched_until{};
    bool probing = false;  // back from the bench: one request at a time until one succeeds
  };

  bool Available(const Endpoint& e, Clock::time_point now) const {
    return e.benched_until <= now && !(e.probing && e.outstanding > 0);
  }

  // Fewest outstanding among available endpoints (fewest started breaks ties, so idle
  // replicas share work evenly); when every endpoint is benched, the one back soonest.
  std::size_t Pick() const {
    if (endpoints_.size() == 1) return 0;
    const Clock::time_point now = Clock::now();
    std::size_t best = endpoints_.size();
    for (std::size_t i = 0; i < endpoints_.size(); ++i) {
      const Endpoint& e = *endpoints_[i];
      if (!Available(e, now)) continue;
      if (best == endpoints_.size() || e.outstanding < endpoints_[best]->outstanding ||
          (e.outstanding == endpoints_[best]->outstanding && e.started < endpoints_[best]->started)) {
        best = i;
      }
    }
    if (best != endpoints_.size()) return best;
    best = 0;
    for (std::size_t i = 1; i < endpoints_.size(); ++i) {
      if (endpoints_[i]->benched_until < endpoints_[best]->benched_until) best = i;
    }
    return best;
  }

  // Connection-level failures and server errors count against an endpoint; a rate limit or a
  // rejected request is an answer from a live server.
  void Account(std::size_t index, const Completion& completion) {
    Endpoint& e = *endpoints_[index];
    --e.outstanding;
    const bool dead = completion.error && (completion.error->code == ErrorCode::kUnavailable ||
                                           completion.error->code == ErrorCode::kDeadlineExceeded);
    if (!dead) {
      e.failures = 0;
      e.probing = false;
      return;
    }
    if (endpoints_.size() == 1 || ++e.failures < 2) return;
    const int shift = std::min(e.failures - 2, 5);
    e.benched_until = Clock::now() + std::chrono::seconds(1 << shift);  // 1 s .. 32 s
    e.probing = true;
  }

  struct Finished {
    std::uint64_t tag;
    Callback done;
    Completion completion;
  };

  void Drive() {
    int running = 0;
    curl_multi_perform(multi_.get(), &running);
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi_.get(), &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      auto it = transfers_.find(message->easy_handle);
      if (it == transfers_.end()) continue;
      Completion completion = it->second->Finish(message->data.result);
      Retire(it, std::move(completion));
    }
    ExpireIdle();
  }

  // The per-transfer idle clock. libcurl's low-speed limit would also kill a stream that
  // drips a byte now and then, which is a server still working; only silence counts here.
  // Scans happen only when the earliest possible expiry is due, so steady streaming costs
  // nothing per chunk.
  void ExpireIdle() {
    const Clock::time_point now = Clock::now();
    if (now < next_idle_check_) return;
    next_idle_check_ = Clock::time_point::max();
    for (auto it = transfers_.begin(); it != transfers_.end();) {
      ChatTransfer& transfer = *it->second;
      if (!transfer.streaming()) {
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

  using TransferMap = std::unordered_map<CURL*, std::unique_ptr<ChatTransfer>>;

  TransferMap::iterator Retire(TransferMap::iterator it, Completion completion) {
    curl_multi_remove_handle(multi_.get(), it->first);
    if (auto e = endpoint_of_.find(it->first); e != endpoint_of_.end()) {
      Account(e->second, completion);
      endpoint_of_.erase(e);
    }
    ChatTransfer& transfer = *it->second;
    ready_.push_back({transfer.tag(), std::move(transfer.callback()), std::move(completion)});
    return transfers_.erase(it);
  }

  int WaitMs(int timeout_ms) const {
    if (next_idle_check_ == Clock::time_point::max()) return timeout_ms;
    const auto until =
        std::chrono::ceil<std::chrono::milliseconds>(next_idle_check_ - Clock::now());
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
  CurlMulti multi_;
  CurlList headers_;
  std::vector<std::unique_ptr<Endpoint>> endpoints_;
  TransferMap transfers_;
  std::unordered_map<CURL*, std::size_t> endpoint_of_;
  std::deque<Finished> ready_;  // finished attempts whose callbacks have not fired yet
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
  CurlList headers = RequestHeaders(options.api_key, /*json_body=*/true);
  if (multi == nullptr || headers == nullptr) {
    return Fail(ErrorCode::kInternal, "libcurl could not allocate a multi handle");
  }
  return std::make_unique<OpenAiBackend>(options, normalized, std::move(multi),
                                         std::move(headers));
}

}  // namespace r1::models
