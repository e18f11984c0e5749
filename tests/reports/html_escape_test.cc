// The central escaping helper.
#include <catch2/catch.hpp>

#include "r1/reports/html_escape.h"

using r1::reports::EscapeHtml;
using r1::reports::Utf8Prefix;
using r1::reports::ValidUtf8;

TEST_CASE("markup characters become entities", "[reports][html]") {
  CHECK(EscapeHtml("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;");
  CHECK(EscapeHtml("a & b") == "a &amp; b");
  CHECK(EscapeHtml("\"><img src=x onerror=alert(1)>") == "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
  CHECK(EscapeHtml("it's") == "it&#39;s");
  CHECK(EscapeHtml("&lt;") == "&amp;lt;");  // already-escaped text is escaped again, not trusted
  CHECK(EscapeHtml("</think>") == "&lt;/think&gt;");
}

TEST_CASE("text outside markup passes through - UTF-8 included", "[reports][html]") {
  CHECK(EscapeHtml("x^2 + y^2 = 25, 所以 θ = 45°") == "x^2 + y^2 = 25, 所以 θ = 45°");
  CHECK(EscapeHtml("line 1\nline 2\ttab\r") == "line 1\nline 2\ttab\r");
}

TEST_CASE("invalid UTF-8 and control characters cannot reach the page", "[reports][html]") {
  // A lone continuation byte, a truncated sequence, an overlong '<' and a surrogate.
  CHECK(EscapeHtml("a\x80z") == "a\xEF\xBF\xBDz");
  CHECK(EscapeHtml("\xE6\x89") == "\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(EscapeHtml("\xC0\xBCscript>") == "\xEF\xBF\xBD\xEF\xBF\xBDscript&gt;");
  CHECK(EscapeHtml("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(EscapeHtml(std::string("nul\0bell\x07 esc\x1B", 14)) == "nulbell esc");
  CHECK(ValidUtf8("ok\xFFok") == "ok\xEF\xBF\xBDok");
}

TEST_CASE("prefixes never split a UTF-8 sequence", "[reports][html]") {
  const std::string text = "ab所以";  // 2 + 3 + 3 bytes
  CHECK(Utf8Prefix(text, 3) == "ab");
  CHECK(Utf8Prefix(text, 5) == "ab所");
  CHECK(Utf8Prefix(text, 100) == text);
}
