// Incremental parser for Server-Sent Events (the WHATWG "text/event-stream" format) as
// OpenAI-compatible servers stream chat completions. Bytes arrive in arbitrary pieces from the
// network; the parser keeps only the unfinished line and the event being built, so each byte
// is looked at once however the stream is split.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace r1::models {

struct SseEvent {
  std::string type;  ///< the `event:` field; empty for the default "message" type
  std::string data;  ///< `data:` lines joined with '\n'

  bool operator==(const SseEvent&) const = default;
};

class SseParser {
 public:
  /// Returns false to stop parsing; the rest of that Feed() call is dropped.
  using EventHandler = std::function<bool(const SseEvent& event)>;

  /// Parses `bytes`, calling `on_event` for every event completed by a blank line. Lines may
  /// end in LF, CRLF or CR, also when the CR and the LF arrive in different calls. Comment
  /// lines (starting with ':') and fields other than `data` and `event` are ignored.
  /// Returns false when `on_event` asked to stop.
  bool Feed(std::string_view bytes, const EventHandler& on_event);

  /// True when bytes of an unfinished line or event are held back (the stream was cut if it
  /// ends now; per the standard such an event is discarded, never dispatched).
  bool HasPartialEvent() const { return !line_.empty() || has_data_; }

 private:
  bool ProcessLine(std::string_view line, const EventHandler& on_event);

  std::string line_;  // the unfinished last line of what was fed so far
  SseEvent event_;    // the event being built
  bool has_data_ = false;
  bool skip_lf_ = false;  // the previous piece ended with CR: a leading LF belongs to it
};

}  // namespace r1::models
