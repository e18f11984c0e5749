// Answer-level normal form.
#include "math/normalize.h"

#include <algorithm>
#include <optional>
#include <vector>

namespace r1::graders::math {
namespace {

constexpr std::size_t kMaxAlternatives = 16;

bool ContainsPlusMinus(const Expr& e) {
  if (e.kind == Kind::kPlusMinus) return true;
  return std::any_of(e.args.begin(), e.args.end(), ContainsPlusMinus);
}

Expr Sum(Expr a, Expr b) {
  if (a.kind != Kind::kAdd) a = Expr::Node(Kind::kAdd, {std::move(a)});
  a.args.push_back(std::move(b));
  return a;
}

// Every reading of a scalar with \pm in it; an empty result means "too many".
std::vector<Expr> Alternatives(const Expr& e) {
  if (!ContainsPlusMinus(e)) return {e};
  std::vector<Expr> out;
  if (e.kind == Kind::kPlusMinus) {
    if (e.args.size() == 1) {
      for (auto& v : Alternatives(e.args[0])) {
        out.push_back(v);
        out.push_back(Expr::Node(Kind::kNeg, {std::move(v)}));
      }
    } else {
      auto lhs = Alternatives(e.args[0]);
      auto rhs = Alternatives(e.args[1]);
      if (lhs.size() * rhs.size() * 2 > kMaxAlternatives) return {};
      for (const auto& a : lhs) {
        for (const auto& b : rhs) {
          out.push_back(Sum(a, b));
          out.push_back(Sum(a, Expr::Node(Kind::kNeg, {b})));
        }
      }
    }
    return out.size() > kMaxAlternatives ? std::vector<Expr>{} : out;
  }
  // Cartesian product over the children.
  out.push_back(e);
  for (std::size_t i = 0; i < e.args.size(); ++i) {
    auto child = Alternatives(e.args[i]);
    if (child.empty() || out.size() * child.size() > kMaxAlternatives) return {};
    std::vector<Expr> next;
    for (const auto& partial : out) {
      for (const auto& c : child) {
        Expr copy = partial;
        copy.args[i] = c;
        next.push_back(std::move(copy));
      }
    }
    out = std::move(next);
  }
  return out;
}

void AddUnique(std::vector<Expr>& items, Expr e) {
  for (const auto& existing : items) {
    if (StructurallyEqual(existing, e)) return;
  }
  items.push_back(std::move(e));
}

Expr ListOf(std::vector<Expr> items) {
  if (items.size() == 1) return std::move(items[0]);
  return Expr::Node(Kind::kList, std::move(items));
}

bool HasContainer(const Expr& e) {
  if (!IsScalar(e.kind)) return true;
  return std::any_of(e.args.begin(), e.args.end(), HasContainer);
}

// "\frac12 \begin{pmatrix}3\\-1\end{pmatrix}", "-\begin{pmatrix}...\end{pmatrix}",
// "M / 2": a scalar times a matrix is the matrix of the products. Nothing else with a matrix
// inside arithmetic is evaluated (it stays a scalar tree and matches no matrix).
std::optional<Expr> ScaledMatrix(const Expr& e) {
  auto scale = [](Expr m, auto make) {
    for (auto& cell : m.args) cell = make(std::move(cell));
    return m;
  };
  if (e.kind == Kind::kNeg && e.args[0].kind == Kind::kMatrix) {
    return scale(e.args[0], [](Expr c) { return Expr::Node(Kind::kNeg, {std::move(c)}); });
  }
  if (e.kind == Kind::kDiv && e.args[0].kind == Kind::kMatrix && !HasContainer(e.args[1])) {
    const Expr& d = e.args[1];
    return scale(e.args[0], [&](Expr c) { return Expr::Node(Kind::kDiv, {std::move(c), d}); });
  }
  if (e.kind != Kind::kMul) return std::nullopt;
  int matrices = 0;
  std::size_t at = 0;
  for (std::size_t i = 0; i < e.args.size(); ++i) {
    if (e.args[i].kind == Kind::kMatrix) {
      ++matrices;
      at = i;
    } else if (HasContainer(e.args[i])) {
      return std::nullopt;
    }
  }
  if (matrices != 1) return std::nullopt;
  std::vector<Expr> factors;
  for (std::size_t i = 0; i < e.args.size(); ++i) {
    if (i != at) factors.push_back(e.args[i]);
  }
  return scale(e.args[at], [&](Expr c) {
    std::vector<Expr> product = factors;
    product.push_back(std::move(c));
    return Expr::Node(Kind::kMul, std::move(product));
  });
}

Expr NormalizeItem(Expr e) {
  if (e.kind == Kind::kNeg || e.kind == Kind::kMul || e.kind == Kind::kDiv) {
    for (auto& a : e.args) {
      if (a.kind == Kind::kNeg || a.kind == Kind::kMul || a.kind == Kind::kDiv) {
        if (auto m = ScaledMatrix(a)) a = std::move(*m);
      }
    }
    if (auto m = ScaledMatrix(e)) return NormalizeItem(std::move(*m));
  }
  switch (e.kind) {
    case Kind::kDegree:
      return NormalizeItem(std::move(e.args[0]));
    case Kind::kList:
    case Kind::kSet: {
      std::vector<Expr> items;
      for (auto& a : e.args) {
        Expr n = NormalizeItem(std::move(a));
        if (n.kind == Kind::kList) {
          for (auto& inner : n.args) AddUnique(items, std::move(inner));
        } else {
          AddUnique(items, std::move(n));
        }
      }
      if (e.kind == Kind::kList) return ListOf(std::move(items));
      e.args = std::move(items);
      return e;
    }
    case Kind::kUnion:
    case Kind::kSetOp:
      for (auto& a : e.args) {
        a = NormalizeItem(std::move(a));
        if (a.kind == Kind::kPair) a.kind = Kind::kInterval;
      }
      return e;
    case Kind::kRelation: {
      for (std::size_t i = 0; i + 1 < e.args.size(); ++i)
        e.args[i] = NormalizeItem(std::move(e.args[i]));
      auto last = Alternatives(e.args.back());
      if (last.size() <= 1) return e;
      std::vector<Expr> relations;
      for (auto& alt : last) {
        Expr copy = e;
        copy.args.back() = std::move(alt);
        AddUnique(relations, std::move(copy));
      }
      return ListOf(std::move(relations));
    }
    case Kind::kPair:
    case Kind::kTuple: {
      // "(\pm 2, 0)" is two points: every reading of the items, as a list of tuples.
      std::vector<Expr> points{e};
      for (std::size_t i = 0; i < e.args.size(); ++i) {
        if (!IsScalar(e.args[i].kind) || !ContainsPlusMinus(e.args[i])) continue;
        auto alts = Alternatives(e.args[i]);
        if (alts.empty() || alts.size() * points.size() > kMaxAlternatives) {
          points = {e};
          break;
        }
        std::vector<Expr> next;
        for (const auto& partial : points) {
          for (const auto& alt : alts) {
            Expr copy = partial;
            copy.args[i] = alt;
            next.push_back(std::move(copy));
          }
        }
        points = std::move(next);
      }
      if (points.size() > 1) {
        std::vector<Expr> items;
        for (auto& pt : points) AddUnique(items, NormalizeItem(std::move(pt)));
        return ListOf(std::move(items));
      }
      for (auto& a : e.args) a = NormalizeItem(std::move(a));
      return e;
    }
    case Kind::kInterval:
    case Kind::kMatrix:
      for (auto& a : e.args) a = NormalizeItem(std::move(a));
      return e;
    case Kind::kText:
    case Kind::kEmptySet:
      return e;
    default: {
      auto alts = Alternatives(e);
      if (alts.size() <= 1) return e;
      std::vector<Expr> items;
      for (auto& alt : alts) AddUnique(items, std::move(alt));
      return ListOf(std::move(items));
    }
  }
}

}  // namespace

Expr Normalize(Expr e) { return NormalizeItem(std::move(e)); }

}  // namespace r1::graders::math
