// URLs as shown to people: what a user typed into --model may carry credentials
// (http://alice:pw@host/v1, ?api_key=...), and none of it may reach the store, a log or the
// terminal. Everything that prints or stores an endpoint goes through RedactUrl.
#pragma once

#include <string>
#include <string_view>

namespace r1 {

/// The URL without "user:password@" and with the values of secret-looking query parameters
/// (key, api_key, api-key, apikey, token, access_token, password, secret, sig, signature;
/// any case) replaced by "[redacted]". Text that is not a URL comes back unchanged.
std::string RedactUrl(std::string_view url);

/// True when the URL names a user or password ("user:pw@host").
bool UrlHasUserInfo(std::string_view url);

/// "http://" URL to a host other than localhost, 127.0.0.0/8 or ::1: whatever it carries
/// (a bearer key, a password) crosses the network unencrypted.
bool PlainHttpToRemoteHost(std::string_view url);

}  // namespace r1
