// Compiler attack: thousands of constant evaluations, each under g++'s per-evaluation limits
// (-fconstexpr-ops-limit, and -fconstexpr-loop-limit per loop), together hours of compile time.
#include <utility>

constexpr unsigned long Spin(unsigned long seed) {
  unsigned long s = seed;
  for (unsigned long i = 0; i < 2000; ++i)
    for (unsigned long j = 0; j < 1500; ++j) s = s * 6364136223846793005UL + i + j;
  return s;
}

template <unsigned long... N>
constexpr unsigned long All(std::index_sequence<N...>) {
  return (0UL ^ ... ^ std::integral_constant<unsigned long, Spin(N)>::value);
}

constexpr unsigned long kValue = All(std::make_index_sequence<4096>{});
int main() { return static_cast<int>(kValue & 1); }
