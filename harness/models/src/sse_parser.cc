// Incremental Server-Sent Events parser (see sse_parser.h).
#include "sse_parser.h"

#include <cstring>

namespace r1::models {
namespace {

// The next CR or LF at or after `pos`. string_view::find_first_of calls memchr over the set
// once per byte, which was a fifth of the harness's CPU on long streams; a byte loop still
// cost a quarter of the stream parsing. Servers end lines with LF, so memchr (vectorised)
// finds the LF and a second memchr checks the stretch before it for a CR.
std::size_t NextLineBreak(std::string_view bytes, std::size_t pos) {
  const char* begin = bytes.data() + pos;
  const std::size_t size = bytes.size() - pos;
  const auto* lf = static_cast<const char*>(std::memchr(begin, '\n', size));
  const std::size_t span = lf != nullptr ? static_cast<std::size_t>(lf - begin) : size;
  if (const auto* cr = static_cast<const char*>(std::memchr(begin, '\r', span))) {
    return pos + static_cast<std::size_t>(cr - begin);
  }
  return lf != nullptr ? pos + span : std::string_view::npos;
}

}  // namespace

bool SseParser::Feed(std::string_view bytes, const EventHandler& on_event) {
  std::size_t pos = 0;
  if (skip_lf_ && !bytes.empty()) {
    if (bytes.front() == '\n') pos = 1;
    skip_lf_ = false;
  }
  while (pos < bytes.size()) {
    const std::size_t end = NextLineBreak(bytes, pos);
    if (end == std::string_view::npos) {
      line_.append(bytes.substr(pos));
      return true;
    }
    const std::string_view piece = bytes.substr(pos, end - pos);
    pos = end + 1;
    if (bytes[end] == '\r') {
      if (pos < bytes.size()) {
        if (bytes[pos] == '\n') ++pos;
      } else {
        skip_lf_ = true;
      }
    }
    // A line that started in an earlier piece is completed in line_; otherwise the bytes are
    // used in place, which is the common case and copies nothing.
    bool keep_going;
    if (line_.empty()) {
      keep_going = ProcessLine(piece, on_event);
    } else {
      line_.append(piece);
      keep_going = ProcessLine(line_, on_event);
      line_.clear();
    }
    if (!keep_going) return false;
  }
  return true;
}

bool SseParser::ProcessLine(std::string_view line, const EventHandler& on_event) {
  if (line.empty()) {
    // A blank line ends the event; an event without data is not dispatched (the standard).
    bool keep_going = true;
    if (has_data_) keep_going = on_event(event_);
    event_.type.clear();
    event_.data.clear();
    has_data_ = false;
    return keep_going;
  }
  if (line.front() == ':') return true;  // comment, often a keep-alive ping

  std::string_view field = line;
  std::string_view value;
  if (const std::size_t colon = line.find(':'); colon != std::string_view::npos) {
    field = line.substr(0, colon);
    value = line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  }
  if (field == "data") {
    if (has_data_) event_.data.push_back('\n');
    event_.data.append(value);
    has_data_ = true;
  } else if (field == "event") {
    event_.type.assign(value);
  }
  return true;
}

}  // namespace r1::models
