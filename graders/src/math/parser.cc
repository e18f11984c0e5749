// Recursive-descent parser for math answers (grammar, loosest first):
//   list     := relation (sep relation)*            sep: , ; and or \text{and}
//   relation := union (relop union)*                relop: = < > \le \ge \ne (\in: the set)
//   union    := sum (\cup sum)*
//   sum      := term ((+ | - | \pm) term)*
//   term     := unary ((* | / | \cdot | \times | \div) unary | power)*     (juxtaposition)
//   unary    := (- | + | \pm) unary | power
//   power    := postfix (^ exponent)? postfix-ops
//   postfix  := primary (! | % | ° | _sub | unit)*
#include "math/parser.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "math/lexer.h"

namespace r1::graders::math {
namespace {

constexpr std::string_view kFunctions[] = {
    "sin",    "cos",    "tan",    "cot",  "sec",  "csc",  "arcsin", "arccos", "arctan",
    "arccot", "arcsec", "arccsc", "sinh", "cosh", "tanh", "log",    "ln",     "lg",
    "exp",    "gcd",    "lcm",    "max",  "min",  "abs",  "floor",  "ceil",   "sgn"};

constexpr std::string_view kGreek[] = {
    "alpha",    "beta",    "gamma", "delta",  "epsilon", "varepsilon", "zeta",  "eta",   "theta",
    "vartheta", "iota",    "kappa", "lambda", "mu",      "nu",         "xi",    "rho",   "sigma",
    "tau",      "upsilon", "phi",   "varphi", "chi",     "psi",        "omega", "Gamma", "Delta",
    "Theta",    "Lambda",  "Xi",    "Sigma",  "Phi",     "Psi",        "Omega"};

// Words that may follow a quantity as its unit. Single letters are left out: "5m" may be 5m.
constexpr std::string_view kUnitWords[] = {
    "cm",      "mm",     "km",     "in",       "inch",    "inches",  "ft",     "feet",   "foot",
    "yd",      "yard",   "yards",  "mi",       "mile",    "miles",   "mph",    "sec",    "second",
    "seconds", "min",    "minute", "minutes",  "hr",      "hrs",     "hour",   "hours",  "day",
    "days",    "week",   "weeks",  "month",    "months",  "year",    "years",  "degree", "degrees",
    "deg",     "cent",   "cents",  "dollar",   "dollars", "unit",    "units",  "sq",     "square",
    "cubic",   "meter",  "meters", "metre",    "metres",  "pound",   "pounds", "lb",     "lbs",
    "ounce",   "ounces", "oz",     "gallon",   "gallons", "liter",   "liters", "kg",     "grams",
    "people",  "ways",   "points", "students", "percent", "radians", "rad",    "mL",     "ml"};

// Words the plain-word check must not take for text.
constexpr std::string_view kMathWords[] = {"sin",   "cos",  "tan",    "cot",    "sec",      "csc",
                                           "log",   "ln",   "exp",    "sqrt",   "pi",       "inf",
                                           "infty", "and",  "or",     "abs",    "infinity", "sinh",
                                           "cosh",  "tanh", "arcsin", "arccos", "arctan"};

template <std::size_t N>
bool In(const std::string_view (&list)[N], std::string_view s) {
  return std::find(std::begin(list), std::end(list), s) != std::end(list);
}

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Lowercase letters and digits only: "\text{(C)}" and "c" compare equal as text.
std::string NormaliseText(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

// "Monday", "odd", "the east": words only, one of them at least three letters and not a math
// name. A whole answer like that is text, not a product of one-letter variables.
bool IsPlainWords(std::string_view s) {
  s = Trim(s);
  while (!s.empty() && s.back() == '.') s.remove_suffix(1);
  if (s.empty()) return false;
  bool long_word = false;
  std::size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (std::isalpha(static_cast<unsigned char>(c))) {
      std::size_t start = i;
      while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
      std::string_view word = s.substr(start, i - start);
      std::string lower = NormaliseText(word);
      if (word.size() >= 3 && !In(kMathWords, lower)) long_word = true;
      continue;
    }
    if (c != ' ' && c != '-' && c != '\'') return false;
    ++i;
  }
  return long_word;
}

std::optional<RelOp> RelOpOf(const Token& t) {
  if (t.type == Tok::kChar) {
    if (t.text == "=") return RelOp::kEq;
    if (t.text == "<") return RelOp::kLt;
    if (t.text == ">") return RelOp::kGt;
  }
  if (t.type == Tok::kCommand) {
    const std::string& n = t.text;
    if (n == "le" || n == "leq" || n == "leqslant" || n == "leqq") return RelOp::kLe;
    if (n == "ge" || n == "geq" || n == "geqslant" || n == "geqq") return RelOp::kGe;
    if (n == "ne" || n == "neq") return RelOp::kNe;
    if (n == "lt") return RelOp::kLt;
    if (n == "gt") return RelOp::kGt;
    if (n == "approx" || n == "eq") return RelOp::kEq;
  }
  return std::nullopt;
}

bool IsChar(const Token& t, std::string_view c) { return t.type == Tok::kChar && t.text == c; }
bool IsCmd(const Token& t, std::string_view c) { return t.type == Tok::kCommand && t.text == c; }

bool IsListGlueText(const Token& t) {
  if (t.type == Tok::kLetters) return t.text == "and" || t.text == "or";
  if (t.type != Tok::kText) return false;
  std::string n = NormaliseText(t.text);
  return n == "and" || n == "or" || n.empty();
}

bool IsFractionCommand(std::string_view n) {
  return n == "frac" || n == "dfrac" || n == "tfrac" || n == "cfrac";
}

// A literal integer as written: "12", not "1.5", "1e3" or "101_2".
bool IsIntegerLiteral(const Expr& e) {
  return e.kind == Kind::kNumber && IsDigits(e.text) && e.repeat.empty() && e.exp10 == 0 &&
         e.base == 0;
}

// Joins top-level thousands groups written with a plain comma or space: "58,500", "1 000".
void MergeThousandsGroups(std::vector<Token>& t) {
  int depth = 0;
  std::vector<Token> out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const Token& tok = t[i];
    if (IsChar(tok, "(") || IsChar(tok, "[") || IsChar(tok, "{") || IsCmd(tok, "{") ||
        IsCmd(tok, "langle") || tok.type == Tok::kBeginEnv) {
      ++depth;
    } else if (IsChar(tok, ")") || IsChar(tok, "]") || IsChar(tok, "}") || IsCmd(tok, "}") ||
               IsCmd(tok, "rangle") || tok.type == Tok::kEndEnv) {
      --depth;
    }
    bool previous_blocks = !out.empty() && (IsChar(out.back(), "^") || IsChar(out.back(), "_") ||
                                            IsChar(out.back(), "."));
    if (depth != 0 || tok.type != Tok::kNumber || !IsDigits(tok.text) || tok.text.size() > 3 ||
        previous_blocks) {
      out.push_back(tok);
      continue;
    }
    Token merged = tok;
    std::size_t j = i;
    for (;;) {
      auto three = [&](std::size_t k) {
        if (k >= t.size() || t[k].type != Tok::kNumber || t[k].exp10 != 0) return false;
        std::string_view s = t[k].text;
        std::size_t dot = s.find('.');
        return IsDigits(s.substr(0, dot)) && s.substr(0, dot).size() == 3;
      };
      if (j + 2 < t.size() && IsChar(t[j + 1], ",") && !t[j + 1].space_before && three(j + 2) &&
          !t[j + 2].space_before) {
        j += 2;
      } else if (j + 1 < t.size() && three(j + 1) && t[j + 1].space_before &&
                 merged.text.find('.') == std::string::npos) {
        j += 1;
      } else {
        break;
      }
      merged.text += t[j].text;
      merged.repeat = t[j].repeat;
      if (merged.text.find('.') != std::string::npos) break;
    }
    out.push_back(std::move(merged));
    i = j;
  }
  t = std::move(out);
}

class Parser {
 public:
  Parser(std::vector<Token> tokens, const ParseLimits& limits, bool plain, int depth)
      : t_(std::move(tokens)), limits_(limits), plain_(plain), depth_(depth) {
    end_.type = Tok::kEnd;
  }

