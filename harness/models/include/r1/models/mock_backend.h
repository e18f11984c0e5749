// `--model mock`: a deterministic in-process backend for demos and tests. No network, no
// clock, no randomness: an answer is a pure function of the last user message, the
// temperature and Request::sample_index, so reruns (and sharded runs) give identical stores.
//
// Each answer looks like a reasoning model's: "<think>\n...\n</think>\n\nThe answer is
// \boxed{N}." About 60% of the samples of one problem give the same N (all of them at
// temperature 0), so majority voting and pass@k behave as with a real model. Usage counts
// are about one token per four characters; output longer than max_tokens is cut and ends
// with finish_reason "length". Callbacks fire from Poll(), never from Start().
#pragma once

#include <memory>

#include "r1/core/backend.h"

namespace r1::models {

std::unique_ptr<Backend> MakeMockBackend();

}  // namespace r1::models
