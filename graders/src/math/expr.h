// The expression tree the parser builds and the equivalence engine reads.
//
// One node type covers scalars (numbers, symbols, arithmetic, functions) and the structures
// answers come in (tuples, sets, intervals, matrices, relations, text). Children are held by
// value; trees are small (the parser caps their size).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace r1::graders::math {

enum class Kind : std::uint8_t {
  // Scalars.
  kNumber,    ///< literal: text = digits with optional '.', repeat, exp10, base
  kSymbol,    ///< a variable; text = name ("x", "x_1", "theta", "f(x)")
  kConstant,  ///< text = "pi" | "e" | "i" | "inf"
  kAdd,       ///< sum of args
  kNeg,       ///< -args[0]
  kMul,       ///< product of args
  kDiv,       ///< args[0] / args[1]
  kPow,       ///< args[0] ^ args[1]
  kFunc,      ///< text = name; args = arguments (log: args[1] is the base; root: args[1] the index)
  kFactorial,  ///< args[0]!
  kBinom,      ///< C(args[0], args[1])
  kPlusMinus,  ///< args[0] ± args[1], or ±args[0] with one arg; expanded before evaluation
  kPercent,    ///< args[0] %
  kDegree,     ///< args[0] degrees
  // Structures.
  kPair,      ///< (a, b): an open interval or an ordered pair, decided against the other side
  kTuple,     ///< ordered: (a, b, c), \langle a, b \rangle
  kSet,       ///< \{ ... \}: order-free, duplicates merge
  kList,      ///< a bare "a, b, c" list (all solutions): order-free
  kInterval,  ///< args = {lo, hi}; lo_closed / hi_closed
  kUnion,     ///< union of intervals or sets
  kSetOp,     ///< text "cap" (intersection) or "setminus" (difference) of args[0] and args[1]
  kMatrix,    ///< rows x cols, row-major args
  kRelation,  ///< a chain args[0] ops[0] args[1] ops[1] ...
  kText,      ///< text = normalised words (lowercase letters and digits)
  kEmptySet,
};

enum class RelOp : std::uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };

struct Expr {
  Kind kind = Kind::kNumber;
  std::string text;
  std::vector<Expr> args;

  // kNumber.
  std::string repeat;  ///< repeating decimal digits (0.1\overline{6}: text "0.1", repeat "6")
  int exp10 = 0;       ///< scientific notation exponent
  int base = 0;        ///< 0: decimal written plainly; else the subscript base (1010_2)
  // kInterval.
  bool lo_closed = false;
  bool hi_closed = false;
  // kMatrix.
  int rows = 0;
  int cols = 0;
  // kRelation.
  std::vector<RelOp> ops;

  static Expr Leaf(Kind kind, std::string text) {
    Expr e;
    e.kind = kind;
    e.text = std::move(text);
    return e;
  }
  static Expr Node(Kind kind, std::vector<Expr> args, std::string text = {}) {
    Expr e;
    e.kind = kind;
    e.args = std::move(args);
    e.text = std::move(text);
    return e;
  }
  static Expr Integer(long long v) {
    if (v < 0) return Node(Kind::kNeg, {Integer(-v)});
    return Leaf(Kind::kNumber, std::to_string(v));
  }
};

bool IsScalar(Kind kind);
bool StructurallyEqual(const Expr& a, const Expr& b);

/// Plain-text rendering that the parser reads back to the same tree shape.
std::string Print(const Expr& e);

/// Number of nodes in the tree.
int CountNodes(const Expr& e);

}  // namespace r1::graders::math