  Result<Expr> ParseAnswer() {
    Expr e = ParseList();
    while (IsChar(Peek(), ".") || IsChar(Peek(), ",") || IsChar(Peek(), ";")) Advance();
    if (!failed_ && Peek().type != Tok::kEnd) Error("unexpected '" + Peek().text + "'");
    if (failed_) return Fail(ErrorCode::kInvalidArgument, error_);
    if (CountNodes(e) > limits_.max_nodes) {
      return Fail(ErrorCode::kInvalidArgument, "answer is too large");
    }
    return e;
  }

 private:
  // Guards recursion depth; every recursive entry point holds one.
  class Depth {
   public:
    explicit Depth(Parser& p) : p_(p) {
      if (++p_.depth_ > p_.limits_.max_depth) p_.Error("nesting too deep");
    }
    ~Depth() { --p_.depth_; }

   private:
    Parser& p_;
  };

  const Token& Peek(std::size_t k = 0) const { return pos_ + k < t_.size() ? t_[pos_ + k] : end_; }
  void Advance() {
    if (pos_ < t_.size()) ++pos_;
  }
  void Error(std::string message) {
    if (!failed_) error_ = std::move(message);
    failed_ = true;
    pos_ = t_.size();  // stop every loop
  }
  bool Expect(bool ok, std::string_view what) {
    if (!ok) {
      Error("expected " + std::string(what));
      return false;
    }
    Advance();
    return true;
  }

  Expr ParseList() {
    std::vector<Expr> items;
    items.push_back(ParseRelation());
    for (;;) {
      bool separated = false;
      while (!failed_ && (IsChar(Peek(), ",") || IsChar(Peek(), ";") || IsListGlueText(Peek()) ||
                          IsCmd(Peek(), "lor") || IsCmd(Peek(), "vee"))) {
        Advance();
        separated = true;
      }
      if (!separated || failed_ || AtCloser()) break;
      items.push_back(ParseRelation());
    }
    if (items.size() == 1) return std::move(items[0]);
    return Expr::Node(Kind::kList, std::move(items));
  }

  bool AtCloser() const {
    const Token& t = Peek();
    return t.type == Tok::kEnd || IsChar(t, ")") || IsChar(t, "]") || IsChar(t, "}") ||
           IsCmd(t, "}") || IsChar(t, ".");
  }

  Expr ParseRelation() {
    Depth guard(*this);
    Expr first = ParseUnion();
    if (IsCmd(Peek(), "in")) {  // "x \in [1, 2]" answers with the set
      Advance();
      return ParseUnion();
    }
    std::vector<Expr> args;
    std::vector<RelOp> ops;
    args.push_back(std::move(first));
    while (!failed_) {
      auto op = RelOpOf(Peek());
      if (!op) break;
      Advance();
      ops.push_back(*op);
      args.push_back(ParseUnion());
    }
    if (ops.empty()) return std::move(args[0]);
    Expr rel = Expr::Node(Kind::kRelation, std::move(args));
    rel.ops = std::move(ops);
    return rel;
  }

