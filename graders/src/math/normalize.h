// Answer-level normal form, applied once after parsing.
//
//  - A degree mark on a whole answer or list item is dropped: "30^\circ" answers 30.
//  - \pm is expanded into its alternatives: "1 \pm \sqrt{19}" is the list of two values,
//    "x = \pm 2" the list of two relations (at most 16 alternatives; more stay unexpanded).
//  - Nested lists are flattened, duplicate items (same tree) merged, one-item lists unwrapped.
//  - Pairs inside a union are open intervals.
//  - "(\pm 2, 0)" is the list of points (2, 0), (-2, 0) (every sign reading, at most 16).
//  - A scalar times a matrix ("\frac12 \begin{pmatrix}...", "-M", "M/2") is the matrix of
//    the products.
// Normalize(Normalize(e)) is Normalize(e).
#pragma once

#include "math/expr.h"

namespace r1::graders::math {

Expr Normalize(Expr e);

}  // namespace r1::graders::math
