// The fake OpenAI-compatible server (see fake_openai_server.h): cpp-httplib plumbing around
// the byte plans of fake_reply_plan.cc.
#include "fake_openai_server.h"

#include <httplib.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdlib>
#include <utility>

#include "fake_reply_plan.h"

namespace r1::testing {
namespace {

using nlohmann::json;

std::string LastUserMessage(const json& request) {
  const auto messages = request.find("messages");
  if (messages == request.end() || !messages->is_array()) return "";
  for (auto it = messages->rbegin(); it != messages->rend(); ++it) {
    if (it->is_object() && it->value("role", "") == "user") {
      const auto content = it->find("content");
      if (content != it->end() && content->is_string()) return content->get<std::string>();
    }
  }
  return "";
}

// httplib keeps each connection's thread waiting up to keep_alive_s for the next request and,
// after stop(), still takes one that arrives meanwhile; a crashed server takes none, and its
// connections all end at once. httplib does not say which sockets it accepted, so they are
// found among the process's descriptors by their local port (connected, not listening).
void CutConnectionsOf(int port) {
  DIR* fds = opendir("/proc/self/fd");
  if (fds == nullptr) return;
  while (const dirent* entry = readdir(fds)) {
    const int fd = std::atoi(entry->d_name);
    if (fd <= 2 || fd == dirfd(fds)) continue;
    sockaddr_in local{}, peer{};
    socklen_t local_size = sizeof(local), peer_size = sizeof(peer);
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_size) != 0 ||
        local.sin_family != AF_INET || ntohs(local.sin_port) != port ||
        getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_size) != 0) {
      continue;
    }
    ::shutdown(fd, SHUT_RDWR);
  }
  closedir(fds);
}

}  // namespace

// Counts a chat request as being answered until the last byte of its reply is written.
class InFlightToken {
 public:
  explicit InFlightToken(std::function<void()> leave) : leave_(std::move(leave)) {}
  ~InFlightToken() { leave_(); }
  InFlightToken(const InFlightToken&) = delete;
  InFlightToken& operator=(const InFlightToken&) = delete;

 private:
  std::function<void()> leave_;
};

Result<std::unique_ptr<FakeOpenAiServer>> FakeOpenAiServer::Start(Script script,
                                                                  FakeServerOptions options) {
  std::unique_ptr<FakeOpenAiServer> fake(
      new FakeOpenAiServer(std::move(script), std::move(options)));
  if (auto s = fake->Listen(fake->options_.port); !s) return std::unexpected(s.error());
  return fake;
}

Status FakeOpenAiServer::Listen(int wanted) {
  server_ = std::make_unique<httplib::Server>();
  httplib::Server& server = *server_;
  const int threads = options_.threads;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // Connections stay open for reuse as with a real server, but an idle one is dropped soon
  // by default: Stop() has to wait for idle connections to time out.
  server.set_keep_alive_max_count(100000);
  server.set_keep_alive_timeout(options_.keep_alive_s);
  auto listen_socket = std::make_shared<int>(-1);
  server.set_socket_options([listen_socket](socket_t sock) {
    // SO_REUSEADDR but not httplib's default SO_REUSEPORT, which would let two servers share
    // a fixed port silently.
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    *listen_socket = sock;
  });
  Route();

  port_ = wanted == 0 ? server.bind_to_any_port("127.0.0.1")
                      : (server.bind_to_port("127.0.0.1", wanted) ? wanted : -1);
  if (port_ <= 0) {
    return Fail(ErrorCode::kUnavailable,
                "fake server cannot listen on 127.0.0.1:" + std::to_string(wanted));
  }
  // httplib listens with a backlog of 5. Hundreds of clients connecting at once would
  // overflow it, and the kernel would make them retry a second later; listen() again on the
  // same socket raises the backlog on Linux.
  if (*listen_socket >= 0) ::listen(*listen_socket, SOMAXCONN);

  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // stop() is a no-op until the accept loop runs, so Listen() waits for it.
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return {};
}

void FakeOpenAiServer::GoDown() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_signal_.notify_all();
  slot_free_.notify_all();
  server_->stop();  // the port first, then every open connection: nothing is taken after this
  CutConnectionsOf(port_);
  if (thread_.joinable()) thread_.join();
}

Status FakeOpenAiServer::ComeBack() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
    busy_slots_ = 0;
    queued_ = 0;
  }
  return Listen(port_);
}