  static bool IsSetOperator(const Token& t) {
    return IsCmd(t, "cup") || IsCmd(t, "cap") || IsCmd(t, "setminus") ||
           IsCmd(t, "smallsetminus") || IsCmd(t, "backslash");
  }

  // Left to right: "A \cup B \setminus C" is (A \cup B) \setminus C.
  Expr ParseUnion() {
    Expr acc = ParseSum();
    while (!failed_ && IsSetOperator(Peek())) {
      bool cup = IsCmd(Peek(), "cup");
      bool cap = IsCmd(Peek(), "cap");
      Advance();
      Expr next = ParseSum();
      if (cup) {
        if (acc.kind != Kind::kUnion) acc = Expr::Node(Kind::kUnion, {std::move(acc)});
        acc.args.push_back(std::move(next));
      } else {
        acc = Expr::Node(Kind::kSetOp, {std::move(acc), std::move(next)}, cap ? "cap" : "setminus");
      }
    }
    return acc;
  }

  static void AppendTerm(Expr& acc, Expr term) {
    if (acc.kind != Kind::kAdd) acc = Expr::Node(Kind::kAdd, {std::move(acc)});
    acc.args.push_back(std::move(term));
  }

  Expr ParseSum() {
    Depth guard(*this);
    Expr acc = ParseTerm();
    while (!failed_) {
      const Token& t = Peek();
      if (IsChar(t, "+")) {
        Advance();
        AppendTerm(acc, ParseTerm());
      } else if (IsChar(t, "-")) {
        Advance();
        AppendTerm(acc, Expr::Node(Kind::kNeg, {ParseTerm()}));
      } else if (IsCmd(t, "pm") || IsCmd(t, "mp")) {
        Advance();
        acc = Expr::Node(Kind::kPlusMinus, {std::move(acc), ParseTerm()});
      } else {
        break;
      }
    }
    return acc;
  }

  bool StartsFunction(const Token& t) const {
    if (t.type == Tok::kCommand) return In(kFunctions, t.text) || t.text == "sqrt";
    if (t.type == Tok::kLetters) return In(kFunctions, t.text) || t.text == "sqrt";
    return false;
  }

  // Tokens that can start a factor written by juxtaposition ("2x", "3\sqrt2", "(a)(b)").
  bool StartsImplicitFactor(const Token& t) const {
    switch (t.type) {
      case Tok::kNumber:
      case Tok::kBeginEnv:
        return true;
      case Tok::kLetters:
        return !IsListGlueText(t);
      case Tok::kText:
        return !IsListGlueText(t);
      case Tok::kChar:
        // "3|x - 1|": a bar opens an absolute value unless one is open (then it closes it).
        return t.text == "(" || t.text == "{" || (t.text == "|" && abs_depth_ == 0);
      case Tok::kCommand: {
        const std::string& n = t.text;
        return IsFractionCommand(n) || n == "sqrt" || n == "pi" || n == "infty" || n == "binom" ||
               n == "dbinom" || n == "tbinom" || n == "{" || n == "langle" || n == "lfloor" ||
               n == "lceil" || In(kFunctions, n) || In(kGreek, n) || n == "imath" || n == "lvert";
      }
      default:
        return false;
    }
  }

  static void AppendFactor(Expr& acc, Expr factor) {
    if (acc.kind != Kind::kMul) acc = Expr::Node(Kind::kMul, {std::move(acc)});
    acc.args.push_back(std::move(factor));
  }

  // "2\frac12" and "-2\frac12": a mixed number when the fraction is proper.
  bool IsMixedNumber(const Expr& whole, const Expr& frac) const {
    const Expr* w = whole.kind == Kind::kNeg ? &whole.args[0] : &whole;
    if (!IsIntegerLiteral(*w) || !last_was_literal_fraction_) return false;
    if (frac.kind != Kind::kDiv) return false;
    const Expr& n = frac.args[0];
    const Expr& d = frac.args[1];
    if (!IsIntegerLiteral(n) || !IsIntegerLiteral(d) || n.text.size() > 9 || d.text.size() > 9) {
      return false;
    }
    return std::stoll(n.text) < std::stoll(d.text);
  }

  static Expr MixedNumber(Expr whole, Expr frac) {
    if (whole.kind == Kind::kNeg) {
      return Expr::Node(Kind::kNeg,
                        {Expr::Node(Kind::kAdd, {std::move(whole.args[0]), std::move(frac)})});
    }
    return Expr::Node(Kind::kAdd, {std::move(whole), std::move(frac)});
  }

  bool PlainMixedNumberAhead(const Expr& acc) const {
    if (!plain_) return false;
    const Expr* w = acc.kind == Kind::kNeg ? &acc.args[0] : &acc;
    if (!IsIntegerLiteral(*w)) return false;
    const Token& n = Peek();
    const Token& d = Peek(2);
    auto integer = [](const Token& t) {
      return t.type == Tok::kNumber && IsDigits(t.text) && t.exp10 == 0 && t.text.size() <= 9;
    };
    if (!integer(n) || !n.space_before || !IsChar(Peek(1), "/") || Peek(1).space_before ||
        !integer(d) || d.space_before) {
      return false;
    }
    const Token& after = Peek(3);
    if (after.type == Tok::kNumber ||
        (after.type == Tok::kLetters && !In(kUnitWords, after.text)) || IsChar(after, "(") ||
        IsChar(after, "/") || IsChar(after, ".")) {
      return false;
    }
    return std::stoll(n.text) < std::stoll(d.text) && std::stoll(n.text) > 0;
  }

