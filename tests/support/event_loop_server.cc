// One-thread epoll server for the dispatch benchmark; see event_loop_server.h.
#include "event_loop_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <queue>
#include <unordered_map>
#include <utility>

#include "fake_reply_plan.h"
#include "http1_wire.h"
#include "reply_plan_cache.h"

namespace r1::testing {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// A connection's state. A reply under way is a plan and the index of its next piece; the
// pieces due at once go out in one write, as FakeOpenAiServer does with --coalesce.
struct Connection {
  int fd = -1;
  std::uint64_t generation = 0;
  std::string in, out;
  std::unique_ptr<ReplyPlan> plan;
  bool head_sent = false;
  std::size_t next_piece = 0;
  bool piece_waited = false;  ///< the pause before pieces[next_piece] is over
  std::uint64_t reply_timer = 0;  ///< the one reply timer that may act; older ones are stale
  bool close_after = false;
  bool want_write = false;
  bool dead = false;  ///< closed; erased once no caller holds it (Reap)
  Clock::time_point idle_since = Clock::now();
};

// A reply timer (`reply` = the connection's reply_timer when it was set) advances the reply
// under way; an idle timer (reply = 0) closes a connection idle for the keep-alive time.
struct Timer {
  Clock::time_point due;
  int fd;
  std::uint64_t generation;
  std::uint64_t reply = 0;
  bool operator>(const Timer& other) const { return due > other.due; }
};

class Loop {
 public:
  Loop(const Script& script, const EventLoopServerOptions& options, int listener, int wake)
      : script_(script), options_(options), listener_(listener), wake_(wake) {}

  std::uint64_t Run() {
    epoll_ = epoll_create1(EPOLL_CLOEXEC);
    Watch(listener_, EPOLLIN);
    Watch(wake_, EPOLLIN);
    epoll_event events[256];
    for (;;) {
      const int n = epoll_wait(epoll_, events, 256, MillisToNextTimer());
      if (n < 0 && errno != EINTR) break;
      for (int i = 0; i < n; ++i) {
        const int fd = events[i].data.fd;
        if (fd == wake_) {
          for (auto& [_, connection] : connections_) ::close(connection.fd);
          ::close(epoll_);
          return chat_requests_;
        }
        if (fd == listener_) {
          Accept();
          continue;
        }
        auto it = connections_.find(fd);
        if (it == connections_.end()) continue;
        if (events[i].events & EPOLLOUT) Flush(it->second);
        if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) Read(it->second);
      }
      FireTimers();
      Reap();
    }
    ::close(epoll_);
    return chat_requests_;
  }