int FakeOpenAiServer::arrived_during_retry_after(int grace_ms) const {
  std::lock_guard lock(mutex_);
  int early = 0;
  for (const auto& arrival : arrivals_) {
    for (const auto& [sent, until] : retry_afters_) {
      if (arrival > sent + std::chrono::milliseconds(grace_ms) &&
          arrival + std::chrono::milliseconds(20) < until) {
        ++early;
        break;
      }
    }
  }
  return early;
}

bool FakeOpenAiServer::TakeSlot() {
  if (options_.slots <= 0) return true;
  std::unique_lock lock(mutex_);
  ++queued_;
  int seen = max_queued_.load();
  while (queued_ > seen && !max_queued_.compare_exchange_weak(seen, queued_)) {
  }
  slot_free_.wait(lock, [this] { return stopping_ || busy_slots_ < options_.slots; });
  --queued_;
  if (stopping_) return false;
  ++busy_slots_;
  return true;
}

void FakeOpenAiServer::FreeSlot() {
  if (options_.slots <= 0) return;
  {
    std::lock_guard lock(mutex_);
    if (busy_slots_ > 0) --busy_slots_;
  }
  slot_free_.notify_one();
}

bool FakeOpenAiServer::OverBudget(int& retry_after_s) {
  if (options_.rate_budget <= 0) return false;
  const auto now = std::chrono::steady_clock::now();
  const auto window = std::chrono::milliseconds(options_.rate_window_ms);
  std::lock_guard lock(mutex_);
  arrivals_.push_back(now);
  const long long index = (now - started_) / window;
  if (index != window_) {
    window_ = index;
    window_used_ = 0;
  }
  if (window_used_ < options_.rate_budget) {
    ++window_used_;
    return false;
  }
  const auto window_end = started_ + (index + 1) * window;
  const auto left_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(window_end - now).count();
  retry_after_s = static_cast<int>((left_ms + 999) / 1000);
  retry_afters_.emplace_back(now, now + std::chrono::seconds(retry_after_s));
  ++rate_limited_;
  return true;
}

FakeOpenAiServer::FakeOpenAiServer(Script script, FakeServerOptions options)
    : script_(std::move(script)), options_(std::move(options)) {}

FakeOpenAiServer::~FakeOpenAiServer() { Stop(); }

std::string FakeOpenAiServer::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/v1";
}

int FakeOpenAiServer::requests_for(const std::string& prompt) const {
  std::lock_guard lock(mutex_);
  auto it = per_prompt_.find(prompt);
  return it == per_prompt_.end() ? 0 : it->second;
}

std::size_t FakeOpenAiServer::chat_connections() const {
  std::lock_guard lock(mutex_);
  return client_ports_.size();
}

void FakeOpenAiServer::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_signal_.notify_all();
  slot_free_.notify_all();
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

bool FakeOpenAiServer::Sleep(int ms) {
  std::unique_lock lock(mutex_);
  if (ms <= 0) return !stopping_;
  return !stop_signal_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopping_; });
}

void FakeOpenAiServer::Enter() {
  const int now = ++concurrent_;
  int seen = max_concurrent_.load();
  while (now > seen && !max_concurrent_.compare_exchange_weak(seen, now)) {
  }
}

void FakeOpenAiServer::Leave() { --concurrent_; }

bool FakeOpenAiServer::Authorized(const std::string& authorization) const {
  return options_.required_api_key.empty() ||
         authorization == "Bearer " + options_.required_api_key;
}