  Expr ParseTerm() {
    Depth guard(*this);
    Expr acc = ParseUnary();
    bool only_literal = true;  // acc is still the first factor as written
    while (!failed_) {
      const Token& t = Peek();
      if (IsChar(t, "*") || IsCmd(t, "cdot") || IsCmd(t, "times") || IsCmd(t, "ast")) {
        Advance();
        AppendFactor(acc, ParseUnary());
      } else if (IsChar(t, "/") || IsCmd(t, "div") || IsCmd(t, "over")) {
        Advance();
        acc = Expr::Node(Kind::kDiv, {std::move(acc), ParseUnary()});
      } else if (only_literal && PlainMixedNumberAhead(acc)) {
        // "41 1/2": a whole number, a space, then a proper fraction of integer literals.
        Expr n = Expr::Leaf(Kind::kNumber, Peek().text);
        Expr d = Expr::Leaf(Kind::kNumber, Peek(2).text);
        pos_ += 3;
        Expr mixed =
            MixedNumber(std::move(acc), Expr::Node(Kind::kDiv, {std::move(n), std::move(d)}));
        mixed = ParsePostfix(std::move(mixed));
        while (!failed_ && IsChar(Peek(), "^")) {
          Advance();
          mixed = ParsePostfix(ApplyExponent(std::move(mixed)));
        }
        acc = std::move(mixed);
      } else if (StartsImplicitFactor(t)) {
        last_was_literal_fraction_ = false;
        Expr factor = ParsePower();
        // "2\frac12\%" and "3\frac14^\circ": the mark applies to the whole mixed number.
        bool marked = factor.kind == Kind::kPercent || factor.kind == Kind::kDegree;
        if (only_literal && marked && IsMixedNumber(acc, factor.args[0])) {
          Kind mark = factor.kind;
          acc = Expr::Node(mark, {MixedNumber(std::move(acc), std::move(factor.args[0]))});
        } else if (only_literal && IsMixedNumber(acc, factor)) {
          acc = MixedNumber(std::move(acc), std::move(factor));
        } else {
          AppendFactor(acc, std::move(factor));
        }
      } else {
        break;
      }
      only_literal = false;
    }
    return acc;
  }

  Expr ParseUnary() {
    Depth guard(*this);
    const Token& t = Peek();
    if (IsChar(t, "-")) {
      Advance();
      return Expr::Node(Kind::kNeg, {ParseUnary()});
    }
    if (IsChar(t, "+")) {
      Advance();
      return ParseUnary();
    }
    if (IsCmd(t, "pm") || IsCmd(t, "mp")) {
      Advance();
      return Expr::Node(Kind::kPlusMinus, {ParseUnary()});
    }
    return ParsePower();
  }

  static bool IsOrdinal(std::string_view s) {
    std::string n = NormaliseText(s);
    return n == "th" || n == "st" || n == "nd" || n == "rd";
  }

  // What follows '^': an exponent, a degree mark or an ordinal suffix (dropped).
  Expr ApplyExponent(Expr base) {
    const Token& t = Peek();
    if (IsCmd(t, "circ")) {
      Advance();
      return Expr::Node(Kind::kDegree, {std::move(base)});
    }
    if (t.type == Tok::kText && IsOrdinal(t.text)) {
      Advance();
      return base;
    }
    if (IsChar(t, "{")) {
      const Token& inner = Peek(1);
      if (IsCmd(inner, "circ") && IsChar(Peek(2), "}")) {
        pos_ += 3;
        return Expr::Node(Kind::kDegree, {std::move(base)});
      }
      if ((inner.type == Tok::kText || inner.type == Tok::kLetters) && IsOrdinal(inner.text) &&
          IsChar(Peek(2), "}")) {
        pos_ += 3;
        return base;
      }
    }
    if (t.type == Tok::kLetters && IsOrdinal(t.text)) {
      Advance();
      return base;
    }
    Expr exponent = ParseExponent();
    return Expr::Node(Kind::kPow, {std::move(base), std::move(exponent)});
  }

  Expr ParseExponent() {
    Depth guard(*this);
    const Token& t = Peek();
    Expr e;
    if (IsChar(t, "-") || IsChar(t, "+")) {
      bool negative = IsChar(t, "-");
      Advance();
      Expr inner = ParseExponent();
      return negative ? Expr::Node(Kind::kNeg, {std::move(inner)}) : inner;
    }
    e = ParsePrimary(/*single=*/!plain_);
    if (plain_ && IsChar(Peek(), "^")) {  // plain "2^3^2" is 2^(3^2)
      Advance();
      e = Expr::Node(Kind::kPow, {std::move(e), ParseExponent()});
    }
    return e;
  }

  Expr ParsePower() {
    Depth guard(*this);
    Expr base = ParsePostfix(ParsePrimary(false));
    while (!failed_ && IsChar(Peek(), "^")) {
      Advance();
      base = ParsePostfix(ApplyExponent(std::move(base)));
    }
    return base;
  }

  bool IsUnitText(const Token& t) const {
    if (t.type != Tok::kText || IsListGlueText(t)) return false;
    if (t.cmd == "mathbb" || t.cmd == "operatorname") return false;
    std::string_view content = Trim(t.text);
    if (content.empty()) return false;
    bool math_letter = content.size() == 1 && (t.cmd == "mathrm" || t.cmd == "mathit" ||
                                               t.cmd == "mathbf" || t.cmd == "mathsf");
    if (math_letter) return false;
    char c = content.front();
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+' || c == '.')
      return false;
    return std::any_of(content.begin(), content.end(),
                       [](char ch) { return std::isalpha(static_cast<unsigned char>(ch)); });
  }

