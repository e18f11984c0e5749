// One HTTP(S) GET into memory, for small API answers (the Codeforces API). Downloads of data
// files go through dataset_cache.h instead (resume, pins).
#pragma once

#include <cstddef>
#include <string>

#include "r1/core/error.h"

namespace r1::data {

struct HttpAnswer {
  long status = 0;
  std::string body;
};

/// GETs `url` (redirects followed). A transport failure or a body over `max_bytes` is
/// kUnavailable; any HTTP status is returned for the caller to judge.
Result<HttpAnswer> HttpGet(const std::string& url, long timeout_s = 120,
                           std::size_t max_bytes = std::size_t{512} << 20);

}  // namespace r1::data
