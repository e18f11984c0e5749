// Public entry points of the math equivalence engine.
#include "r1/graders/math/equivalence.h"

#include <optional>

#include "math/canonical.h"
#include "math/compare.h"
#include "math/expr.h"
#include "math/normalize.h"
#include "math/parser.h"
#include "r1/graders/answer_extraction.h"

namespace r1::graders::math {

struct Answer::Impl {
  std::string text;
  std::optional<Expr> expr;  ///< the normal form; nullopt when the answer did not parse
  std::string error;
  std::string unparsed;  ///< NormaliseUnparsed(text), used when expr is nullopt
};

Answer Answer::Parse(std::string_view text, const Limits& limits) {
  auto impl = std::make_shared<Impl>();
  impl->text = std::string(text);
  // "\\dfrac{5}{2}", "96\\pi": an answer whose backslashes arrived doubled means the LaTeX.
  std::optional<std::string> unescaped = UnescapeDoubledBackslashes(text);
  if (unescaped) text = *unescaped;
  if (text.size() > limits.max_answer_bytes) {
    impl->error = "longer than " + std::to_string(limits.max_answer_bytes) + " bytes";
  } else {
    ParseLimits parse_limits{limits.max_tokens, limits.max_depth, limits.max_nodes};
    auto parsed = ParseMath(text, parse_limits);
    if (parsed) {
      impl->expr = Normalize(std::move(*parsed));
    } else {
      impl->error = parsed.error().message;
    }
  }
  if (!impl->expr) impl->unparsed = NormaliseUnparsed(text);
  Answer answer;
  answer.impl_ = std::move(impl);
  return answer;
}

const std::string& Answer::text() const { return impl_->text; }
bool Answer::parsed() const { return impl_->expr.has_value(); }
const std::string& Answer::error() const { return impl_->error; }

std::string Answer::Normalized() const {
  return impl_->expr ? Print(*impl_->expr) : impl_->unparsed;
}

namespace {

// "[set-algebra] the same set ..." -> "set-algebra".
std::string RuleOf(const std::string& reason) {
  if (!reason.starts_with("[")) return "";
  std::size_t close = reason.find(']');
  return close == std::string::npos ? "" : reason.substr(1, close - 1);
}

Verdict Make(bool equal, std::string reason) {
  Verdict v;
  v.equal = equal;
  v.rule = RuleOf(reason);
  v.reason = std::move(reason);
  return v;
}

}  // namespace

Verdict Compare(const Answer& gold, const Answer& pred, const Limits& limits) {
  const Answer::Impl& g = gold.impl();
  const Answer::Impl& p = pred.impl();
  if (!g.expr || !p.expr) {
    const Answer::Impl& bad = !g.expr ? g : p;
    bool same = gold.Normalized() == pred.Normalized() && !gold.Normalized().empty();
    return Make(same, std::string("[text-fallback] ") + (!g.expr ? "gold" : "answer") +
                          " did not parse (" + bad.error +
                          "); compared as text: " + (same ? "same" : "different"));
  }
  Comparer comparer(limits);
  Tri t = comparer.Equal(*g.expr, *p.expr);
  if (t != Tri::kUnknown) return Make(t == Tri::kYes, comparer.why());
  // Cannot tell (a budget was hit): fall back to the printed normal forms.
  bool same = Print(*g.expr) == Print(*p.expr);
  return Make(same, "[printed-forms] cannot tell (" + comparer.why() +
                        "); compared printed forms: " + (same ? "same" : "different"));
}

std::string CanonicalKey(const Answer& answer, const Limits& limits) {
  const Answer::Impl& impl = answer.impl();
  if (!impl.expr) return impl.unparsed;
  return KeyOf(*impl.expr, limits);
}

bool Equivalent(std::string_view gold, std::string_view pred, const Limits& limits) {
  return Compare(Answer::Parse(gold, limits), Answer::Parse(pred, limits), limits).equal;
}

}  // namespace r1::graders::math
