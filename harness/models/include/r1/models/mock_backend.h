// `--model mock`: a deterministic in-process backend for demos and tests. Answers are a pure
// function of the prompt and the attempt, so reruns give identical stores.
#pragma once

#include <memory>

#include "r1/core/backend.h"

namespace r1::models {

std::unique_ptr<Backend> MakeMockBackend();

}  // namespace r1::models
