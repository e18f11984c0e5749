// The fake server's replies from one thread on epoll, the way uvicorn (vLLM, SGLang) serves,
// for the dispatch benchmark at many streams. httplib (FakeOpenAiServer) gives each connection
// a thread that, between requests on a kept-alive connection, wakes every 10 ms: with a
// thousand streams on two cores those threads take the CPU the client needs, and the slower
// the client reads, the more of them poll (issue 13, 1,024 streams). Here an idle connection
// costs nothing until it is readable.
//
// The response bodies and pauses of FakeOpenAiServer with --coalesce (PlanReply; the pieces due
// together go out in one write), GET /v1/models and extra pages. Not served: queue, outage,
// rate limit, API key, chunked request bodies and "Expect: 100-continue" (libcurl asks for it
// only above 1 MB of request).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "fake_openai_server.h"
#include "r1/core/error.h"

namespace r1::testing {

struct EventLoopServerOptions {
  int port = 0;  ///< 0 picks a free port on 127.0.0.1
  std::vector<std::string> models = {"fake-model"};
  std::map<std::string, std::string> pages;  ///< GET path -> JSON body
  int keep_alive_s = 5;  ///< an idle connection is closed after this long
};

/// Serves on the calling thread until `Stop` is called (from a signal handler, too).
class EventLoopServer {
 public:
  static Result<EventLoopServer> Listen(Script script, EventLoopServerOptions options);
  EventLoopServer(EventLoopServer&&) noexcept;
  EventLoopServer& operator=(EventLoopServer&&) = delete;
  ~EventLoopServer();

  int port() const { return port_; }
  std::string base_url() const;
  /// Runs until `Stop`; returns the number of chat requests taken.
  std::uint64_t Serve();
  /// Async-signal-safe: writes one byte to the wake-up pipe.
  void Stop() const;

 private:
  EventLoopServer(Script script, EventLoopServerOptions options, int listener, int port,
                  int wake_read, int wake_write);
  Script script_;
  EventLoopServerOptions options_;
  int listener_ = -1;
  int port_ = 0;
  int wake_read_ = -1;
  int wake_write_ = -1;
};

}  // namespace r1::testing
