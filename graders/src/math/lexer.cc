// Tokeniser for math answers.
#include "math/lexer.h"

#include <cctype>
#include <optional>
#include <utility>

namespace r1::graders::math {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Commands that only affect layout; they vanish like whitespace.
constexpr std::string_view kLayoutCommands[] = {
    "left",   "right",        "big",       "Big",         "bigg",   "Bigg",     "bigl",
    "bigr",   "Bigl",         "Bigr",      "biggl",       "biggr",  "Biggl",    "Biggr",
    "middle", "displaystyle", "textstyle", "scriptstyle", "limits", "nolimits", "quad",
    "qquad",  "boxed",        "fbox",      "textdollar",  "dollar", "cr",       "smallskip"};

// Commands whose braced argument is read raw (words, units, names).
constexpr std::string_view kTextCommands[] = {
    "text",   "textbf", "textit", "textrm", "textnormal", "textsf",  "texttt",       "mbox",
    "mathrm", "mathbf", "mathit", "mathsf", "mathbb",     "mathcal", "operatorname", "hbox"};

// Unicode symbols (UTF-8) and the command or character they stand for.
struct UnicodeSymbol {
  std::string_view utf8;
  Tok type;
  std::string_view text;
};
constexpr UnicodeSymbol kUnicode[] = {
    {"\xCF\x80", Tok::kCommand, "pi"},            // π
    {"\xE2\x88\x9E", Tok::kCommand, "infty"},     // ∞
    {"\xE2\x89\xA4", Tok::kCommand, "le"},        // ≤
    {"\xE2\x89\xA5", Tok::kCommand, "ge"},        // ≥
    {"\xE2\x89\xA0", Tok::kCommand, "ne"},        // ≠
    {"\xC3\x97", Tok::kCommand, "times"},         // ×
    {"\xC3\xB7", Tok::kCommand, "div"},           // ÷
    {"\xC2\xB7", Tok::kCommand, "cdot"},          // ·
    {"\xE2\x8B\x85", Tok::kCommand, "cdot"},      // ⋅
    {"\xE2\x88\x92", Tok::kChar, "-"},            // −
    {"\xE2\x80\x93", Tok::kChar, "-"},            // –
    {"\xC2\xB0", Tok::kCommand, "degree"},        // °
    {"\xE2\x88\x9A", Tok::kCommand, "sqrt"},      // √
    {"\xE2\x88\xAA", Tok::kCommand, "cup"},       // ∪
    {"\xC2\xB1", Tok::kCommand, "pm"},            // ±
    {"\xE2\x88\x85", Tok::kCommand, "emptyset"},  // ∅
    {"\xC2\xB2", Tok::kCommand, "sup2"},          // ²
    {"\xC2\xB3", Tok::kCommand, "sup3"},          // ³
    {"\xCE\xB8", Tok::kCommand, "theta"},         // θ
    {"\xE2\x88\x88", Tok::kCommand, "in"},        // ∈
    {"\xE2\x84\x9D", Tok::kCommand, "R"},         // ℝ
    {"\xE2\x88\xA9", Tok::kCommand, "cap"},       // ∩
};

struct VulgarFraction {
  std::string_view utf8;
  int num;
  int den;
};
constexpr VulgarFraction kVulgarFractions[] = {
    {"\xC2\xBC", 1, 4},     {"\xC2\xBD", 1, 2},     {"\xC2\xBE", 3, 4},     {"\xE2\x85\x93", 1, 3},
    {"\xE2\x85\x94", 2, 3}, {"\xE2\x85\x95", 1, 5}, {"\xE2\x85\x96", 2, 5}, {"\xE2\x85\x97", 3, 5},
    {"\xE2\x85\x98", 4, 5}, {"\xE2\x85\x99", 1, 6}, {"\xE2\x85\x9A", 5, 6}, {"\xE2\x85\x9B", 1, 8},
    {"\xE2\x85\x9C", 3, 8}, {"\xE2\x85\x9D", 5, 8}, {"\xE2\x85\x9E", 7, 8},
};

// Spaces that are not ASCII: no-break, thin, narrow no-break.
constexpr std::string_view kUnicodeSpaces[] = {"\xC2\xA0", "\xE2\x80\x89", "\xE2\x80\xAF"};

class Lexer {
 public:
  Lexer(std::string_view in, int max_tokens) : in_(in), max_tokens_(max_tokens) {}

