// Subsets of the real line, for answers written with set operations: unions, intersections,
// differences, finite sets of numbers, intervals, and one-variable inequalities joined by
// "or". Each is reduced to sorted, disjoint pieces, so "[0, 2] \cup (2, 5)" and "[0, 5)" are
// the same set, and "(0, 16) \setminus \{4\}" is "(0, 4) \cup (4, 16)".
//
// Only answers whose endpoints are real numbers without variables are reduced; anything else
// (a set of pairs, a variable endpoint, a complex number) is not, and the caller decides
// without this rule.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "math/expr.h"
#include "math/numbers.h"

namespace r1::graders::math {

struct Piece {
  Expr lo_expr, hi_expr;  ///< endpoints as written (for keys and messages)
  Real lo, hi;            ///< their values; +-inf for unbounded ends
  bool lo_closed = false;
  bool hi_closed = false;
  Piece();
};

/// Sorted, disjoint, non-empty pieces (points are closed pieces with lo == hi).
using RealSet = std::vector<Piece>;

/// True for the answers this module is for: a union, \cap, \setminus, or a list of
/// inequalities in one variable.
bool UsesSetAlgebra(const Expr& e);

/// The set `e` describes, or nullopt when it is not a subset of the reals this can reduce.
std::optional<RealSet> ToRealSet(const Expr& e);

/// A piece that is one point.
bool IsPoint(const Piece& p);

/// Same pieces with the same ends.
bool SameRealSet(const RealSet& a, const RealSet& b);

/// The pieces printed as "[0,5)U{7}" with the endpoints' keys.
std::string RealSetText(const RealSet& s);

}  // namespace r1::graders::math
