// `--model mock`: answers computed from the request alone, with no clock, randomness or
// network involved, so the same command always writes the same store.
#include "r1/models/mock_backend.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <deque>
#include <string>
#include <string_view>
#include <utility>

namespace r1::models {
namespace {

// FNV-1a: std::hash may differ between standard libraries, and answers must not.
class Fnv1a {
 public:
  Fnv1a& Add(std::string_view bytes) {
    for (unsigned char c : bytes) {
      hash_ ^= c;
      hash_ *= 0x100000001b3ULL;
    }
    return Add8(0xff);  // separator, so ("ab","c") and ("a","bc") differ
  }
  Fnv1a& Add(std::uint64_t value) {
    for (int i = 0; i < 8; ++i) Add8(static_cast<unsigned char>(value >> (8 * i)));
    return *this;
  }
  std::uint64_t value() const { return hash_; }

 private:
  Fnv1a& Add8(unsigned char byte) {
    hash_ ^= byte;
    hash_ *= 0x100000001b3ULL;
    return *this;
  }
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

// Share of samples that give the problem's favourite answer, in percent: enough agreement
// for majority voting (cons@k) to differ from pass@1, as with a real model.
constexpr std::uint64_t kFavouriteShare = 60;

std::string_view LastUserMessage(const Request& request) {
  for (auto it = request.messages.rbegin(); it != request.messages.rend(); ++it) {
    if (it->role == "user") return it->content;
  }
  return request.messages.empty() ? std::string_view() : request.messages.back().content;
}

std::int64_t TokensFor(std::size_t chars) { return static_cast<std::int64_t>(chars / 4 + 1); }

Completion MockCompletion(const Request& request) {
  const std::string_view question = LastUserMessage(request);
  const std::uint64_t problem = Fnv1a().Add(question).value();
  std::uint64_t temperature_bits = 0;
  static_assert(sizeof(temperature_bits) == sizeof(request.params.temperature));
  std::memcpy(&temperature_bits, &request.params.temperature, sizeof(temperature_bits));
  const std::uint64_t sample = Fnv1a()
                                   .Add(question)
                                   .Add(temperature_bits)
                                   .Add(static_cast<std::uint64_t>(request.sample_index))
                                   .value();

  // Greedy decoding (temperature 0) always gives the favourite, like a real model would.
  const std::uint64_t favourite = problem % 1000;
  const bool agrees = request.params.temperature <= 0 || sample % 100 < kFavouriteShare;
  const std::uint64_t answer = agrees ? favourite : (sample / 100) % 1000;

  const std::string reasoning =
      "Let me work through this problem step by step.\n"
      "The statement is " +
      std::to_string(question.size()) + " characters long; checking case " +
      std::to_string(sample % 97) + ".\nSo the answer is " + std::to_string(answer) + ".";
  Completion completion;
  completion.content = "<think>\n" + reasoning + "\n</think>\n\nThe answer is \\boxed{" +
                       std::to_string(answer) + "}.";
  completion.finish_reason = "stop";
  // Honour max_tokens the way a server does: cut the output and say "length".
  const std::size_t max_chars =
      static_cast<std::size_t>(std::max(request.params.max_tokens, 1)) * 4;
  if (completion.content.size() > max_chars) {
    completion.content.resize(max_chars);
    completion.finish_reason = "length";
  }
  completion.served_model = request.model.empty() ? "mock" : request.model;
  std::size_t prompt_chars = 0;
  for (const Message& message : request.messages) prompt_chars += message.content.size();
  completion.prompt_tokens = TokensFor(prompt_chars);
  completion.completion_tokens = TokensFor(completion.content.size());
  completion.reasoning_tokens = TokensFor(std::min(reasoning.size(), completion.content.size()));
  return completion;
}

class MockBackend final : public Backend {
 public:
  void Start(Request request, Callback done) override {
    const std::uint64_t tag = request.tag;
    pending_.push_back({tag, std::move(done), MockCompletion(request)});
  }

  void Poll(int /*timeout_ms*/) override {
    // Only what was started before this call: a callback that starts more work gets its
    // answer from the next Poll(), as with a real server.
    for (std::size_t n = pending_.size(); n > 0 && !pending_.empty(); --n) {
      Pending next = std::move(pending_.front());
      pending_.pop_front();
      if (next.done) next.done(next.tag, std::move(next.completion));
    }
  }

  std::size_t InFlight() const override { return pending_.size(); }
  void AbortAll() override { pending_.clear(); }
  std::string Describe() const override { return "mock (deterministic, no network)"; }

 private:
  struct Pending {
    std::uint64_t tag;
    Callback done;
    Completion completion;
  };
  std::deque<Pending> pending_;
};

}  // namespace

std::unique_ptr<Backend> MakeMockBackend() { return std::make_unique<MockBackend>(); }

}  // namespace r1::models