void FakeOpenAiServer::Route() {
  for (const auto& [path, body] : options_.pages) {
    server_->Get(path, [body](const httplib::Request&, httplib::Response& res) {
      res.set_content(body, "application/json");
    });
  }
  server_->Get("/v1/models", [this](const httplib::Request& req, httplib::Response& res) {
    ++model_requests_;
    if (!Authorized(req.get_header_value("Authorization"))) {
      res.status = 401;
      res.set_content(ErrorBody(401, "Invalid API Key", "invalid_request_error"),
                      "application/json");
      return;
    }
    if (!Sleep(options_.models_latency_ms)) return;
    if (!options_.models_list) {
      res.status = 404;
      res.set_content(ErrorBody(404, "Not Found", "not_found_error"), "application/json");
      return;
    }
    json data = json::array();
    for (const std::string& id : options_.models) {
      data.push_back({{"id", id}, {"object", "model"}, {"owned_by", "fake"}});
    }
    res.set_content(json({{"object", "list"}, {"data", std::move(data)}}).dump(),
                    "application/json");
  });

  server_->Post(
      "/v1/chat/completions", [this](const httplib::Request& req, httplib::Response& res) {
        int retry_after_s = 0;
        if (OverBudget(retry_after_s)) {
          ++chat_requests_;
          res.status = 429;
          res.set_header("Retry-After", std::to_string(retry_after_s));
          res.set_content(ErrorBody(429, "rate limit reached", "rate_limit_error"),
                          "application/json");
          return;
        }
        // A queued request sends nothing, not even its status line, until a slot frees; or,
        // queue_after_headers, a streamed one waits after its headers (in its first provider call).
        const bool after_headers = options_.queue_after_headers && options_.slots > 0;
        if (!after_headers && !TakeSlot()) return;
        auto slot_held = std::make_shared<bool>(!after_headers);
        Enter();
        auto token = std::make_shared<InFlightToken>([this, slot_held] {
          Leave();
          if (*slot_held) FreeSlot();
        });
        const std::uint64_t sequence = ++chat_requests_;
        const json request = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
        {
          std::lock_guard lock(mutex_);
          client_ports_.insert(req.remote_port);
          ++per_prompt_[request.is_object() ? LastUserMessage(request) : std::string()];
        }
        if (!Authorized(req.get_header_value("Authorization"))) {
          res.status = 401;
          res.set_content(ErrorBody(401, "Invalid API Key", "invalid_request_error"),
                          "application/json");
          return;
        }
        if (!request.is_object() || !request.contains("messages")) {
          res.status = 400;
          res.set_content(ErrorBody(400, "'messages' is required", "invalid_request_error"),
                          "application/json");
          return;
        }

        auto plan = std::make_shared<ReplyPlan>(
            PlanReply(script_(request, sequence), request, sequence,
                      options_.models.empty() ? "fake-model" : options_.models.front()));
        if (!Sleep(plan->delay_before_headers_ms)) return;
        res.status = plan->status;
        for (const auto& [name, value] : plan->headers) res.set_header(name.c_str(), value);
        const bool simple = !plan->chunked && !plan->drop_after_pieces &&
                            plan->pieces.size() == 1 && plan->pieces.front().delay_ms == 0;
        if (!*slot_held && !plan->chunked) {  // nothing is sent before the answer anyway
          if (!TakeSlot()) return;
          *slot_held = true;
        }
        if (simple) {
          res.set_content(plan->pieces.front().bytes, plan->content_type.c_str());
          return;
        }
        // The plan is sent piece by piece from httplib's provider calls; returning false from a
        // provider makes httplib close the connection mid-body, which is how drops are made.
        auto next = std::make_shared<std::size_t>(0);
        const bool coalesce = options_.coalesce;
        auto send_next = [this, plan, next, token, slot_held, coalesce](httplib::DataSink& sink) {
          if (!*slot_held) {
            if (!TakeSlot()) return false;
            *slot_held = true;
          }
          if (*next >= plan->pieces.size()) {
            if (plan->drop_after_pieces) return false;
            if (plan->chunked) sink.done();
            return true;
          }
          const Piece& piece = plan->pieces[(*next)++];
          if (!Sleep(piece.delay_ms)) return false;
          if (coalesce) {
            std::string due = piece.bytes;
            while (*next < plan->pieces.size() && plan->pieces[*next].delay_ms == 0) {
              due += plan->pieces[(*next)++].bytes;
            }
            if (!sink.write(due.data(), due.size())) return false;
          } else if (!sink.write(piece.bytes.data(), piece.bytes.size())) {
            return false;
          }
          if (*next == plan->pieces.size() && plan->chunked && !plan->drop_after_pieces)
            sink.done();
          return true;
        };
        if (plan->chunked) {
          res.set_chunked_content_provider(
              plan->content_type.c_str(),
              [send_next](std::size_t, httplib::DataSink& sink) { return send_next(sink); });
        } else {
          res.set_content_provider(plan->content_length, plan->content_type.c_str(),
                                   [send_next](std::size_t, std::size_t, httplib::DataSink& sink) {
                                     return send_next(sink);
                                   });
        }
      });
}

}  // namespace r1::testing