  Expr ParsePostfix(Expr e) {
    while (!failed_) {
      const Token& t = Peek();
      if (IsChar(t, "!")) {
        Advance();
        e = Expr::Node(Kind::kFactorial, {std::move(e)});
      } else if (IsChar(t, "%") || (t.type == Tok::kLetters && t.text == "percent")) {
        Advance();
        e = Expr::Node(Kind::kPercent, {std::move(e)});
      } else if (IsCmd(t, "degree")) {
        Advance();
        e = Expr::Node(Kind::kDegree, {std::move(e)});
      } else if (IsCmd(t, "sup2") || IsCmd(t, "sup3")) {
        long power = t.text == "sup2" ? 2 : 3;
        Advance();
        e = Expr::Node(Kind::kPow, {std::move(e), Expr::Integer(power)});
      } else if (IsChar(t, "_")) {
        Advance();
        e = ApplySubscript(std::move(e));
      } else if (IsChar(t, "'") && e.kind == Kind::kSymbol) {
        Advance();
        e.text += "'";
      } else if (IsUnitText(t) || (t.type == Tok::kLetters && In(kUnitWords, t.text))) {
        // A unit ("15\mbox{ cm}^2", "5 cents"): dropped with any power it carries.
        Advance();
        if (IsChar(Peek(), "^")) {
          Advance();
          ParsePrimary(/*single=*/true);
        }
      } else {
        break;
      }
    }
    return e;
  }

  Expr ApplySubscript(Expr e) {
    Expr sub = ParsePrimary(/*single=*/true);
    if (failed_) return e;
    if (IsIntegerLiteral(e) && IsIntegerLiteral(sub)) {
      // "1010_2": digits in a base.
      if (sub.text.size() > 2) {
        Error("bad base");
        return e;
      }
      int base = std::stoi(sub.text);
      bool valid = base >= 2 && base <= 36;
      for (char c : e.text) valid = valid && (c - '0') < base;
      if (!valid) {
        Error("digits do not fit the base");
        return e;
      }
      e.base = base;
      return e;
    }
    if (e.kind == Kind::kSymbol) {
      e.text += "_{" + Print(sub) + "}";
      return e;
    }
    Error("unexpected subscript");
    return e;
  }

  // A single-character argument ("\frac12", "x^2") or a whole token.
  Expr ParsePrimary(bool single) {
    Depth guard(*this);
    if (failed_) return {};
    Token& t = pos_ < t_.size() ? t_[pos_] : end_;
    switch (t.type) {
      case Tok::kNumber: {
        if (single && IsDigits(t.text) && t.text.size() > 1 && t.exp10 == 0) {
          Expr digit = Expr::Leaf(Kind::kNumber, t.text.substr(0, 1));
          t.text.erase(0, 1);
          t.space_before = false;
          return digit;
        }
        Expr n = Expr::Leaf(Kind::kNumber, t.text);
        n.repeat = t.repeat;
        n.exp10 = t.exp10;
        Advance();
        return n;
      }
      case Tok::kLetters:
        return ParseLetters(single);
      case Tok::kCommand:
        return ParseCommand();
      case Tok::kText:
        return ParseTextToken();
      case Tok::kBeginEnv:
        return ParseMatrix();
      case Tok::kChar:
        if (t.text == "(" || t.text == "[") return ParseBracket();
        if (t.text == "{") return ParseBraceGroup();
        if (t.text == "|") return ParseAbs();
        Error("unexpected '" + t.text + "'");
        return {};
      default:
        Error(t.type == Tok::kEnd ? "unexpected end" : "unexpected token");
        return {};
    }
  }

  Expr ParseLetters(bool single) {
    Token& t = t_[pos_];
    if (!single) {
      std::string word = t.text;
      if (In(kFunctions, word) || word == "sqrt") {
        Advance();
        return ParseFunction(word);
      }
      if (word == "pi") {
        Advance();
        return Expr::Leaf(Kind::kConstant, "pi");
      }
      if (word == "inf" || word == "infty" || word == "infinity" || word == "oo") {
        Advance();
        return Expr::Leaf(Kind::kConstant, "inf");
      }
    }
    char c = t.text[0];
    bool whole = t.text.size() == 1;
    if (whole) {
      Advance();
    } else {
      t.text.erase(0, 1);
      t.space_before = false;
    }
    if (c == 'e') return Expr::Leaf(Kind::kConstant, "e");
    if (c == 'i') return Expr::Leaf(Kind::kConstant, "i");
    std::string name(1, c);
    // "f(x)" and "f(3)" name a function value, not f times x, when written as a one-letter
    // name; "f(3) = 7" then states the value 7 (the equation-chain rule).
    if (whole && std::string_view("fghpqFGPQ").find(c) != std::string_view::npos &&
        IsChar(Peek(), "(") && !Peek().space_before) {
      std::size_t k = 1;
      std::string args;
      auto arg_token = [](const Token& a) {
        return a.type == Tok::kLetters || IsChar(a, ",") ||
               (a.type == Tok::kNumber && IsDigits(a.text) && a.exp10 == 0 && a.repeat.empty());
      };
      while (arg_token(Peek(k))) args += Peek(k++).text;
      if (IsChar(Peek(k), ")") && !args.empty()) {
        pos_ += k + 1;
        return Expr::Leaf(Kind::kSymbol, name + "(" + args + ")");
      }
    }
    return Expr::Leaf(Kind::kSymbol, name);
  }

  // An argument of \frac, \sqrt, \binom: a brace group or a single character.
  Expr ParseArg() {
    if (IsChar(Peek(), "{")) return ParseBraceGroup();
    return ParsePrimary(/*single=*/!plain_);
  }

