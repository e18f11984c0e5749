// RedactUrl and the plain-http check (issue 12.5): what a --model URL may carry never shows.
#include "r1/core/url.h"

#include <catch2/catch.hpp>

using r1::PlainHttpToRemoteHost;
using r1::RedactUrl;
using r1::UrlHasUserInfo;

TEST_CASE("RedactUrl drops user and password and hides secret query values", "[core][url]") {
  CHECK(RedactUrl("http://alice:pw@host:8000/v1") == "http://host:8000/v1");
  CHECK(RedactUrl("https://token@host/v1/chat/completions") == "https://host/v1/chat/completions");
  CHECK(RedactUrl("http://a:b@c@host/v1") == "http://host/v1");  // the last @ ends the userinfo
  CHECK(RedactUrl("http://host/v1?api_key=sk-1&x=2") == "http://host/v1?api_key=[redacted]&x=2");
  CHECK(RedactUrl("http://host/v1?KEY=sk-1#frag") == "http://host/v1?KEY=[redacted]#frag");
  CHECK(RedactUrl("http://u:p@host?token=t&api-version=2024") ==
        "http://host?token=[redacted]&api-version=2024");
  // An @ in the path is not userinfo; plain text and URLs without secrets are unchanged.
  CHECK(RedactUrl("http://host/v1/@models") == "http://host/v1/@models");
  CHECK(RedactUrl("http://127.0.0.1:8000/v1") == "http://127.0.0.1:8000/v1");
  CHECK(RedactUrl("deepseek:deepseek-reasoner") == "deepseek:deepseek-reasoner");
  CHECK(UrlHasUserInfo("http://alice:pw@host/v1"));
  CHECK_FALSE(UrlHasUserInfo("http://host/v1/@x"));
}

TEST_CASE("plain http to a host that is not loopback is flagged", "[core][url]") {
  CHECK(PlainHttpToRemoteHost("http://10.0.0.5:8000/v1"));
  CHECK(PlainHttpToRemoteHost("HTTP://gpu-box:8000/v1"));
  CHECK(PlainHttpToRemoteHost("http://alice:pw@gpu-box/v1"));
  CHECK_FALSE(PlainHttpToRemoteHost("https://api.deepseek.com/v1"));
  CHECK_FALSE(PlainHttpToRemoteHost("http://127.0.0.1:8000/v1"));
  CHECK_FALSE(PlainHttpToRemoteHost("http://127.1.2.3/v1"));
  CHECK_FALSE(PlainHttpToRemoteHost("http://localhost:8000/v1"));
  CHECK_FALSE(PlainHttpToRemoteHost("http://[::1]:8000/v1"));
}
