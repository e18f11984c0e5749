// Answer-level normal form, applied once after parsing.
//
//  - A degree mark on a whole answer or list item is dropped: "30^\circ" answers 30.
//  - \pm is expanded into its alternatives: "1 \pm \sqrt{19}" is the list of two values,
//    "x = \pm 2" the list of two relations (at most 16 alternatives; more stay unexpanded).
//  - Nested lists are flattened, duplicate items (same tree) merged, one-item lists unwrapped.
//  - Pairs inside a union are open intervals.
// Normalize(Normalize(e)) is Normalize(e).
#pragma once

#include "math/expr.h"

namespace r1::graders::math {

Expr Normalize(Expr e);

}  // namespace r1::graders::math