  Result<std::vector<Token>> Run() {
    while (pos_ < in_.size()) {
      if (static_cast<int>(out_.size()) > max_tokens_) {
        return Fail(ErrorCode::kInvalidArgument, "answer has too many tokens");
      }
      char c = in_[pos_];
      if (IsSpace(c) || c == '~') {
        space_ = true;
        ++pos_;
      } else if (IsDigit(c) || (c == '.' && pos_ + 1 < in_.size() && IsDigit(in_[pos_ + 1]))) {
        LexNumber();
      } else if (c == '.' && (in_.substr(pos_ + 1).starts_with("\\overline") ||
                              in_.substr(pos_ + 1).starts_with("\\bar") ||
                              in_.substr(pos_ + 1).starts_with("\\dot"))) {
        LexNumber();
      } else if (IsAlpha(c)) {
        std::size_t start = pos_;
        while (pos_ < in_.size() && IsAlpha(in_[pos_])) ++pos_;
        Emit(Tok::kLetters, std::string(in_.substr(start, pos_ - start)));
      } else if (c == '\\') {
        if (auto status = LexCommand(); !status) return std::unexpected(status.error());
      } else if (static_cast<unsigned char>(c) >= 0x80) {
        LexUnicode();
      } else {
        LexPunctuation();
      }
    }
    return std::move(out_);
  }

 private:
  void Emit(Tok type, std::string text) {
    Token t;
    t.type = type;
    t.text = std::move(text);
    t.space_before = space_;
    space_ = false;
    out_.push_back(std::move(t));
  }

  // A thousands separator that cannot mean anything else: "{,}", ",\!", "\,", "\ ", "\!".
  // Returns the position after it, or npos.
  std::size_t SeparatorEnd(std::size_t p) const {
    std::string_view rest = in_.substr(p);
    std::size_t len = 0;
    if (rest.starts_with("{,}")) {
      len = 3;
    } else if (rest.starts_with(",\\!")) {
      len = 3;
    } else if (rest.starts_with("\\,") || rest.starts_with("\\ ") || rest.starts_with("\\!") ||
               rest.starts_with("\\;")) {
      len = 2;
    } else {
      return std::string_view::npos;
    }
    p += len;
    while (p < in_.size() && in_[p] == ' ') ++p;
    return p;
  }

  bool ThreeDigitsAt(std::size_t p) const {
    return p + 3 <= in_.size() && IsDigit(in_[p]) && IsDigit(in_[p + 1]) && IsDigit(in_[p + 2]) &&
           (p + 3 == in_.size() || !IsDigit(in_[p + 3]));
  }

  void LexNumber() {
    // "0.\dot{1}2" (a mark this cannot read) leaves the '.' as punctuation: never loop on it.
    if (!IsDigit(in_[pos_])) {
      std::size_t p = pos_ + 1;
      std::string repeat_only;
      ReadRepeat(p, repeat_only);
      if (repeat_only.empty() && !(p < in_.size() && IsDigit(in_[p]))) {
        Emit(Tok::kChar, ".");
        ++pos_;
        return;
      }
    }
    std::string digits;
    std::size_t group = 0;
    while (pos_ < in_.size() && IsDigit(in_[pos_])) {
      digits += in_[pos_++];
      ++group;
    }
    // Thousands groups after a first group of 1-3 digits.
    if (group >= 1 && group <= 3) {
      for (;;) {
        std::size_t after = SeparatorEnd(pos_);
        if (after == std::string_view::npos || !ThreeDigitsAt(after)) break;
        digits += in_.substr(after, 3);
        pos_ = after + 3;
      }
    }
    std::string repeat;
    if (pos_ < in_.size() && in_[pos_] == '.') {
      std::size_t p = pos_ + 1;
      std::string frac;
      while (p < in_.size() && IsDigit(in_[p])) frac += in_[p++];
      ReadRepeat(p, repeat);
      if (!frac.empty() || !repeat.empty()) {
        if (digits.empty()) digits = "0";  // ".5" is 0.5
        digits += '.';
        digits += frac;
        pos_ = p;
      }
    }
    if (digits.empty()) digits = "0";
    int exp10 = 0;
    // "1.5e3", "2E-4": scientific notation, only when digits follow the e.
    if (pos_ + 1 < in_.size() && (in_[pos_] == 'e' || in_[pos_] == 'E')) {
      std::size_t p = pos_ + 1;
      bool negative = false;
      if (p < in_.size() && (in_[p] == '+' || in_[p] == '-')) negative = in_[p++] == '-';
      std::size_t start = p;
      while (p < in_.size() && IsDigit(in_[p]) && p - start < 6) ++p;
      bool followed_by_letter = p < in_.size() && IsAlpha(in_[p]);
      if (p > start && !followed_by_letter && (p == in_.size() || !IsDigit(in_[p]))) {
        exp10 = std::stoi(std::string(in_.substr(start, p - start)));
        if (negative) exp10 = -exp10;
        pos_ = p;
      }
    }
    Emit(Tok::kNumber, std::move(digits));
    out_.back().repeat = std::move(repeat);
    out_.back().exp10 = exp10;
  }

