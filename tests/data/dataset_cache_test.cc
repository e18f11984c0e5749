// The dataset cache against a real loopback HTTP server: pinned downloads, hash checks, resume.
#include "r1/data/dataset_cache.h"

#include <httplib.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <thread>

#include "r1/core/sha256.h"
#include "support/temp_dir.h"

namespace fs = std::filesystem;
using r1::data::DataOptions;
using r1::data::EnsureSuiteDir;

namespace {

class FileServer {
 public:
  explicit FileServer(std::string body) : body_(std::move(body)) {
    server_.Get("/file.jsonl", [this](const httplib::Request& req, httplib::Response& res) {
      ++requests;
      if (req.has_header("Range")) ++range_requests;
      if (failures > 0) {  // an outage page, as a CDN or proxy sends it
        --failures;
        // httplib would cut this page to the requested range (a 416); real servers send it whole.
        const_cast<httplib::Request&>(req).ranges.clear();
        res.status = 503;
        res.set_content("<html><body>Service Unavailable</body></html>", "text/html");
        return;
      }
      res.set_content(body_, "application/octet-stream");  // httplib answers Range itself
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~FileServer() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/file.jsonl"; }
  std::atomic<int> requests{0};
  std::atomic<int> range_requests{0};
  std::atomic<int> failures{0};  ///< answer this many requests with a 503 page first

 private:
  std::string body_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

std::string Body() {
  std::string body;
  for (int i = 0; i < 2000; ++i) body += "{\"id\":" + std::to_string(i) + ",\"problem\":\"p\",\"answer\":\"1\"}\n";
  return body;
}

auto NoProgress = [](const std::string&, long long, long long) {};

}  // namespace

TEST_CASE("a pinned file is downloaded once - verified and then served from the cache", "[data]") {
  r1::testing::TempDir tmp;
  std::string body = Body();
  FileServer server(body);
  std::vector<r1::DataFile> files = {{"test.jsonl", server.url(), r1::Sha256Hex(body)}};
  DataOptions options{"", tmp / "cache", true};
  auto dir = EnsureSuiteDir("aime2024", files, options, NoProgress);
  REQUIRE(dir.has_value());
  CHECK(r1::testing::ReadFile(*dir + "/test.jsonl") == body);
  auto again = EnsureSuiteDir("aime2024", files, options, NoProgress);
  REQUIRE(again.has_value());
  CHECK(server.requests == 1);
}

TEST_CASE("a download whose hash differs from the pin is discarded", "[data]") {
  r1::testing::TempDir tmp;
  FileServer server(Body());
  std::vector<r1::DataFile> files = {{"test.jsonl", server.url(), std::string(64, '0')}};
  auto dir = EnsureSuiteDir("aime2024", files, DataOptions{"", tmp / "cache", true}, NoProgress);
  REQUIRE_FALSE(dir.has_value());
  CHECK(dir.error().code == r1::ErrorCode::kDataLoss);
  CHECK(dir.error().message.find("does not match the pin") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp / "cache/aime2024/test.jsonl"));
  CHECK_FALSE(fs::exists(tmp / "cache/aime2024/test.jsonl.part"));
}

TEST_CASE("an interrupted download resumes with a range request", "[data]") {
  r1::testing::TempDir tmp;
  std::string body = Body();
  FileServer server(body);
  tmp.Write("cache/aime2024/test.jsonl.part", body.substr(0, body.size() / 3));
  std::vector<r1::DataFile> files = {{"test.jsonl", server.url(), r1::Sha256Hex(body)}};
  auto dir = EnsureSuiteDir("aime2024", files, DataOptions{"", tmp / "cache", true}, NoProgress);
  REQUIRE(dir.has_value());
  CHECK(server.range_requests == 1);
  CHECK(r1::testing::ReadFile(*dir + "/test.jsonl") == body);
}

TEST_CASE("an error page never lands in the .part file", "[data]") {
  r1::testing::TempDir tmp;
  std::string body = Body();
  FileServer server(body);
  std::vector<r1::DataFile> files = {{"test.jsonl", server.url(), r1::Sha256Hex(body)}};
  const std::string part = tmp / "cache/aime2024/test.jsonl.part";
  SECTION("from the start") {
    server.failures = 1;
    auto failed =
        EnsureSuiteDir("aime2024", files, DataOptions{"", tmp / "cache", true}, NoProgress);
    REQUIRE_FALSE(failed.has_value());
    CHECK(failed.error().message.find("HTTP 503") != std::string::npos);
    CHECK(r1::testing::ReadFile(part).find("Service Unavailable") == std::string::npos);
  }
  SECTION("while resuming") {
    tmp.Write("cache/aime2024/test.jsonl.part", body.substr(0, body.size() / 3));
    server.failures = 1;
    auto failed =
        EnsureSuiteDir("aime2024", files, DataOptions{"", tmp / "cache", true}, NoProgress);
    REQUIRE_FALSE(failed.has_value());
    CHECK(r1::testing::ReadFile(part) == body.substr(0, body.size() / 3));
  }
  // What we saw: the page was saved and the next attempt resumed after it, so the file could
  // never match its pin again. Now the next attempt completes the real file.
  auto dir = EnsureSuiteDir("aime2024", files, DataOptions{"", tmp / "cache", true}, NoProgress);
  INFO((dir ? "" : dir.error().message));
  REQUIRE(dir.has_value());
  CHECK(r1::testing::ReadFile(*dir + "/test.jsonl") == body);
}

TEST_CASE("offline - the error lists exactly which files to put where", "[data]") {
  r1::testing::TempDir tmp;
  std::vector<r1::DataFile> files = {{"test.jsonl", "https://example.invalid/test.jsonl", "ab"}};
  auto dir = EnsureSuiteDir("aime2024", files, DataOptions{"", tmp / "cache", false}, NoProgress);
  REQUIRE_FALSE(dir.has_value());
  CHECK(dir.error().message.find("DIR/aime2024/") != std::string::npos);
  CHECK(dir.error().message.find("test.jsonl (from https://example.invalid/test.jsonl") !=
        std::string::npos);
}

TEST_CASE("a data dir DIR is read as DIR/<suite> and a missing folder is named", "[data]") {
  r1::testing::TempDir tmp;
  tmp.Write("offline/aime2024/test.jsonl", "{}");
  auto ok = EnsureSuiteDir("aime2024", {}, DataOptions{tmp / "offline", "", false}, NoProgress);
  REQUIRE(ok.has_value());
  CHECK(*ok == tmp / "offline/aime2024");
  auto missing = EnsureSuiteDir("aime2025", {}, DataOptions{tmp / "offline", "", false}, NoProgress);
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().code == r1::ErrorCode::kNotFound);
  CHECK(missing.error().message.find("aime2025") != std::string::npos);
}