  Expr ParseCommand() {
    std::string name = Peek().text;
    Advance();
    if (IsFractionCommand(name)) {
      Expr num = ParseArg();
      Expr den = ParseArg();
      bool literal = IsIntegerLiteral(num) && IsIntegerLiteral(den);
      Expr frac = Expr::Node(Kind::kDiv, {std::move(num), std::move(den)});
      last_was_literal_fraction_ = literal;
      return frac;
    }
    if (name == "sqrt") {
      if (IsChar(Peek(), "[")) {
        Advance();
        Expr index = ParseSum();
        if (!Expect(IsChar(Peek(), "]"), "']'")) return {};
        Expr arg = ParseArg();
        return Expr::Node(Kind::kFunc, {std::move(arg), std::move(index)}, "root");
      }
      return Expr::Node(Kind::kFunc, {ParseArg()}, "sqrt");
    }
    if (name == "binom" || name == "dbinom" || name == "tbinom") {
      Expr n = ParseArg();
      Expr k = ParseArg();
      return Expr::Node(Kind::kBinom, {std::move(n), std::move(k)});
    }
    if (name == "pi") return Expr::Leaf(Kind::kConstant, "pi");
    if (name == "infty" || name == "infin") return Expr::Leaf(Kind::kConstant, "inf");
    if (name == "imath") return Expr::Leaf(Kind::kConstant, "i");
    if (In(kGreek, name)) return Expr::Leaf(Kind::kSymbol, "\\" + name);
    if (In(kFunctions, name)) return ParseFunction(name);
    if (name == "{") return ParseDelimited("}", Kind::kSet);
    if (name == "langle") return ParseDelimited("rangle", Kind::kTuple);
    if (name == "emptyset" || name == "varnothing") return Expr::Node(Kind::kEmptySet, {});
    if (name == "R" || name == "reals" || name == "Reals") return AllReals();
    if (name == "lfloor" || name == "lceil") {
      Expr inner = ParseSum();
      std::string_view closer = name == "lfloor" ? "rfloor" : "rceil";
      if (!Expect(IsCmd(Peek(), closer), closer)) return {};
      return Expr::Node(Kind::kFunc, {std::move(inner)}, name == "lfloor" ? "floor" : "ceil");
    }
    if (name == "|" || name == "lvert" || name == "vert") {
      Expr inner = ParseSum();
      const Token& c = Peek();
      if (!Expect(IsCmd(c, "|") || IsCmd(c, "rvert") || IsCmd(c, "vert"), "'|'")) return {};
      return Expr::Node(Kind::kFunc, {std::move(inner)}, "abs");
    }
    Error("unsupported command \\" + name);
    return {};
  }

  static Expr AllReals() {
    Expr lo = Expr::Node(Kind::kNeg, {Expr::Leaf(Kind::kConstant, "inf")});
    Expr e = Expr::Node(Kind::kInterval, {std::move(lo), Expr::Leaf(Kind::kConstant, "inf")});
    return e;
  }

  static bool IsSuchThat(const Token& t) {
    return IsCmd(t, "mid") || IsChar(t, "|") || IsChar(t, ":") || IsCmd(t, "colon") ||
           IsCmd(t, "vert");
  }

  // \{ a, b \} and \langle a, b \rangle. Set-builder "\{x \mid x > 3\}" (also ':' or '|',
  // "x \in \mathbb{R}" before the bar) is its condition: "x > 3".
  Expr ParseDelimited(std::string_view closer, Kind kind) {
    std::vector<Expr> items;
    if (kind == Kind::kSet && !IsCmd(Peek(), closer)) {
      std::size_t k = 0;
      if (Peek().type == Tok::kLetters && Peek().text.size() == 1) k = 1;
      if (k == 1 && IsCmd(Peek(1), "in")) {
        // "x \in \mathbb{R}": skip the domain (a \mathbb or \R token).
        if (Peek(2).type == Tok::kText || IsCmd(Peek(2), "R")) k = 3;
      }
      if (k > 0 && IsSuchThat(Peek(k))) {
        pos_ += k + 1;
        Expr condition = ParseList();
        if (!Expect(IsCmd(Peek(), closer), closer)) return {};
        return condition;
      }
    }
    if (!IsCmd(Peek(), closer)) {
      items.push_back(ParseRelation());
      while (!failed_ && (IsChar(Peek(), ",") || IsChar(Peek(), ";"))) {
        Advance();
        items.push_back(ParseRelation());
      }
    }
    if (!Expect(IsCmd(Peek(), closer), closer)) return {};
    if (items.empty()) return Expr::Node(Kind::kEmptySet, {});
    if (kind == Kind::kTuple && items.size() == 1) return std::move(items[0]);  // \langle x \rangle
    return Expr::Node(kind, std::move(items));
  }

