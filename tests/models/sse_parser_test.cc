#include "sse_parser.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace r1::models {
namespace {

std::vector<SseEvent> FeedPieces(const std::vector<std::string>& pieces) {
  SseParser parser;
  std::vector<SseEvent> events;
  for (const std::string& piece : pieces) {
    parser.Feed(piece, [&events](const SseEvent& event) {
      events.push_back(event);
      return true;
    });
  }
  return events;
}

// Every line-ending style, a comment, a multi-line event, a named event, an event without
// data and the closing [DONE].
const std::string kStream =
    ": keep-alive ping\n"
    "data: {\"a\":1}\r\n"
    "\r\n"
    "data: first line\r"
    "data:second line\r"
    "\r"
    "event: ping\n"
    "\n"
    "event: error\n"
    "data: {\"error\":{}}\n"
    "\n"
    "id: 7\n"
    "data\n"
    "\n"
    "data: [DONE]\n"
    "\n";

const std::vector<SseEvent> kEvents = {
    {"", "{\"a\":1}"}, {"", "first line\nsecond line"}, {"error", "{\"error\":{}}"}, {"", ""},
    {"", "[DONE]"},
};

}  // namespace

TEST_CASE("sse parser reads events with LF - CRLF and CR line ends - comments and multi-line data",
          "[models][sse]") {
  CHECK(FeedPieces({kStream}) == kEvents);
}

TEST_CASE("sse parser gives the same events wherever the stream is split in two", "[models][sse]") {
  for (std::size_t cut = 0; cut <= kStream.size(); ++cut) {
    INFO("cut at byte " << cut);
    CHECK(FeedPieces({kStream.substr(0, cut), kStream.substr(cut)}) == kEvents);
  }
}

TEST_CASE("sse parser gives the same events when fed one byte at a time", "[models][sse]") {
  std::vector<std::string> bytes;
  for (char c : kStream) bytes.emplace_back(1, c);
  CHECK(FeedPieces(bytes) == kEvents);
}

TEST_CASE("sse parser treats a CR and an LF arriving in separate pieces as one line end",
          "[models][sse]") {
  CHECK(FeedPieces({"data: x\r", "\n", "\r", "\n"}) == std::vector<SseEvent>{{"", "x"}});
  // A CR followed by another CR is a line end and then a blank line.
  CHECK(FeedPieces({"data: y\r", "\r"}) == std::vector<SseEvent>{{"", "y"}});
}

TEST_CASE("sse parser holds back an unfinished event and never dispatches it early",
          "[models][sse]") {
  SseParser parser;
  int events = 0;
  auto count = [&events](const SseEvent&) {
    ++events;
    return true;
  };
  CHECK_FALSE(parser.HasPartialEvent());
  parser.Feed("data: {\"cho", count);
  CHECK(parser.HasPartialEvent());
  parser.Feed("ices\":[]}\n", count);
  CHECK(parser.HasPartialEvent());
  CHECK(events == 0);
  parser.Feed("\n", count);
  CHECK(events == 1);
  CHECK_FALSE(parser.HasPartialEvent());
}

TEST_CASE("sse parser stops at the event whose handler returns false", "[models][sse]") {
  SseParser parser;
  std::vector<std::string> seen;
  const bool finished =
      parser.Feed("data: 1\n\ndata: 2\n\ndata: 3\n\n", [&seen](const SseEvent& e) {
        seen.push_back(e.data);
        return e.data != "2";
      });
  CHECK_FALSE(finished);
  CHECK(seen == std::vector<std::string>{"1", "2"});
}

TEST_CASE("sse parser keeps data bytes exactly - including colons and inner spaces",
          "[models][sse]") {
  CHECK(FeedPieces({"data:  two spaces: kept\n\n"}) ==
        std::vector<SseEvent>{{"", " two spaces: kept"}});
}

}  // namespace r1::models
