// Reading chat-completion responses: the chunks of a stream, a whole JSON body, and the error
// bodies servers send. Shapes follow what llama.cpp, vLLM and the DeepSeek API send (see
// docs/reference/servers.md); content is kept byte for byte, inline <think> included.
#pragma once

#include <string>
#include <string_view>

#include "r1/core/error.h"
#include "r1/core/types.h"
#include "stream_chunk.h"

namespace r1::models {

/// Builds one Completion from the `data:` payloads of a streamed response, in order.
class StreamAssembler {
 public:
  /// Consumes one payload. kUnavailable for an error event (`{"error":...}`, which servers
  /// send inside a 200 stream when generation fails), kDataLoss for a payload that is not a
  /// JSON object. Payloads after `[DONE]` are ignored.
  Status Add(std::string_view data);

  bool done() const { return done_; }  ///< `data: [DONE]` arrived
  bool finished() const { return !completion_.finish_reason.empty(); }
  Completion& completion() { return completion_; }

 private:
  void AddScanned(StreamChunk& chunk);

  Completion completion_;
  bool done_ = false;
};

/// A non-streaming response body. kDataLoss when it is not a chat completion, kUnavailable
/// when it carries an error object instead.
Result<Completion> ParseChatCompletion(std::string_view body);

/// A one-line description of an error body: `error.message` and `error.type` when it is JSON
/// in the OpenAI, llama.cpp or vLLM shape, else the text itself, shortened. Empty for an
/// empty body.
std::string ServerErrorMessage(std::string_view body);

}  // namespace r1::models