  Expr ParseFunction(std::string name) {
    if (name == "ln") name = "log";
    if (name == "sqrt") return Expr::Node(Kind::kFunc, {ParseArg()}, "sqrt");
    std::optional<Expr> power;
    std::optional<Expr> base;
    if (name == "lg") {
      name = "log";
      base = Expr::Integer(10);
    }
    for (int i = 0; i < 2 && !failed_; ++i) {
      if (IsChar(Peek(), "^") && !power) {
        Advance();
        power = ParseExponent();
      } else if (IsChar(Peek(), "_") && name == "log" && !base) {
        Advance();
        base = ParseArg();
      }
    }
    // \sin^{-1} x is arcsin x.
    if (power && power->kind == Kind::kNeg && IsIntegerLiteral(power->args[0]) &&
        power->args[0].text == "1" && (name == "sin" || name == "cos" || name == "tan")) {
      name = "arc" + name;
      power.reset();
    }
    std::vector<Expr> args;
    if (IsChar(Peek(), "(")) {
      Advance();
      args.push_back(ParseRelation());
      while (!failed_ && IsChar(Peek(), ",")) {
        Advance();
        args.push_back(ParseRelation());
      }
      if (!Expect(IsChar(Peek(), ")"), "')'")) return {};
    } else if (IsChar(Peek(), "{")) {
      args.push_back(ParseBraceGroup());
    } else {
      // "\sin 2x" is sin(2x); "\sin x \cos x" stops at the next function.
      Expr arg = ParsePower();
      while (!failed_ && StartsImplicitFactor(Peek()) && !StartsFunction(Peek())) {
        AppendFactor(arg, ParsePower());
      }
      args.push_back(std::move(arg));
    }
    if (base) args.push_back(std::move(*base));
    Expr f = Expr::Node(Kind::kFunc, std::move(args), name);
    if (power) f = Expr::Node(Kind::kPow, {std::move(f), std::move(*power)});
    return f;
  }

  Expr ParseBracket() {
    std::string open = Peek().text;
    Advance();
    std::vector<Expr> items;
    items.push_back(ParseRelation());
    while (!failed_ && IsChar(Peek(), ",")) {
      Advance();
      items.push_back(ParseRelation());
    }
    const Token& c = Peek();
    if (!IsChar(c, ")") && !IsChar(c, "]")) {
      Error("unclosed bracket");
      return {};
    }
    std::string close = c.text;
    Advance();
    bool matched = (open == "(" && close == ")") || (open == "[" && close == "]");
    if (items.size() == 1) {
      if (!matched) Error("half-open bracket around one item");
      return std::move(items[0]);
    }
    if (items.size() == 2) {
      if (open == "(" && close == ")") return Expr::Node(Kind::kPair, std::move(items));
      Expr interval = Expr::Node(Kind::kInterval, std::move(items));
      interval.lo_closed = open == "[";
      interval.hi_closed = close == "]";
      return interval;
    }
    if (!matched) Error("interval with more than two endpoints");
    return Expr::Node(Kind::kTuple, std::move(items));
  }

  Expr ParseBraceGroup() {
    Advance();  // '{'
    if (IsChar(Peek(), "}")) {
      Error("empty group");
      return {};
    }
    Expr inner = ParseList();
    if (IsCmd(Peek(), "choose")) {  // {n \choose k}
      Advance();
      Expr k = ParseRelation();
      inner = Expr::Node(Kind::kBinom, {std::move(inner), std::move(k)});
    }
    if (!Expect(IsChar(Peek(), "}"), "'}'")) return {};
    // A bare "{1, 2}" is a set written without escaping the braces.
    if (inner.kind == Kind::kList) inner.kind = Kind::kSet;
    return inner;
  }

  Expr ParseAbs() {
    Advance();  // '|'
    ++abs_depth_;
    Expr inner = ParseSum();
    --abs_depth_;
    if (!Expect(IsChar(Peek(), "|"), "'|'")) return {};
    return Expr::Node(Kind::kFunc, {std::move(inner)}, "abs");
  }

  Expr ParseMatrix() {
    std::string env = Peek().text;
    Advance();
    static constexpr std::string_view kMatrixEnvs[] = {"pmatrix", "bmatrix",     "Bmatrix",
                                                       "matrix",  "smallmatrix", "array"};
    if (!In(kMatrixEnvs, env)) {
      Error("unsupported environment " + env);
      return {};
    }
    std::vector<std::vector<Expr>> rows(1);
    while (!failed_) {
      if (Peek().type == Tok::kEndEnv) {
        Advance();
        break;
      }
      rows.back().push_back(ParseRelation());
      if (IsChar(Peek(), "&")) {
        Advance();
      } else if (IsCmd(Peek(), "\\")) {
        Advance();
        SkipRowSpacing();
        rows.emplace_back();
      } else if (Peek().type != Tok::kEndEnv) {
        Error("bad matrix");
      }
    }
    if (rows.back().empty()) rows.pop_back();
    if (failed_ || rows.empty()) return {};
    std::size_t cols = rows[0].size();
    Expr m = Expr::Node(Kind::kMatrix, {});
    for (auto& row : rows) {
      if (row.size() != cols) {
        Error("ragged matrix");
        return {};
      }
      for (auto& cell : row) m.args.push_back(std::move(cell));
    }
    m.rows = static_cast<int>(rows.size());
    m.cols = static_cast<int>(cols);
    return m;
  }

  // "\\[1mm]", "\\[2pt]": extra space after a matrix row, not a bracket or a factor.
  void SkipRowSpacing() {
    if (!IsChar(Peek(), "[")) return;
    std::size_t k = 1;
    if (IsChar(Peek(k), "-")) ++k;
    if (Peek(k).type != Tok::kNumber) return;
    ++k;
    static constexpr std::string_view kUnits[] = {"mm", "cm", "pt", "em", "ex", "in", "bp", "pc"};
    if (Peek(k).type != Tok::kLetters || !In(kUnits, Peek(k).text)) return;
    ++k;
    if (!IsChar(Peek(k), "]")) return;
    pos_ += k + 1;
  }