 private:
  void Watch(int fd, std::uint32_t events) {
    epoll_event event{};
    event.events = events;
    event.data.fd = fd;
    epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &event);
  }

  int MillisToNextTimer() const {
    if (timers_.empty()) return -1;
    const auto left = timers_.top().due - Clock::now();
    // Round up so a timer is never polled for before it is due.
    return static_cast<int>(std::max<std::int64_t>(
        0, std::chrono::ceil<std::chrono::milliseconds>(left).count()));
  }

  void Accept() {
    for (;;) {
      const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) return;
      Reap();  // the fd number may be a closed connection's, still in the map
      Connection& connection = connections_[fd];
      connection = Connection{};
      connection.fd = fd;
      connection.generation = ++generations_;
      Watch(fd, EPOLLIN);
      ArmIdle(connection);
    }
  }

  // Closes now; the entry goes at the next Reap, so callers up the stack keep a valid one.
  void Close(Connection& connection) {
    if (connection.dead) return;
    connection.dead = true;
    epoll_ctl(epoll_, EPOLL_CTL_DEL, connection.fd, nullptr);
    ::close(connection.fd);
    doomed_.push_back(connection.fd);
  }

  // Pending timers then find no connection, or a newer one on the same fd number.
  void Reap() {
    for (int fd : doomed_) {
      if (auto it = connections_.find(fd); it != connections_.end() && it->second.dead) {
        connections_.erase(it);
      }
    }
    doomed_.clear();
  }

  void ArmIdle(Connection& connection) {
    connection.idle_since = Clock::now();
    timers_.push({connection.idle_since + std::chrono::seconds(options_.keep_alive_s),
                  connection.fd, connection.generation});
  }

  void Read(Connection& connection) {
    if (connection.dead) return;
    char buffer[65536];
    for (;;) {
      const ssize_t got = ::read(connection.fd, buffer, sizeof buffer);
      if (got > 0) {
        connection.in.append(buffer, static_cast<std::size_t>(got));
        continue;
      }
      if (got < 0 && errno == EINTR) continue;
      if (got < 0 && errno == EAGAIN) break;
      Close(connection);  // end of stream or an error: the client is gone
      return;
    }
    Serve(connection);
  }

  // Starts the next request's reply if none is under way.
  void Serve(Connection& connection) {
    if (connection.dead || connection.plan != nullptr) return;
    auto request = http1::TakeRequest(connection.in);
    if (!request) return;
    connection.close_after = request->close;
    if (request->method.empty()) {
      connection.close_after = true;
      Answer(connection, 400, ErrorBody(400, "malformed request", "invalid_request_error"));
      return;
    }
    if (request->method == "POST" && request->path == "/v1/chat/completions") {
      const std::uint64_t sequence = ++chat_requests_;
      const json body = json::parse(request->body, nullptr, /*allow_exceptions=*/false);
      if (!body.is_object() || !body.contains("messages")) {
        Answer(connection, 400, ErrorBody(400, "'messages' is required", "invalid_request_error"));
        return;
      }
      connection.plan = std::make_unique<ReplyPlan>(plans_.Get(
          request->body, script_(body, sequence), body, sequence, options_.models.front()));
      connection.head_sent = false;
      connection.next_piece = 0;
      connection.piece_waited = false;
      Schedule(connection, connection.plan->delay_before_headers_ms);
      return;
    }
    if (request->method == "GET" && request->path == "/v1/models") {
      json data = json::array();
      for (const std::string& id : options_.models) {
        data.push_back({{"id", id}, {"object", "model"}, {"owned_by", "fake"}});
      }
      Answer(connection, 200, json({{"object", "list"}, {"data", std::move(data)}}).dump());
      return;
    }
    if (auto page = options_.pages.find(request->path);
        request->method == "GET" && page != options_.pages.end()) {
      Answer(connection, 200, page->second);
      return;
    }
    Answer(connection, 404, ErrorBody(404, "Not Found", "not_found_error"));
  }

  void Answer(Connection& connection, int status, const std::string& body) {
    Send(connection,
         http1::Head(status, "application/json", {}, body.size(), false, options_.keep_alive_s) +
             body);
    Finish(connection);
  }

  void Schedule(Connection& connection, int delay_ms) {
    timers_.push({Clock::now() + std::chrono::milliseconds(delay_ms), connection.fd,
                  connection.generation, ++reply_timers_});
    connection.reply_timer = reply_timers_;
  }

  void FireTimers() {
    const auto now = Clock::now();
    while (!timers_.empty() && timers_.top().due <= now) {
      const Timer timer = timers_.top();
      timers_.pop();
      auto it = connections_.find(timer.fd);
      if (it == connections_.end() || it->second.generation != timer.generation) continue;
      Connection& connection = it->second;
      if (connection.dead) continue;
      if (timer.reply != 0) {
        if (connection.plan != nullptr && timer.reply == connection.reply_timer) Advance(connection);
      } else if (connection.plan == nullptr && connection.in.empty() &&
                 now - connection.idle_since >= std::chrono::seconds(options_.keep_alive_s)) {
        Close(connection);
      }
    }
  }

  // Sends what is due of the reply under way and schedules the rest.
  void Advance(Connection& connection) {
    ReplyPlan& plan = *connection.plan;
    std::string due;
    if (!connection.head_sent) {
      connection.head_sent = true;
      due = http1::Head(plan.status, plan.content_type, plan.headers, plan.content_length,
                        plan.chunked, options_.keep_alive_s);
    }
    if (connection.next_piece < plan.pieces.size() && !connection.piece_waited &&
        plan.pieces[connection.next_piece].delay_ms > 0) {
      Send(connection, due);
      Schedule(connection, plan.pieces[connection.next_piece].delay_ms);
      connection.piece_waited = true;
      return;
    }
    connection.piece_waited = false;
    std::string body;
    if (connection.next_piece < plan.pieces.size()) {
      body = plan.pieces[connection.next_piece++].bytes;
      while (connection.next_piece < plan.pieces.size() &&
             plan.pieces[connection.next_piece].delay_ms == 0) {
        body += plan.pieces[connection.next_piece++].bytes;
      }
    }
    if (!body.empty()) due += plan.chunked ? http1::Chunk(body) : body;
    if (connection.next_piece < plan.pieces.size()) {
      Send(connection, due);
      Schedule(connection, plan.pieces[connection.next_piece].delay_ms);
      connection.piece_waited = true;
      return;
    }
    if (plan.drop_after_pieces) {
      Send(connection, due);
      Close(connection);
      return;
    }
    if (plan.chunked) due += "0\r\n\r\n";
    Send(connection, due);
    Finish(connection);
  }

  // Ends the reply under way: closes if asked, else waits for (or starts) the next request.
  void Finish(Connection& connection) {
    connection.plan.reset();
    if (connection.dead) return;
    if (connection.close_after) {
      Close(connection);
      return;
    }
    ArmIdle(connection);
    if (!connection.in.empty()) Serve(connection);
  }

  void Send(Connection& connection, const std::string& bytes) {
    connection.out += bytes;
    Flush(connection);
  }

  // Writes what the socket takes; the rest waits for EPOLLOUT. False if the connection closed.
  bool Flush(Connection& connection) {
    if (connection.dead) return false;
    while (!connection.out.empty()) {
      const ssize_t sent =
          ::send(connection.fd, connection.out.data(), connection.out.size(), MSG_NOSIGNAL);
      if (sent > 0) {
        connection.out.erase(0, static_cast<std::size_t>(sent));
        continue;
      }
      if (sent < 0 && errno == EINTR) continue;
      if (sent < 0 && errno == EAGAIN) break;
      Close(connection);
      return false;
    }
    const bool want_write = !connection.out.empty();
    if (want_write != connection.want_write) {
      connection.want_write = want_write;
      epoll_event event{};
      event.events = EPOLLIN | (want_write ? EPOLLOUT : 0u);
      event.data.fd = connection.fd;
      epoll_ctl(epoll_, EPOLL_CTL_MOD, connection.fd, &event);
    }
    return true;
  }

  const Script& script_;
  const EventLoopServerOptions& options_;
  int listener_, wake_, epoll_ = -1;
  std::unordered_map<int, Connection> connections_;
  std::vector<int> doomed_;
  ReplyPlanCache plans_;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;
  std::uint64_t generations_ = 0;
  std::uint64_t reply_timers_ = 0;
  std::uint64_t chat_requests_ = 0;
};

}  // namespace

