// libcurl's socket interface on epoll (see event_loop.h).
#include "event_loop.h"

#include <sys/epoll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <utility>

namespace r1::models {
namespace {

// Events taken from the kernel per epoll_wait; more ready sockets just wait for the next
// call, which does not sleep while any is ready. Small enough that the dispatcher, which ends a
// turn between calls, is not held for long by one wake-up (256 sockets took tens of ms at 512
// streams while the slots they freed stayed empty).
constexpr int kMaxEvents = 64;

// What curl_multi_assign stores for a socket already in the epoll set (any non-null value).
char kWatched;

}  // namespace

EventLoop::EventLoop(CurlMulti multi)
    : epoll_fd_(epoll_create1(EPOLL_CLOEXEC)), multi_(std::move(multi)) {
  if (multi_ == nullptr) return;
  curl_multi_setopt(multi_.get(), CURLMOPT_SOCKETFUNCTION, &EventLoop::OnSocket);
  curl_multi_setopt(multi_.get(), CURLMOPT_SOCKETDATA, this);
  curl_multi_setopt(multi_.get(), CURLMOPT_TIMERFUNCTION, &EventLoop::OnTimer);
  curl_multi_setopt(multi_.get(), CURLMOPT_TIMERDATA, this);
}

EventLoop::~EventLoop() {
  multi_.reset();  // closes cached connections, which still reports them to OnSocket
  if (epoll_fd_ >= 0) close(epoll_fd_);
}

int EventLoop::OnSocket(CURL*, curl_socket_t socket, int what, void* self, void* socket_data) {
  static_cast<EventLoop*>(self)->Watch(socket, what, socket_data);
  return 0;
}

int EventLoop::OnTimer(CURLM*, long timeout_ms, void* self) {
  // Only noted here: curl forbids calling curl_multi_socket_action from inside this callback.
  auto* loop = static_cast<EventLoop*>(self);
  loop->timer_due_ = timeout_ms < 0 ? Clock::time_point::max()
                                    : Clock::now() + std::chrono::milliseconds(timeout_ms);
  return 0;
}

void EventLoop::Watch(curl_socket_t socket, int what, void* socket_data) {
  if (what == CURL_POLL_REMOVE) {
    // The socket may already be closed (then the kernel dropped it from the set itself).
    (void)epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, socket, nullptr);
    return;
  }
  epoll_event event{};
  if (what == CURL_POLL_IN || what == CURL_POLL_INOUT) event.events |= EPOLLIN;
  if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT) event.events |= EPOLLOUT;
  event.data.fd = socket;
  // curl remembers per socket whether it is in the set; a descriptor number reused after a
  // close without REMOVE is covered by trying the other operation.
  const int first = socket_data != nullptr ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
  if (epoll_ctl(epoll_fd_, first, socket, &event) != 0) {
    const int second = errno == ENOENT ? EPOLL_CTL_ADD : errno == EEXIST ? EPOLL_CTL_MOD : -1;
    if (second < 0 || epoll_ctl(epoll_fd_, second, socket, &event) != 0) return;
  }
  if (socket_data == nullptr) curl_multi_assign(multi_.get(), socket, &kWatched);
}

int EventLoop::WaitMs(int max_wait_ms) const {
  if (max_wait_ms <= 0 || timer_due_ == Clock::time_point::max()) return std::max(0, max_wait_ms);
  const auto until = std::chrono::ceil<std::chrono::milliseconds>(timer_due_ - Clock::now());
  return static_cast<int>(std::clamp<std::int64_t>(until.count(), 0, max_wait_ms));
}

void EventLoop::Run(int max_wait_ms) {
  epoll_event events[kMaxEvents];
  const int ready = epoll_wait(epoll_fd_, events, kMaxEvents, WaitMs(max_wait_ms));
  int running = 0;
  for (int i = 0; i < ready; ++i) {
    int flags = 0;
    if (events[i].events & EPOLLIN) flags |= CURL_CSELECT_IN;
    if (events[i].events & EPOLLOUT) flags |= CURL_CSELECT_OUT;
    if (events[i].events & (EPOLLERR | EPOLLHUP)) flags |= CURL_CSELECT_ERR;
    // A socket closed by an earlier action in this loop is ignored by curl.
    curl_multi_socket_action(multi_.get(), events[i].data.fd, flags, &running);
  }
  if (timer_due_ <= Clock::now()) {
    timer_due_ = Clock::time_point::max();  // curl sets the next one from inside the call
    curl_multi_socket_action(multi_.get(), CURL_SOCKET_TIMEOUT, 0, &running);
  }
}

}  // namespace r1::models