  // The digits inside "\overline{..}" / "\bar{..}" / "\dot{d}" at p (spaces allowed before the
  // brace); advances p past it. nullopt when there is no such mark or it holds non-digits.
  std::optional<std::string> Marked(std::size_t& p, bool one_digit_only) const {
    std::string_view rest = in_.substr(p);
    std::size_t len = 0;
    auto command = [&](std::string_view cmd) {
      return rest.starts_with(cmd) && (rest.size() == cmd.size() || !IsAlpha(rest[cmd.size()]));
    };
    if (one_digit_only) {
      if (command("\\dot")) len = 4;
    } else if (command("\\overline")) {
      len = 9;
    } else if (command("\\bar")) {
      len = 4;
    }
    if (len == 0) return std::nullopt;
    std::size_t q = p + len;
    while (q < in_.size() && in_[q] == ' ') ++q;
    if (q >= in_.size() || in_[q] != '{') return std::nullopt;
    std::size_t close = in_.find('}', q);
    if (close == std::string_view::npos) return std::nullopt;
    std::string inside(in_.substr(q + 1, close - q - 1));
    bool ok = !inside.empty() && (!one_digit_only || inside.size() == 1);
    for (char d : inside) ok = ok && IsDigit(d);
    if (!ok) return std::nullopt;
    p = close + 1;
    return inside;
  }

  // Repeating digits after the written ones: "0.1\overline{6}", "0.\bar{6}", "0.1\dot{6}",
  // "0.\dot{1}\dot{6}" (dots over the first and last digit of the block: 0.161616...).
  void ReadRepeat(std::size_t& p, std::string& repeat) const {
    std::size_t q = p;
    if (auto block = Marked(q, /*one_digit_only=*/false)) {
      repeat = *block;
      p = q;
      return;
    }
    auto first = Marked(q, /*one_digit_only=*/true);
    if (!first) return;
    std::string block = *first;
    std::size_t r = q;
    while (r < in_.size() && IsDigit(in_[r])) block += in_[r++];
    if (auto last = Marked(r, /*one_digit_only=*/true)) {
      repeat = block + *last;
      p = r;
      return;
    }
    if (block.size() == 1) {  // a single dotted digit repeats alone
      repeat = block;
      p = q;
    }
  }

  // Reads a raw brace group at pos_ (after optional spaces); returns its inside.
  std::string ReadRawGroup() {
    std::size_t p = pos_;
    while (p < in_.size() && IsSpace(in_[p])) ++p;
    if (p >= in_.size()) return {};
    if (in_[p] != '{') {
      // One-character argument: "\text A".
      pos_ = p + 1;
      return std::string(1, in_[p]);
    }
    int depth = 0;
    for (std::size_t i = p; i < in_.size(); ++i) {
      if (in_[i] == '\\') {
        ++i;
        continue;
      }
      if (in_[i] == '{') ++depth;
      if (in_[i] == '}' && --depth == 0) {
        pos_ = i + 1;
        return std::string(in_.substr(p + 1, i - p - 1));
      }
    }
    pos_ = in_.size();
    return std::string(in_.substr(p + 1));
  }

