// Answer-level normal form.
#include "math/normalize.h"

#include <algorithm>
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

Expr NormalizeItem(Expr e) {
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
    case Kind::kTuple:
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
