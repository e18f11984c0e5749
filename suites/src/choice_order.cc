// CPython-compatible Mersenne Twister and sampling; see choice_order.h. The algorithms follow
// CPython's Modules/_randommodule.c (init_by_array, genrand_uint32) and Lib/random.py
// (_randbelow_with_getrandbits, sample's pool branch).
#include "r1/suites/choice_order.h"

#include <bit>

namespace r1::suites {

PythonRandom::PythonRandom(std::uint32_t seed) {
  // init_genrand(19650218) then init_by_array(key = [seed]).
  mt_[0] = 19650218u;
  for (std::uint32_t i = 1; i < 624; ++i) {
    mt_[i] = 1812433253u * (mt_[i - 1] ^ (mt_[i - 1] >> 30)) + i;
  }
  const std::uint32_t key[1] = {seed};
  std::uint32_t i = 1, j = 0;
  for (int k = 624; k > 0; --k) {
    mt_[i] = (mt_[i] ^ ((mt_[i - 1] ^ (mt_[i - 1] >> 30)) * 1664525u)) + key[j] + j;
    ++i;
    ++j;
    if (i >= 624) {
      mt_[0] = mt_[623];
      i = 1;
    }
    if (j >= 1) j = 0;
  }
  for (int k = 623; k > 0; --k) {
    mt_[i] = (mt_[i] ^ ((mt_[i - 1] ^ (mt_[i - 1] >> 30)) * 1566083941u)) - i;
    ++i;
    if (i >= 624) {
      mt_[0] = mt_[623];
      i = 1;
    }
  }
  mt_[0] = 0x80000000u;
  index_ = 624;
}

void PythonRandom::Twist() {
  for (int k = 0; k < 624; ++k) {
    std::uint32_t y = (mt_[k] & 0x80000000u) | (mt_[(k + 1) % 624] & 0x7fffffffu);
    mt_[k] = mt_[(k + 397) % 624] ^ (y >> 1) ^ ((y & 1u) ? 0x9908b0dfu : 0u);
  }
  index_ = 0;
}

std::uint32_t PythonRandom::NextUint32() {
  if (index_ >= 624) Twist();
  std::uint32_t y = mt_[index_++];
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680u;
  y ^= (y << 15) & 0xefc60000u;
  y ^= y >> 18;
  return y;
}

std::uint32_t PythonRandom::GetRandBits(int k) { return NextUint32() >> (32 - k); }

std::uint32_t PythonRandom::RandBelow(std::uint32_t n) {
  // CPython uses n.bit_length(), not (n-1).bit_length(), so n = 4 draws 3 bits.
  int k = std::bit_width(n);
  std::uint32_t r = GetRandBits(k);
  while (r >= n) r = GetRandBits(k);
  return r;
}

std::vector<int> PythonRandom::SamplePermutation(int n) {
  std::vector<int> pool(n), out(n);
  for (int i = 0; i < n; ++i) pool[i] = i;
  for (int i = 0; i < n; ++i) {
    auto j = RandBelow(static_cast<std::uint32_t>(n - i));
    out[i] = pool[j];
    pool[j] = pool[n - i - 1];
  }
  return out;
}

ChoiceOrderStream::ChoiceOrderStream(std::uint32_t seed, int options)
    : rng_(seed), options_(options) {}

std::vector<int> ChoiceOrderStream::Draw(std::size_t index) {
  std::lock_guard lock(mu_);
  while (drawn_.size() <= index) drawn_.push_back(rng_.SamplePermutation(options_));
  return drawn_[index];
}

}  // namespace r1::suites
