// The benchmark's one-thread epoll fake server (tests/support/event_loop_server.h) must send
// what the threaded fake sends with --coalesce, or the benchmark would compare r1-eval and wrk
// on a different wire; and the backend must read it as it reads the threaded one.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <string>
#include <thread>

#include "backend_test_util.h"
#include "event_loop_server.h"

namespace r1::models::test {
namespace {

using testing::EventLoopServer;
using testing::Fault;
using testing::Reply;

int Connect(int port) {
  const int sock = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(sock >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  REQUIRE(::connect(sock, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  return sock;
}

void SendChat(int sock, const std::string& json_body, bool close) {
  const std::string request = std::string("POST /v1/chat/completions HTTP/1.1\r\n") +
                              "Host: 127.0.0.1\r\nContent-Type: application/json\r\n" +
                              (close ? "Connection: close\r\n" : "") +
                              "Content-Length: " + std::to_string(json_body.size()) +
                              "\r\n\r\n" + json_body;
  REQUIRE(::send(sock, request.data(), request.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(request.size()));
}

// One request on a fresh connection that asks to be closed; everything until the server
// closes (or the peer's cut), with the response head dropped.
std::string BodyOf(int port, const std::string& json_body) {
  const int sock = Connect(port);
  SendChat(sock, json_body, /*close=*/true);
  std::string response;
  char buffer[4096];
  for (ssize_t got; (got = ::read(sock, buffer, sizeof buffer)) > 0;) response.append(buffer, got);
  ::close(sock);
  const std::size_t head_end = response.find("\r\n\r\n");
  REQUIRE(head_end != std::string::npos);
  const std::string status_line = response.substr(0, response.find("\r\n"));
  return status_line.substr(status_line.find(' ')) + "|" + response.substr(head_end + 4);
}

struct Running {
  explicit Running(testing::Script script, testing::EventLoopServerOptions options = {}) {
    auto listening = EventLoopServer::Listen(std::move(script), std::move(options));
    REQUIRE(listening.has_value());
    server.emplace(std::move(*listening));
    thread = std::thread([this] { served = server->Serve(); });
  }
  ~Running() { Finish(); }
  /// Stops the server; the number of chat requests it took.
  std::uint64_t Finish() {
    if (thread.joinable()) {
      server->Stop();
      thread.join();
    }
    return served;
  }
  std::optional<EventLoopServer> server;
  std::thread thread;
  std::uint64_t served = 0;
};

}  // namespace

TEST_CASE("the event-loop fake server sends the threaded fake's bytes for streams - bodies and "
          "faults",
          "[models][fake-server]") {
  Reply stream;
  stream.content = "<think>" + std::string(300, 'x') + "</think> \\boxed{7}";
  stream.chunk_chars = 40;
  stream.latency_ms = 60;
  Reply stall = stream;
  stall.fault = Fault::kStall;
  stall.fault_ms = 80;
  Reply status = stream;
  status.fault = Fault::kStatus;
  status.status = 503;
  Reply drop = stream;
  drop.fault = Fault::kDropConnection;
  Reply error_event = stream;
  error_event.fault = Fault::kErrorEventInStream;
  const std::vector<std::pair<const char*, Reply>> cases = {
      {"stream", stream}, {"stall", stall}, {"status", status}, {"drop", drop},
      {"error event", error_event}};
  for (const bool streamed : {true, false}) {
    for (const auto& [name, reply] : cases) {
      INFO(name << (streamed ? " streamed" : " whole"));
      testing::FakeServerOptions threaded_options;
      threaded_options.coalesce = true;
      auto threaded = StartServer(Always(reply), threaded_options);
      Running event_loop(Always(reply));
      const std::string body =
          std::string(R"({"model":"fake-model","messages":[{"role":"user","content":"q"}],)") +
          (streamed ? R"("stream":true})" : R"("stream":false})");
      // Twice: the second reply is the first's plan again, with the second request's id.
      for (int round = 1; round <= 2; ++round) {
        INFO("request " << round);
        const std::string expected = BodyOf(threaded->port(), body);
        CHECK(expected.size() > 20);
        const auto start = std::chrono::steady_clock::now();
        CHECK(BodyOf(event_loop.server->port(), body) == expected);
        // The pauses are kept too: the reply's latency, and a stall's on top of it.
        const auto waited = std::chrono::steady_clock::now() - start;
        CHECK(waited >= std::chrono::milliseconds(
                            reply.latency_ms + (reply.fault == Fault::kStall ? reply.fault_ms : 0)));
      }
    }
  }
}

TEST_CASE("the backend reads 300 concurrent streams from the event-loop fake server",
          "[models][fake-server]") {
  Reply reply;
  reply.content = "<think>" + std::string(2000, 'y') + "</think> \\boxed{7}";
  reply.chunk_chars = 64;
  reply.latency_ms = 100;
  Running event_loop(Always(reply));
  EndpointOptions options;
  options.base_url = event_loop.server->base_url();
  auto backend = MakeBackend(options);
  std::vector<Request> requests;
  for (std::uint64_t i = 0; i < 300; ++i) requests.push_back(ChatRequest("q", true, i));
  auto done = RunAll(*backend, std::move(requests));
  REQUIRE(done.size() == 300);
  for (const auto& [tag, completion] : done) {
    INFO(tag << " " << (completion.error ? completion.error->message : ""));
    CHECK(completion.ok());
    CHECK(completion.content == reply.content);
  }
  CHECK(event_loop.Finish() == 300);
}

}  // namespace r1::models::test

namespace r1::models::test {

TEST_CASE("the event-loop fake server keeps a reply's pause on a connection that was idle "
          "before it",
          "[models][fake-server]") {
  // The first reply comes at once; the connection then idles 0.6 s, and the second reply's
  // 1 s pause spans the moment the idle connection would have been closed (keep-alive 1 s).
  testing::EventLoopServerOptions options;
  options.keep_alive_s = 1;
  Running event_loop(
      [](const nlohmann::json&, std::uint64_t sequence) {
        Reply reply;
        reply.latency_ms = sequence == 1 ? 0 : 1000;
        return reply;
      },
      options);
  const int sock = Connect(event_loop.server->port());
  const std::string body = R"({"model":"fake-model","messages":[{"role":"user","content":"q"}],"stream":true})";
  const auto read_reply = [sock] {
    std::string response;
    char buffer[4096];
    // Up to the end of the head, then up to the chunked body's last chunk.
    const auto complete = [&response] {
      const std::size_t head_end = response.find("\r\n\r\n");
      return head_end != std::string::npos &&
             response.find("\r\n0\r\n\r\n", head_end) != std::string::npos;
    };
    while (!complete()) {
      const ssize_t got = ::read(sock, buffer, sizeof buffer);
      REQUIRE(got > 0);
      response.append(buffer, static_cast<std::size_t>(got));
    }
    return response;
  };
  SendChat(sock, body, /*close=*/false);
  CHECK(read_reply().find("[DONE]") != std::string::npos);
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  const auto start = std::chrono::steady_clock::now();
  SendChat(sock, body, /*close=*/false);
  CHECK(read_reply().find("[DONE]") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(1000));
  ::close(sock);
  CHECK(event_loop.Finish() == 2);
}

}  // namespace r1::models::test
