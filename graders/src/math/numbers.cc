// Complex arithmetic over MPFR and rational printing.
#include "math/numbers.h"

#include <cstdlib>
#include <memory>

namespace r1::graders::math {

std::string Rational::ToString() const {
  // mpq_get_str allocates with GMP's allocator; free it the same way.
  char* s = mpq_get_str(nullptr, 10, q_);
  std::string out(s);
  void (*free_fn)(void*, size_t);
  mp_get_memory_functions(nullptr, nullptr, &free_fn);
  free_fn(s, out.size() + 1);
  return out;
}

void CAdd(Complex& out, const Complex& a, const Complex& b) {
  mpfr_add(out.re.get(), a.re.get(), b.re.get(), MPFR_RNDN);
  mpfr_add(out.im.get(), a.im.get(), b.im.get(), MPFR_RNDN);
}

void CSub(Complex& out, const Complex& a, const Complex& b) {
  mpfr_sub(out.re.get(), a.re.get(), b.re.get(), MPFR_RNDN);
  mpfr_sub(out.im.get(), a.im.get(), b.im.get(), MPFR_RNDN);
}

void CMul(Complex& out, const Complex& a, const Complex& b) {
  if (a.IsReal() && b.IsReal()) {
    mpfr_mul(out.re.get(), a.re.get(), b.re.get(), MPFR_RNDN);
    mpfr_set_zero(out.im.get(), 1);
    return;
  }
  mpfr_prec_t p = out.re.prec();
  Real t1(p), t2(p), re(p);
  mpfr_mul(t1.get(), a.re.get(), b.re.get(), MPFR_RNDN);
  mpfr_mul(t2.get(), a.im.get(), b.im.get(), MPFR_RNDN);
  mpfr_sub(re.get(), t1.get(), t2.get(), MPFR_RNDN);
  mpfr_mul(t1.get(), a.re.get(), b.im.get(), MPFR_RNDN);
  mpfr_mul(t2.get(), a.im.get(), b.re.get(), MPFR_RNDN);
  mpfr_add(out.im.get(), t1.get(), t2.get(), MPFR_RNDN);
  mpfr_swap(out.re.get(), re.get());
}

bool CDiv(Complex& out, const Complex& a, const Complex& b) {
  if (b.re.IsZero() && b.im.IsZero()) return false;
  if (&out == &b) {  // the real path below writes out.re before reading b.re again
    Complex copy = b;
    return CDiv(out, a, copy);
  }
  if (b.IsReal()) {
    mpfr_div(out.re.get(), a.re.get(), b.re.get(), MPFR_RNDN);
    mpfr_div(out.im.get(), a.im.get(), b.re.get(), MPFR_RNDN);
    return true;
  }
  mpfr_prec_t p = out.re.prec();
  Real den(p), t1(p), t2(p), re(p);
  mpfr_sqr(t1.get(), b.re.get(), MPFR_RNDN);
  mpfr_sqr(t2.get(), b.im.get(), MPFR_RNDN);
  mpfr_add(den.get(), t1.get(), t2.get(), MPFR_RNDN);
  // (a.re*b.re + a.im*b.im) / den, (a.im*b.re - a.re*b.im) / den
  mpfr_mul(t1.get(), a.re.get(), b.re.get(), MPFR_RNDN);
  mpfr_mul(t2.get(), a.im.get(), b.im.get(), MPFR_RNDN);
  mpfr_add(re.get(), t1.get(), t2.get(), MPFR_RNDN);
  mpfr_div(re.get(), re.get(), den.get(), MPFR_RNDN);
  mpfr_mul(t1.get(), a.im.get(), b.re.get(), MPFR_RNDN);
  mpfr_mul(t2.get(), a.re.get(), b.im.get(), MPFR_RNDN);
  mpfr_sub(out.im.get(), t1.get(), t2.get(), MPFR_RNDN);
  mpfr_div(out.im.get(), out.im.get(), den.get(), MPFR_RNDN);
  mpfr_swap(out.re.get(), re.get());
  return true;
}

void CAbs(Real& out, const Complex& a) {
  if (a.IsReal()) {
    mpfr_abs(out.get(), a.re.get(), MPFR_RNDN);
    return;
  }
  mpfr_hypot(out.get(), a.re.get(), a.im.get(), MPFR_RNDN);
}

void CExp(Complex& out, const Complex& a) {
  if (a.IsReal()) {
    mpfr_exp(out.re.get(), a.re.get(), MPFR_RNDN);
    mpfr_set_zero(out.im.get(), 1);
    return;
  }
  mpfr_prec_t p = out.re.prec();
  Real mag(p), s(p), c(p);
  mpfr_exp(mag.get(), a.re.get(), MPFR_RNDN);
  mpfr_sin_cos(s.get(), c.get(), a.im.get(), MPFR_RNDN);
  mpfr_mul(out.re.get(), mag.get(), c.get(), MPFR_RNDN);
  mpfr_mul(out.im.get(), mag.get(), s.get(), MPFR_RNDN);
}

bool CLog(Complex& out, const Complex& a) {
  if (a.re.IsZero() && a.im.IsZero()) return false;
  if (a.IsReal() && mpfr_sgn(a.re.get()) > 0) {
    mpfr_log(out.re.get(), a.re.get(), MPFR_RNDN);
    mpfr_set_zero(out.im.get(), 1);
    return true;
  }
  mpfr_prec_t p = out.re.prec();
  Real mag(p), arg(p);
  mpfr_hypot(mag.get(), a.re.get(), a.im.get(), MPFR_RNDN);
  mpfr_atan2(arg.get(), a.im.get(), a.re.get(), MPFR_RNDN);
  mpfr_log(out.re.get(), mag.get(), MPFR_RNDN);
  mpfr_swap(out.im.get(), arg.get());
  return true;
}

void CSqrt(Complex& out, const Complex& a) {
  if (a.IsReal()) {
    if (mpfr_sgn(a.re.get()) >= 0) {
      mpfr_sqrt(out.re.get(), a.re.get(), MPFR_RNDN);
      mpfr_set_zero(out.im.get(), 1);
    } else {
      mpfr_neg(out.im.get(), a.re.get(), MPFR_RNDN);
      mpfr_sqrt(out.im.get(), out.im.get(), MPFR_RNDN);
      mpfr_set_zero(out.re.get(), 1);
    }
    return;
  }
  // Principal root: re = sqrt((|a| + a.re) / 2), im = sign(a.im) sqrt((|a| - a.re) / 2).
  mpfr_prec_t p = out.re.prec();
  Real r(p), t(p), im(p);
  mpfr_hypot(r.get(), a.re.get(), a.im.get(), MPFR_RNDN);
  mpfr_sub(t.get(), r.get(), a.re.get(), MPFR_RNDN);
  mpfr_div_2ui(t.get(), t.get(), 1, MPFR_RNDN);
  mpfr_sqrt(im.get(), t.get(), MPFR_RNDN);
  if (mpfr_sgn(a.im.get()) < 0) mpfr_neg(im.get(), im.get(), MPFR_RNDN);
  mpfr_add(t.get(), r.get(), a.re.get(), MPFR_RNDN);
  mpfr_div_2ui(t.get(), t.get(), 1, MPFR_RNDN);
  mpfr_sqrt(out.re.get(), t.get(), MPFR_RNDN);
  mpfr_swap(out.im.get(), im.get());
}

void CSin(Complex& out, const Complex& a) {
  if (a.IsReal()) {
    mpfr_sin(out.re.get(), a.re.get(), MPFR_RNDN);
    mpfr_set_zero(out.im.get(), 1);
    return;
  }
  // sin(x+iy) = sin x cosh y + i cos x sinh y
  mpfr_prec_t p = out.re.prec();
  Real s(p), c(p), sh(p), ch(p);
  mpfr_sin_cos(s.get(), c.get(), a.re.get(), MPFR_RNDN);
  mpfr_sinh_cosh(sh.get(), ch.get(), a.im.get(), MPFR_RNDN);
  mpfr_mul(out.re.get(), s.get(), ch.get(), MPFR_RNDN);
  mpfr_mul(out.im.get(), c.get(), sh.get(), MPFR_RNDN);
}

void CCos(Complex& out, const Complex& a) {
  if (a.IsReal()) {
    mpfr_cos(out.re.get(), a.re.get(), MPFR_RNDN);
    mpfr_set_zero(out.im.get(), 1);
    return;
  }
  // cos(x+iy) = cos x cosh y - i sin x sinh y
  mpfr_prec_t p = out.re.prec();
  Real s(p), c(p), sh(p), ch(p);
  mpfr_sin_cos(s.get(), c.get(), a.re.get(), MPFR_RNDN);
  mpfr_sinh_cosh(sh.get(), ch.get(), a.im.get(), MPFR_RNDN);
  mpfr_mul(out.re.get(), c.get(), ch.get(), MPFR_RNDN);
  mpfr_mul(out.im.get(), s.get(), sh.get(), MPFR_RNDN);
  mpfr_neg(out.im.get(), out.im.get(), MPFR_RNDN);
}

void CPowInt(Complex& out, const Complex& a, long n) {
  mpfr_prec_t p = out.re.prec();
  if (a.IsReal()) {
    mpfr_pow_si(out.re.get(), a.re.get(), n, MPFR_RNDN);
    mpfr_set_zero(out.im.get(), 1);
    return;
  }
  Complex result(p), base(p);
  mpfr_set_ui(result.re.get(), 1, MPFR_RNDN);
  base.re = a.re;
  base.im = a.im;
  unsigned long e = n < 0 ? -static_cast<unsigned long>(n) : static_cast<unsigned long>(n);
  while (e) {
    if (e & 1) CMul(result, result, base);
    e >>= 1;
    if (e) CMul(base, base, base);
  }
  if (n < 0) {
    Complex one(p);
    mpfr_set_ui(one.re.get(), 1, MPFR_RNDN);
    CDiv(result, one, result);
  }
  std::swap(out.re, result.re);
  std::swap(out.im, result.im);
}

}  // namespace r1::graders::math