  Expr ParseTextToken() {
    Token t = Peek();
    Advance();
    std::string_view content = Trim(t.text);
    if (t.cmd == "mathbb") {
      if (content == "R") return AllReals();
      Error("unsupported \\mathbb");
      return {};
    }
    if (t.cmd == "operatorname") {
      std::string name(content);
      if (In(kFunctions, name)) return ParseFunction(name);
      Error("unknown function " + name);
      return {};
    }
    if (content.size() == 1 && std::isalpha(static_cast<unsigned char>(content[0]))) {
      char c = content[0];
      if (c == 'e') return Expr::Leaf(Kind::kConstant, "e");
      if (c == 'i') return Expr::Leaf(Kind::kConstant, "i");
      return Expr::Leaf(Kind::kSymbol, std::string(1, c));
    }
    char first = content.empty() ? ' ' : content.front();
    if (std::isdigit(static_cast<unsigned char>(first)) || first == '-' || first == '.' ||
        first == '\\') {
      // "\text{13}": a number in text clothing.
      if (auto inner = SubParse(content)) return std::move(*inner);
    }
    // "\text{A, C}" and "\text{A and C}": a list of words.
    std::vector<Expr> items;
    std::string item;
    std::string normal = std::string(content);
    for (std::string_view glue : {" and ", " or "}) {
      for (std::size_t at; (at = normal.find(glue)) != std::string::npos;) {
        normal.replace(at, glue.size(), ",");
      }
    }
    std::size_t start = 0;
    for (std::size_t i = 0; i <= normal.size(); ++i) {
      if (i == normal.size() || normal[i] == ',' || normal[i] == ';') {
        std::string word = NormaliseText(std::string_view(normal).substr(start, i - start));
        if (!word.empty()) items.push_back(Expr::Leaf(Kind::kText, std::move(word)));
        start = i + 1;
      }
    }
    if (items.empty()) {
      Error("empty text");
      return {};
    }
    if (items.size() == 1) return std::move(items[0]);
    return Expr::Node(Kind::kList, std::move(items));
  }

  std::optional<Expr> SubParse(std::string_view content) {
    auto tokens = Lex(content, limits_.max_tokens);
    if (!tokens) return std::nullopt;
    Parser inner(std::move(*tokens), limits_, plain_, depth_ + 1);
    auto e = inner.ParseAnswer();
    if (!e) return std::nullopt;
    return std::move(*e);
  }

  std::vector<Token> t_;
  ParseLimits limits_;
  bool plain_;
  int depth_;
  std::size_t pos_ = 0;
  bool failed_ = false;
  bool last_was_literal_fraction_ = false;
  int abs_depth_ = 0;
  std::string error_;
  Token end_;
};

// "(D) 12", "\textbf{(D)}\ 12": a multiple-choice letter followed by its option's content.
// The letter is the answer.
std::optional<char> LeadingChoice(std::string_view s) {
  bool wrapped = false;
  for (std::string_view w : {"\\textbf{", "\\text{", "\\mathrm{", "\\mathbf{"}) {
    if (s.starts_with(w)) {
      s.remove_prefix(w.size());
      wrapped = true;
      break;
    }
  }
  // "D)" and "D) 12": the letter with a closing parenthesis only.
  if (s.size() >= 2 && s[0] >= 'A' && s[0] <= 'E' && s[1] == ')') {
    char letter = s[0];
    s.remove_prefix(2);
    if (wrapped) {
      if (s.empty() || s[0] != '}') return std::nullopt;
      s.remove_prefix(1);
    }
    s = Trim(s);
    if (s.empty() || s[0] == ' ' || std::isalnum(static_cast<unsigned char>(s[0])) ||
        s[0] == '\\' || s[0] == '$' || s[0] == '-') {
      return letter;
    }
    return std::nullopt;
  }
  if (s.size() < 3 || s[0] != '(' || s[1] < 'A' || s[1] > 'E' || s[2] != ')') return std::nullopt;
  char letter = s[1];
  s.remove_prefix(3);
  s = Trim(s);
  if (wrapped) {
    if (s.empty() || s[0] != '}') return std::nullopt;
    s.remove_prefix(1);
  }
  while (!s.empty() && (s[0] == ' ' || s[0] == '~' || s.starts_with("\\ ") ||
                        s.starts_with("\\,") || s.starts_with("\\quad"))) {
    s.remove_prefix(s[0] == '\\' ? (s.starts_with("\\quad") ? 5 : 2) : 1);
  }
  if (s.empty()) return std::nullopt;  // a bare "(D)" parses normally
  // "(A)(B)" or "(A)^2" is algebra, not a choice with its option.
  if (!std::isalnum(static_cast<unsigned char>(s[0])) && s[0] != '\\' && s[0] != '$')
    return std::nullopt;
  return letter;
}

}  // namespace

Result<Expr> ParseMath(std::string_view text, const ParseLimits& limits) {
  text = Trim(text);
  if (text.empty()) return Fail(ErrorCode::kInvalidArgument, "empty answer");
  if (auto letter = LeadingChoice(text)) {
    return Expr::Leaf(Kind::kText, std::string(1, static_cast<char>(std::tolower(*letter))));
  }
  if (IsPlainWords(text)) {
    std::string words(text);
    while (!words.empty() && words.back() == '.') words.pop_back();
    return Expr::Leaf(Kind::kText, NormaliseText(words));
  }
  auto tokens = Lex(text, limits.max_tokens);
  if (!tokens) return std::unexpected(tokens.error());
  // Blank \text{} carries nothing.
  std::erase_if(*tokens,
                [](const Token& t) { return t.type == Tok::kText && Trim(t.text).empty(); });
  MergeThousandsGroups(*tokens);
  bool plain =
      text.find('\\') == std::string_view::npos && text.find('{') == std::string_view::npos;
  return Parser(std::move(*tokens), limits, plain, 0).ParseAnswer();
}

}  // namespace r1::graders::math
