// Compiler attack: cubically many distinct template instantiations (250^3), each within the
// instantiation-depth limit, so only the compile step's CPU or memory limit can end it.
template <int A, int B, int C>
struct Bomb {
  static constexpr unsigned long value = Bomb<A - 1, B, C>::value ^ Bomb<A, B - 1, C>::value ^ Bomb<A, B, C - 1>::value;
};
template <int B, int C> struct Bomb<0, B, C> { static constexpr unsigned long value = 1; };
template <int A, int C> struct Bomb<A, 0, C> { static constexpr unsigned long value = 2; };
template <int A, int B> struct Bomb<A, B, 0> { static constexpr unsigned long value = 3; };
template <int C> struct Bomb<0, 0, C> { static constexpr unsigned long value = 4; };
template <int B> struct Bomb<0, B, 0> { static constexpr unsigned long value = 5; };
template <int A> struct Bomb<A, 0, 0> { static constexpr unsigned long value = 6; };
template <> struct Bomb<0, 0, 0> { static constexpr unsigned long value = 7; };
unsigned long v = Bomb<250, 250, 250>::value;
int main() {}
