// How the backend classifies every way a server can fail (r1/core/backend.h): the error code
// decides whether the runner retries, backs off or gives up.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "backend_test_util.h"

namespace r1::models {
namespace {

using testing::Fault;
using testing::Reply;
using namespace test;
using Clock = std::chrono::steady_clock;

Reply Faulty(Fault fault) {
  Reply reply;
  reply.fault = fault;
  reply.content = "a reasonably long answer that is split into several chunks \\boxed{7}";
  return reply;
}

Error FailureOf(const Reply& reply, bool stream, EndpointOptions options = {}) {
  auto server = StartServer(Always(reply));
  options.base_url = server->base_url();
  auto backend = MakeBackend(options);
  Completion completion = RunOne(*backend, ChatRequest("q", stream));
  REQUIRE(completion.error.has_value());
  CHECK(completion.content.empty());
  return *completion.error;
}

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

TEST_CASE("a 429 is resource exhausted with the Retry-After seconds", "[models][openai][faults]") {
  auto stream = GENERATE(true, false);
  Reply reply = Faulty(Fault::kStatus);
  reply.status = 429;
  reply.retry_after = "7";
  auto server = StartServer(Always(reply));
  auto backend = MakeBackend(OptionsFor(*server));
  Completion completion = RunOne(*backend, ChatRequest("q", stream));
  REQUIRE(completion.error.has_value());
  CHECK(completion.error->code == ErrorCode::kResourceExhausted);
  CHECK(completion.retry_after_s == 7.0);
  CHECK(completion.error->message.find("rate limit exceeded") != std::string::npos);
}

TEST_CASE("a 429 with an HTTP-date Retry-After gives the seconds until then",
          "[models][openai][faults]") {
  Reply reply = Faulty(Fault::kStatus);
  reply.status = 429;
  reply.retry_after = "Sun, 06 Nov 1994 08:49:37 GMT";  // long past: retry at once
  auto server = StartServer(Always(reply));
  Completion completion = RunOne(*MakeBackend(OptionsFor(*server)), ChatRequest("q"));
  REQUIRE(completion.error.has_value());
  CHECK(completion.retry_after_s == 0.0);
}

TEST_CASE("a 5xx is unavailable and keeps a Retry-After", "[models][openai][faults]") {
  Reply reply = Faulty(Fault::kStatus);
  reply.status = 503;
  reply.retry_after = "3";
  auto server = StartServer(Always(reply));
  Completion completion = RunOne(*MakeBackend(OptionsFor(*server)), ChatRequest("q"));
  REQUIRE(completion.error.has_value());
  CHECK(completion.error->code == ErrorCode::kUnavailable);
  CHECK(completion.retry_after_s == 3.0);

  reply.status = 500;
  reply.retry_after.clear();
  CHECK(FailureOf(reply, true).code == ErrorCode::kUnavailable);
}

TEST_CASE("a 400 for a prompt over the context is rejected with the server's message",
          "[models][openai][faults]") {
  auto stream = GENERATE(true, false);
  Reply reply = Faulty(Fault::kStatus);
  reply.status = 400;
  // llama.cpp answers plain JSON even to a streaming request.
  reply.error_body =
      R"({"error":{"code":400,"message":"the request exceeds the available context size, try increasing it","type":"exceed_context_size_error","n_prompt_tokens":5000,"n_ctx":4096}})";
  const Error error = FailureOf(reply, stream);
  CHECK(error.code == ErrorCode::kRejected);
  CHECK(error.message.find("HTTP 400") != std::string::npos);
  CHECK(error.message.find("exceeds the available context size") != std::string::npos);
  CHECK(error.message.find("exceed_context_size_error") != std::string::npos);
}

TEST_CASE("a connection dropped mid-body is unavailable", "[models][openai][faults]") {
  auto stream = GENERATE(true, false);
  Reply reply = Faulty(Fault::kDropConnection);
  reply.chunk_chars = 4;
  CHECK(FailureOf(reply, stream).code == ErrorCode::kUnavailable);
}

TEST_CASE("a stream that ends without finish_reason or [DONE] is unavailable",
          "[models][openai][faults]") {
  const Error error = FailureOf(Faulty(Fault::kEndWithoutFinish), true);
  CHECK(error.code == ErrorCode::kUnavailable);
  CHECK(error.message.find("finish_reason") != std::string::npos);
}

TEST_CASE("an error event inside a 200 stream is unavailable with the server's message",
          "[models][openai][faults]") {
  const Error streamed = FailureOf(Faulty(Fault::kErrorEventInStream), true);
  CHECK(streamed.code == ErrorCode::kUnavailable);
  CHECK(streamed.message.find("invalid UTF-8 in output") != std::string::npos);
  // The same failure without streaming is an HTTP 500.
  CHECK(FailureOf(Faulty(Fault::kErrorEventInStream), false).code == ErrorCode::kUnavailable);
}

TEST_CASE("malformed JSON in a chunk or a body is data loss", "[models][openai][faults]") {
  auto stream = GENERATE(true, false);
  CHECK(FailureOf(Faulty(Fault::kTruncatedJson), stream).code == ErrorCode::kDataLoss);
}

TEST_CASE("an HTML page with status 200 is data loss", "[models][openai][faults]") {
  auto stream = GENERATE(true, false);
  const Error error = FailureOf(Faulty(Fault::kWrongContentType), stream);
  CHECK(error.code == ErrorCode::kDataLoss);
  CHECK(error.message.find("text/html") != std::string::npos);
}

TEST_CASE("a response over the size cap is data loss", "[models][openai][faults]") {
  auto stream = GENERATE(true, false);
  Reply reply = Faulty(Fault::kHugeResponse);
  reply.huge_bytes = std::size_t{2} << 20;
  EndpointOptions options;
  options.max_response_bytes = std::size_t{1} << 20;
  const Error error = FailureOf(reply, stream, options);
  CHECK(error.code == ErrorCode::kDataLoss);
  CHECK(error.message.find("too large") != std::string::npos);
}

TEST_CASE("a large response under the cap is read whole", "[models][openai][faults]") {
  Reply reply = Faulty(Fault::kHugeResponse);
  reply.huge_bytes = std::size_t{3} << 20;
  auto server = StartServer(Always(reply));
  Completion completion = RunOne(*MakeBackend(OptionsFor(*server)), ChatRequest("q"));
  REQUIRE(completion.ok());
  CHECK(completion.content.size() == reply.huge_bytes);
}

TEST_CASE("a stream that stalls longer than the idle timeout is deadline exceeded",
          "[models][openai][faults]") {
  Reply reply = Faulty(Fault::kStall);
  reply.fault_ms = 10000;
  EndpointOptions options;
  options.idle_timeout_s = 1;
  const auto start = Clock::now();
  const Error error = FailureOf(reply, true, options);
  CHECK(error.code == ErrorCode::kDeadlineExceeded);
  CHECK(error.message.find("idle") != std::string::npos);
  const double elapsed = Seconds(Clock::now() - start);
  CHECK(elapsed > 0.9);
  CHECK(elapsed < 3.0);
}

TEST_CASE("a stream that drips a byte every 300 ms outlives a 1 s idle timeout",
          "[models][openai][faults]") {
  Reply reply = Faulty(Fault::kSlowDrip);
  reply.fault_ms = 300;
  reply.drip_bytes = 6;  // 1.8 s in all: longer than the idle timeout, no gap as long
  auto server = StartServer(Always(reply));
  EndpointOptions options = OptionsFor(*server);
  options.idle_timeout_s = 1;
  Completion completion = RunOne(*MakeBackend(options), ChatRequest("q"));
  REQUIRE(completion.ok());
  CHECK(completion.content == reply.content);
  CHECK(completion.latency_s > 1.5);
}

TEST_CASE("a non-streamed answer may take longer than the idle timeout",
          "[models][openai][faults]") {
  Reply reply;
  reply.latency_ms = 1600;  // nothing at all arrives before the whole body
  auto server = StartServer(Always(reply));
  EndpointOptions options = OptionsFor(*server);
  options.idle_timeout_s = 1;
  Completion completion = RunOne(*MakeBackend(options), ChatRequest("q", /*stream=*/false));
  REQUIRE(completion.ok());
  CHECK(completion.latency_s > 1.5);
}

TEST_CASE("a refused attempt is held uncounted - and sent once when the server is back",
          "[models][openai][faults][outage]") {
  auto server = StartServer(Always(Reply{}));
  server->GoDown();
  auto backend = MakeBackend(OptionsFor(*server));
  CHECK(backend->Accepting());
  CHECK_FALSE(backend->UnavailableSince().has_value());
  auto done = std::make_shared<std::vector<Completion>>();
  backend->Start(ChatRequest("q"), [done](std::uint64_t, Completion c) { done->push_back(std::move(c)); });
  // The refusal is not an answer: nothing is reported, the endpoint is down and probed.
  const auto until = Clock::now() + std::chrono::milliseconds(1200);
  while (Clock::now() < until) backend->Poll(50);
  CHECK(done->empty());
  CHECK(backend->InFlight() == 1);
  CHECK_FALSE(backend->Accepting());
  REQUIRE(backend->UnavailableSince().has_value());
  CHECK(Seconds(Clock::now() - *backend->UnavailableSince()) > 0.9);

  REQUIRE(server->ComeBack().has_value());
  const auto deadline = Clock::now() + std::chrono::seconds(20);
  while (done->empty() && Clock::now() < deadline) backend->Poll(50);
  REQUIRE(done->size() == 1);
  CHECK(done->front().ok());
  CHECK(server->chat_requests() == 1);
  CHECK_FALSE(backend->UnavailableSince().has_value());
  CHECK(backend->Accepting());
}

TEST_CASE("an endpoint taken down by two 5xx is up again as soon as another stream sends bytes",
          "[models][openai][faults][outage]") {
  auto server = StartServer([](const nlohmann::json& request, std::uint64_t) {
    Reply reply;
    if (request["messages"].back()["content"] == "bad") {
      reply.fault = Fault::kStatus;
      reply.status = 500;
      return reply;
    }
    reply.content = std::string(40 * 16, 'x') + " \\boxed{1}";  // 40 chunks, 100 ms apart
    reply.chunk_interval_ms = 100;
    return reply;
  });
  auto backend = MakeBackend(OptionsFor(*server));
  auto done = std::make_shared<std::map<std::uint64_t, Completion>>();
  auto collect = [done](std::uint64_t tag, Completion c) { done->emplace(tag, std::move(c)); };
  backend->Start(ChatRequest("long", true, 0), collect);
  const auto first_bytes = Clock::now() + std::chrono::milliseconds(300);
  while (Clock::now() < first_bytes) backend->Poll(20);
  backend->Start(ChatRequest("bad", true, 1), collect);
  backend->Start(ChatRequest("bad", true, 2), collect);
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (done->size() < 2 && Clock::now() < deadline) backend->Poll(20);
  REQUIRE(done->size() == 2);  // the two 500s; the long stream goes on
  // Down on the two failures, then up again within a couple of chunks of the live stream,
  // long before the 0.5 s probe and without one.
  const auto seen = Clock::now();
  while (backend->UnavailableSince() && Clock::now() - seen < std::chrono::milliseconds(400)) {
    backend->Poll(20);
  }
  CHECK_FALSE(backend->UnavailableSince().has_value());
  CHECK(done->count(0) == 0);
  CHECK(server->chat_requests() == 3);
}

TEST_CASE("a connect that never completes is held after the connect timeout - not reported",
          "[models][openai][faults][outage]") {
  // A listener that never accepts, with its queue full: Linux drops further SYNs, so a
  // connect hangs as with a host that has vanished.
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
  REQUIRE(::listen(listener, 0) == 0);
  socklen_t length = sizeof(address);
  REQUIRE(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  std::vector<int> fillers;
  for (int i = 0; i < 3; ++i) {
    const int filler = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    ::connect(filler, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    fillers.push_back(filler);
  }

  EndpointOptions options;
  options.base_url = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/v1";
  options.connect_timeout_s = 1;
  auto backend = MakeBackend(options);
  const auto start = Clock::now();
  bool fired = false;
  backend->Start(ChatRequest("q"), [&fired](std::uint64_t, Completion) { fired = true; });
  while (!backend->UnavailableSince() && Clock::now() - start < std::chrono::seconds(5)) {
    backend->Poll(50);
  }
  const double elapsed = Seconds(Clock::now() - start);
  for (int fd : fillers) ::close(fd);
  ::close(listener);
  REQUIRE(backend->UnavailableSince().has_value());
  CHECK_FALSE(fired);
  CHECK(backend->InFlight() == 1);
  CHECK(elapsed > 0.9);
  CHECK(elapsed < 3.0);
}

TEST_CASE("a request queued at the server outlives the idle timeout - silent or after its headers",
          "[models][openai][faults][queue]") {
  // One slot, answers streamed over about 1.25 s with a chunk every 250 ms: the third request
  // waits 2.5 s for its first byte, past the 1 s idle timeout, and must neither time out nor
  // be sent twice. Current llama-server sends a queued request nothing at all; its builds of
  // early 2025 (b4700, tried here) send the status line and headers at once and the first
  // event only when a slot frees: the idle clock waits for the first body byte.
  const bool after_headers = GENERATE(false, true);
  INFO("queued after its headers: " << after_headers);
  Reply slow;
  slow.content = std::string(64, 'x') + " \\boxed{1}";
  slow.chunk_chars = 16;
  slow.chunk_interval_ms = 250;
  testing::FakeServerOptions queue;
  queue.slots = 1;
  queue.queue_after_headers = after_headers;
  auto server = StartServer(Always(slow), queue);
  EndpointOptions options = OptionsFor(*server);
  options.idle_timeout_s = 1;
  auto backend = MakeBackend(options);
  std::vector<Request> requests;
  for (std::uint64_t i = 0; i < 3; ++i) requests.push_back(ChatRequest("q" + std::to_string(i), true, i));
  auto done = RunAll(*backend, std::move(requests), std::chrono::seconds(30));
  REQUIRE(done.size() == 3);
  for (const auto& [tag, completion] : done) {
    INFO("tag " << tag << ": " << (completion.error ? completion.error->message : ""));
    CHECK(completion.ok());
  }
  CHECK(server->chat_requests() == 3);
  CHECK(server->max_queued() >= 1);
}

}  // namespace r1::models
