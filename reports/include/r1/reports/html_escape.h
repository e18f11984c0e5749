// The one place where untrusted text (model output, problem statements, labels) becomes markup.
//
// Every renderer that writes HTML, SVG or XML passes text through EscapeHtml; nothing else in
// reports/ writes a '<' that did not come from a literal in the renderer itself.
#pragma once

#include <string>
#include <string_view>

namespace r1::reports {

/// Text that is safe as HTML/SVG element content and inside a double- or single-quoted
/// attribute value, and that is also valid XML 1.0 character data:
///  - & < > " ' become entities, so no tag, attribute or entity can start or end here;
///  - invalid UTF-8 becomes U+FFFD, so a browser cannot re-synchronise into markup;
///  - control characters other than tab, LF and CR are dropped (XML 1.0 forbids them).
/// It is not safe inside <script>, <style>, unquoted attributes or URLs: the renderers never
/// place untrusted text there.
std::string EscapeHtml(std::string_view text);

/// The same escaping; named for call sites that write XML (JUnit).
inline std::string EscapeXml(std::string_view text) { return EscapeHtml(text); }

/// `text` with invalid UTF-8 sequences replaced by U+FFFD and nothing else changed.
std::string ValidUtf8(std::string_view text);

/// Cuts `text` to at most `max_bytes` without splitting a UTF-8 sequence.
std::string_view Utf8Prefix(std::string_view text, std::size_t max_bytes);

}  // namespace r1::reports
