// Owning wrappers for GMP rationals and MPFR reals, and a complex number over MPFR.
// Only what the evaluator needs; every operation is explicit about precision.
#pragma once

#include <gmp.h>
#include <mpfr.h>

#include <string>
#include <utility>

namespace r1::graders::math {

class Rational {
 public:
  Rational() { mpq_init(q_); }
  explicit Rational(long v) {
    mpq_init(q_);
    mpq_set_si(q_, v, 1);
  }
  Rational(const Rational& o) {
    mpq_init(q_);
    mpq_set(q_, o.q_);
  }
  Rational(Rational&& o) noexcept {
    mpq_init(q_);
    mpq_swap(q_, o.q_);
  }
  Rational& operator=(const Rational& o) {
    if (this != &o) mpq_set(q_, o.q_);
    return *this;
  }
  Rational& operator=(Rational&& o) noexcept {
    mpq_swap(q_, o.q_);
    return *this;
  }
  ~Rational() { mpq_clear(q_); }

  mpq_ptr get() { return q_; }
  mpq_srcptr get() const { return q_; }
  bool IsZero() const { return mpq_sgn(q_) == 0; }
  bool IsInteger() const { return mpz_cmp_ui(mpq_denref(q_), 1) == 0; }
  int Sign() const { return mpq_sgn(q_); }
  /// Bits in numerator plus denominator: the cost measure the budgets use.
  std::size_t Bits() const {
    return mpz_sizeinbase(mpq_numref(q_), 2) + mpz_sizeinbase(mpq_denref(q_), 2);
  }
  bool operator==(const Rational& o) const { return mpq_equal(q_, o.q_) != 0; }
  /// "p/q" or "p".
  std::string ToString() const;

 private:
  mpq_t q_;
};

class Real {
 public:
  explicit Real(mpfr_prec_t prec) {
    mpfr_init2(v_, prec);
    mpfr_set_zero(v_, 1);
  }
  Real(const Real& o) {
    mpfr_init2(v_, mpfr_get_prec(o.v_));
    mpfr_set(v_, o.v_, MPFR_RNDN);
  }
  Real(Real&& o) noexcept {
    mpfr_init2(v_, mpfr_get_prec(o.v_));
    mpfr_swap(v_, o.v_);
  }
  Real& operator=(const Real& o) {
    if (this != &o) {
      mpfr_set_prec(v_, mpfr_get_prec(o.v_));
      mpfr_set(v_, o.v_, MPFR_RNDN);
    }
    return *this;
  }
  Real& operator=(Real&& o) noexcept {
    mpfr_swap(v_, o.v_);
    return *this;
  }
  ~Real() { mpfr_clear(v_); }

  mpfr_ptr get() { return v_; }
  mpfr_srcptr get() const { return v_; }
  mpfr_prec_t prec() const { return mpfr_get_prec(v_); }
  bool IsZero() const { return mpfr_zero_p(v_) != 0; }

 private:
  mpfr_t v_;
};

struct Complex {
  explicit Complex(mpfr_prec_t prec) : re(prec), im(prec) {}
  Real re;
  Real im;
  bool IsReal() const { return im.IsZero(); }
  bool IsNan() const { return mpfr_nan_p(re.get()) || mpfr_nan_p(im.get()); }
  bool IsInf() const { return mpfr_inf_p(re.get()) || mpfr_inf_p(im.get()); }
};

// Complex arithmetic (results at the precision of `out`).
void CAdd(Complex& out, const Complex& a, const Complex& b);
void CSub(Complex& out, const Complex& a, const Complex& b);
void CMul(Complex& out, const Complex& a, const Complex& b);
/// False on division by zero.
bool CDiv(Complex& out, const Complex& a, const Complex& b);
void CAbs(Real& out, const Complex& a);
void CExp(Complex& out, const Complex& a);
/// Principal logarithm; false at zero.
bool CLog(Complex& out, const Complex& a);
void CSqrt(Complex& out, const Complex& a);
void CSin(Complex& out, const Complex& a);
void CCos(Complex& out, const Complex& a);
/// a^n by squaring.
void CPowInt(Complex& out, const Complex& a, long n);

}  // namespace r1::graders::math