  Status LexCommand() {
    std::size_t start = pos_ + 1;
    if (start >= in_.size()) {
      ++pos_;
      return {};
    }
    char c = in_[start];
    if (!IsAlpha(c)) {
      pos_ = start + 1;
      switch (c) {
        case ',':
        case ';':
        case ':':
        case '!':
        case ' ':
        case '$':
        case '\n':
        case '>':
          space_ = true;  // spacing and currency
          return {};
        case '{':
        case '}':
          Emit(Tok::kCommand, std::string(1, c));
          return {};
        case '\\':
          Emit(Tok::kCommand, "\\");
          return {};
        case '%':
          Emit(Tok::kChar, "%");
          return {};
        case '|':
          Emit(Tok::kCommand, "|");
          return {};
        default:
          Emit(Tok::kCommand, std::string(1, c));
          return {};
      }
    }
    std::size_t end = start;
    while (end < in_.size() && IsAlpha(in_[end])) ++end;
    std::string name(in_.substr(start, end - start));
    pos_ = end;
    // "\left| x \right|": the bars of an absolute value, told apart so "3\left|x\right|" reads.
    if ((name == "left" || name == "right") && pos_ < in_.size() && in_[pos_] == '|') {
      ++pos_;
      Emit(Tok::kCommand, name == "left" ? "lvert" : "rvert");
      return {};
    }
    for (std::string_view layout : kLayoutCommands) {
      if (name == layout) {
        // "\left." and "\right." are invisible delimiters.
        if ((name == "left" || name == "right") && pos_ < in_.size() && in_[pos_] == '.') ++pos_;
        space_ = true;
        return {};
      }
    }
    if (name == "hspace" || name == "phantom" || name == "vspace") {
      ReadRawGroup();
      space_ = true;
      return {};
    }
    for (std::string_view text_cmd : kTextCommands) {
      if (name == text_cmd) {
        bool space = space_;
        std::string content = ReadRawGroup();
        Emit(Tok::kText, std::move(content));
        out_.back().cmd = name;
        out_.back().space_before = space;
        return {};
      }
    }
    if (name == "begin" || name == "end") {
      std::string env = ReadRawGroup();
      Emit(name == "begin" ? Tok::kBeginEnv : Tok::kEndEnv, env);
      // The column spec of an array: "\begin{array}{cc}".
      if (name == "begin" && env == "array") ReadRawGroup();
      return {};
    }
    Emit(Tok::kCommand, std::move(name));
    return {};
  }

  void LexUnicode() {
    std::string_view rest = in_.substr(pos_);
    for (std::string_view s : kUnicodeSpaces) {
      if (rest.starts_with(s)) {
        pos_ += s.size();
        space_ = true;
        return;
      }
    }
    for (const auto& v : kVulgarFractions) {
      if (rest.starts_with(v.utf8)) {
        // "¾" is \frac{3}{4}; "2¾" is then a mixed number like "2\frac34".
        pos_ += v.utf8.size();
        Emit(Tok::kCommand, "frac");
        bool space = space_;
        Emit(Tok::kNumber, std::to_string(v.num));
        Emit(Tok::kNumber, std::to_string(v.den));
        out_[out_.size() - 3].space_before = space;
        return;
      }
    }
    for (const auto& u : kUnicode) {
      if (rest.starts_with(u.utf8)) {
        pos_ += u.utf8.size();
        Emit(u.type, std::string(u.text));
        return;
      }
    }
    // Unknown: keep the whole UTF-8 sequence as one character the parser will reject.
    std::size_t len = 1;
    while (pos_ + len < in_.size() &&
           (static_cast<unsigned char>(in_[pos_ + len]) & 0xC0) == 0x80) {
      ++len;
    }
    Emit(Tok::kChar, std::string(rest.substr(0, len)));
    pos_ += len;
  }

  void LexPunctuation() {
    std::string_view rest = in_.substr(pos_);
    static constexpr std::pair<std::string_view, std::string_view> kPairs[] = {
        {"<=", "le"}, {">=", "ge"}, {"!=", "ne"}, {"=<", "le"}, {"=>", "ge"}};
    for (auto [from, to] : kPairs) {
      if (rest.starts_with(from)) {
        pos_ += from.size();
        Emit(Tok::kCommand, std::string(to));
        return;
      }
    }
    if (rest.starts_with("**")) {
      pos_ += 2;
      Emit(Tok::kChar, "^");
      return;
    }
    if (rest[0] == '$') {  // stray math delimiters
      ++pos_;
      space_ = true;
      return;
    }
    Emit(Tok::kChar, std::string(1, rest[0]));
    ++pos_;
  }

  std::string_view in_;
  int max_tokens_;
  std::size_t pos_ = 0;
  bool space_ = false;
  std::vector<Token> out_;
};

}  // namespace

Result<std::vector<Token>> Lex(std::string_view input, int max_tokens) {
  return Lexer(input, max_tokens).Run();
}

}  // namespace r1::graders::math
