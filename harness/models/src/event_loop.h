// libcurl's event-driven multi interface on an epoll set. curl_multi_perform/curl_multi_poll
// poll() every socket and walk every transfer on each wakeup, which costs O(transfers) per
// event and grows quadratically at a thousand concurrent streams. Here curl tells us, through
// CURLMOPT_SOCKETFUNCTION, which sockets to watch for what, and through
// CURLMOPT_TIMERFUNCTION, when it next needs a timeout run; the kernel reports only the
// sockets that are ready and curl_multi_socket_action works on just those transfers.
#pragma once

#include <curl/curl.h>

#include <chrono>

#include "curl_util.h"

namespace r1::models {

class EventLoop {
 public:
  using Clock = std::chrono::steady_clock;

  /// Owns `multi` from here on; the epoll set is made here. ok() is false when the kernel
  /// refused an epoll descriptor.
  explicit EventLoop(CurlMulti multi);
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  bool ok() const { return epoll_fd_ >= 0 && multi_ != nullptr; }
  CURLM* multi() const { return multi_.get(); }

  /// Sleeps until a watched socket is ready, curl's own timer is due, or `max_wait_ms` passed
  /// (0: only what is ready now), then lets curl act on exactly those. Finished transfers are
  /// then read with curl_multi_info_read(multi()).
  void Run(int max_wait_ms);

 private:
  static int OnSocket(CURL* easy, curl_socket_t socket, int what, void* self, void* socket_data);
  static int OnTimer(CURLM* multi, long timeout_ms, void* self);
  void Watch(curl_socket_t socket, int what, void* socket_data);
  int WaitMs(int max_wait_ms) const;

  int epoll_fd_ = -1;
  CurlMulti multi_;  // after epoll_fd_: curl_multi_cleanup still calls OnSocket
  // When curl wants curl_multi_socket_action(CURL_SOCKET_TIMEOUT); max() when it wants none.
  Clock::time_point timer_due_ = Clock::time_point::max();
};

}  // namespace r1::models