Result<EventLoopServer> EventLoopServer::Listen(Script script, EventLoopServerOptions options) {
  if (options.models.empty()) options.models = {"fake-model"};
  const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (listener < 0) return Fail(ErrorCode::kInternal, std::string("socket: ") + strerror(errno));
  const int on = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(options.port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listener, 4096) != 0 ||
      ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    const std::string why = strerror(errno);
    ::close(listener);
    return Fail(ErrorCode::kInternal,
                "cannot listen on 127.0.0.1:" + std::to_string(options.port) + ": " + why);
  }
  int wake[2];
  if (::pipe2(wake, O_NONBLOCK | O_CLOEXEC) != 0) {
    ::close(listener);
    return Fail(ErrorCode::kInternal, std::string("pipe: ") + strerror(errno));
  }
  return EventLoopServer(std::move(script), std::move(options), listener, ntohs(address.sin_port),
                         wake[0], wake[1]);
}

EventLoopServer::EventLoopServer(Script script, EventLoopServerOptions options, int listener,
                                 int port, int wake_read, int wake_write)
    : script_(std::move(script)),
      options_(std::move(options)),
      listener_(listener),
      port_(port),
      wake_read_(wake_read),
      wake_write_(wake_write) {}

EventLoopServer::EventLoopServer(EventLoopServer&& other) noexcept
    : script_(std::move(other.script_)),
      options_(std::move(other.options_)),
      listener_(std::exchange(other.listener_, -1)),
      port_(other.port_),
      wake_read_(std::exchange(other.wake_read_, -1)),
      wake_write_(std::exchange(other.wake_write_, -1)) {}

EventLoopServer::~EventLoopServer() {
  for (int fd : {listener_, wake_read_, wake_write_}) {
    if (fd >= 0) ::close(fd);
  }
}

std::string EventLoopServer::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/v1";
}

std::uint64_t EventLoopServer::Serve() {
  return Loop(script_, options_, listener_, wake_read_).Run();
}

void EventLoopServer::Stop() const {
  const char byte = 0;
  [[maybe_unused]] const ssize_t ignored = ::write(wake_write_, &byte, 1);
}

}  // namespace r1::testing
