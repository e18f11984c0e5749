// Deterministic choice orders for multiple-choice suites, bit-compatible with OpenAI's
// simple-evals GPQA: `rng = random.Random(0)`, then one `rng.sample(range(4), 4)` per example of
// `examples * n_repeats`, in order. So the order of sample s of the question at position q (of N
// questions) is draw number s*N + q of that stream: samples 0..3 are exactly simple-evals' four
// repeats, and every (question, sample) pair gets its own draw (never one shared order, the bug
// that makes every gold answer the same letter).
#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <vector>

namespace r1::suites {

/// CPython's random.Random(seed) for 0 <= seed < 2^32: MT19937 seeded with init_by_array([seed])
/// and the getrandbits / _randbelow / sample algorithms of CPython 3.x.
class PythonRandom {
 public:
  explicit PythonRandom(std::uint32_t seed);
  std::uint32_t NextUint32();
  /// getrandbits(k) for 1 <= k <= 32.
  std::uint32_t GetRandBits(int k);
  /// _randbelow(n) for n >= 1 (rejection sampling on n.bit_length() bits).
  std::uint32_t RandBelow(std::uint32_t n);
  /// sample(range(n), n): a permutation of 0..n-1.
  std::vector<int> SamplePermutation(int n);

 private:
  void Twist();
  std::array<std::uint32_t, 624> mt_{};
  int index_ = 624;
};

/// The stream of permutations sample(range(n), n) drawn from Random(seed), cached as drawn.
/// Safe to call from several threads.
class ChoiceOrderStream {
 public:
  ChoiceOrderStream(std::uint32_t seed, int options);
  /// Permutation number `index` (0-based): element i is the original option shown at position i.
  std::vector<int> Draw(std::size_t index);

 private:
  std::mutex mu_;
  PythonRandom rng_;
  int options_;
  std::vector<std::vector<int>> drawn_;
};

}  // namespace r1::suites
