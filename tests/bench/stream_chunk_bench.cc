// CPU per streamed chat chunk for the one-pass scanner (ScanStreamChunk), on the shapes that
// make up a stream: vLLM's one-token deltas (content, and reasoning_content from its reasoning
// parser), llama.cpp's, and the 64-byte chunks of the dispatch benchmark's fake server. An
// R1-length answer is ~10,000-30,000 such chunks per sample, so this is most of the harness's
// own CPU per sample against a real server.
//
//   build-dir/tests/bench/r1_stream_chunk_bench [--seconds S]
//
// Thread CPU time, one core; each shape runs for S seconds (default 1).
#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "stream_chunk.h"

namespace {

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct Shape {
  const char* name;
  std::string json;
};

}  // namespace

int main(int argc, char** argv) {
  double seconds = 1.0;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) seconds = std::atof(argv[++i]);
  }
  const std::vector<Shape> shapes = {
      {"vLLM content token",
       R"({"id":"chatcmpl-8c6e0b2a1f8b4e3c9d7a5f1e2b3c4d5e","object":"chat.completion.chunk",)"
       R"("created":1733450000,"model":"deepseek-ai/DeepSeek-R1-Distill-Qwen-7B","choices":)"
       R"([{"index":0,"delta":{"content":" the"},"logprobs":null,"finish_reason":null}]})"},
      {"vLLM reasoning token",
       R"({"id":"chatcmpl-8c6e0b2a1f8b4e3c9d7a5f1e2b3c4d5e","object":"chat.completion.chunk",)"
       R"("created":1733450000,"model":"deepseek-ai/DeepSeek-R1-Distill-Qwen-7B","choices":)"
       R"([{"index":0,"delta":{"reasoning_content":" so"},"logprobs":null,"finish_reason":null}]})"},
      {"llama.cpp content token",
       R"({"choices":[{"finish_reason":null,"index":0,"delta":{"content":" \\frac"}}],)"
       R"("created":1733450000,"id":"chatcmpl-xyzXYZ0123456789abcdefABCDEF","model":"r1-7b-q4",)"
       R"("system_fingerprint":"b4500-0a1b2c3d","object":"chat.completion.chunk"})"},
      {"bench fake, 64 bytes",
       R"({"choices":[{"delta":{"content":")" + std::string(64, 'x') +
           R"("},"finish_reason":null,"index":0}],"created":1700000000,"id":"chatcmpl-fake-1234",)"
           R"("model":"fake-model","object":"chat.completion.chunk","system_fingerprint":"fake"})"},
  };
  std::printf("%-26s %8s %12s %10s\n", "chunk", "bytes", "ns/chunk", "MB/s");
  for (const Shape& shape : shapes) {
    r1::models::StreamChunk chunk;
    if (r1::models::ScanStreamChunk(shape.json, chunk) != r1::models::ChunkScan::kOk) {
      std::fprintf(stderr, "%s: the scanner rejected the chunk\n", shape.name);
      return 1;
    }
    long iterations = 0;
    std::size_t sink = 0;
    const double start = ThreadCpuSeconds();
    double now = start;
    while (now - start < seconds) {
      for (int i = 0; i < 10000; ++i) {
        r1::models::ScanStreamChunk(shape.json, chunk);
        sink += chunk.content ? chunk.content->size() : 0;
      }
      iterations += 10000;
      now = ThreadCpuSeconds();
    }
    const double ns = (now - start) / static_cast<double>(iterations) * 1e9;
    std::printf("%-26s %8zu %12.1f %10.1f\n", shape.name, shape.json.size(), ns,
                static_cast<double>(shape.json.size()) / ns * 1e3);
    if (sink == 42) std::puts("");  // keeps the loop from being optimized away
  }
  return 0;
}
