// LiveCodeBench-compatible output comparison; see compare.h for the rules.
#include "r1/sandbox/compare.h"

#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <optional>
#include <vector>

#include <fmt/format.h>

namespace r1::sandbox {
namespace {

// Length of the Python whitespace character (str.isspace) at s[i], 0 if none. Works on UTF-8;
// invalid bytes are never whitespace.
std::size_t SpaceAt(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f)) return 1;
  if (c < 0x80) return 0;
  auto byte = [&](std::size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0; };
  if (c == 0xC2 && (byte(1) == 0x85 || byte(1) == 0xA0)) return 2;  // U+0085, U+00A0
  if (c == 0xE1 && byte(1) == 0x9A && byte(2) == 0x80) return 3;    // U+1680
  if (c == 0xE2 && byte(1) == 0x80) {
    unsigned b = byte(2);
    if ((b >= 0x80 && b <= 0x8A) || b == 0xA8 || b == 0xA9 || b == 0xAF) return 3;  // U+2000-200A, 2028, 2029, 202F
  }
  if (c == 0xE2 && byte(1) == 0x81 && byte(2) == 0x9F) return 3;  // U+205F
  if (c == 0xE3 && byte(1) == 0x80 && byte(2) == 0x80) return 3;  // U+3000
  return 0;
}

// Length of the UTF-8 sequence starting at s[i] (1 for invalid bytes), to walk by characters.
std::size_t CharAt(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
  return i + n <= s.size() ? n : 1;
}

std::string_view PyStrip(std::string_view s) {
  std::size_t begin = 0;
  while (begin < s.size()) {
    std::size_t n = SpaceAt(s, begin);
    if (n == 0) break;
    begin += n;
  }
  std::size_t end = begin;  // one past the last non-space character
  for (std::size_t i = begin; i < s.size();) {
    std::size_t n = SpaceAt(s, i);
    if (n == 0) {
      n = CharAt(s, i);
      end = i + n;
    }
    i += n;
  }
  return s.substr(begin, end - begin);
}

// LiveCodeBench's get_stripped_lines.
std::vector<std::string_view> StrippedLines(std::string_view text) {
  std::vector<std::string_view> lines;
  text = PyStrip(text);
  std::size_t start = 0;
  for (;;) {
    std::size_t nl = text.find('\n', start);
    lines.push_back(PyStrip(text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start)));
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return lines;
}

std::vector<std::string_view> PySplit(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && SpaceAt(s, i) > 0) i += SpaceAt(s, i);
    if (i >= s.size()) break;
    std::size_t start = i;
    while (i < s.size() && SpaceAt(s, i) == 0) i += CharAt(s, i);
    out.push_back(s.substr(start, i - start));
  }
  return out;
}

// A decimal.Decimal value reduced to a canonical form: sign, coefficient digits without
// leading or trailing zeros, and the exponent of its last digit.
struct Decimal {
  enum class Kind { kFinite, kInfinity, kNaN } kind = Kind::kFinite;
  bool negative = false;
  std::string digits;  // empty: zero
  std::int64_t exponent = 0;
};

bool EqualIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

// Python's Decimal(str): underscores are dropped wherever they are, then
// [sign] (digits [. digits] | . digits) [e [sign] digits] | [sign] Inf(inity) | [sign] [s]NaN[digits].
std::optional<Decimal> ParseDecimal(std::string_view token) {
  std::string s;
  for (char c : token) {
    if (c != '_') s += c;
  }
  Decimal d;
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) d.negative = s[i++] == '-';
  std::string_view rest = std::string_view(s).substr(i);
  if (EqualIgnoreCase(rest, "inf") || EqualIgnoreCase(rest, "infinity")) {
    d.kind = Decimal::Kind::kInfinity;
    return d;
  }
  for (std::string_view nan : {"nan", "snan"}) {
    if (rest.size() >= nan.size() && EqualIgnoreCase(rest.substr(0, nan.size()), nan)) {
      for (char c : rest.substr(nan.size())) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
      }
      d.kind = Decimal::Kind::kNaN;
      return d;
    }
  }
  std::string coefficient;
  std::int64_t fraction_digits = 0;
  bool any_digit = false;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
    coefficient += s[i++];
    any_digit = true;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
      coefficient += s[i++];
      ++fraction_digits;
      any_digit = true;
    }
  }
  if (!any_digit) return std::nullopt;
  std::int64_t exponent = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool negative = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
    if (i >= s.size()) return std::nullopt;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
      // Saturate: such exponents only need to compare unequal to ordinary ones.
      if (exponent < 1'000'000'000'000'000LL) exponent = exponent * 10 + (s[i] - '0');
      ++i;
    }
    if (negative) exponent = -exponent;
  }
  if (i != s.size()) return std::nullopt;
  std::size_t first = coefficient.find_first_not_of('0');
  if (first == std::string::npos) return d;  // zero, whatever the sign and exponent
  std::size_t last = coefficient.find_last_not_of('0');
  d.digits = coefficient.substr(first, last - first + 1);
  d.exponent = exponent - fraction_digits + static_cast<std::int64_t>(coefficient.size() - 1 - last);
  return d;
}

bool DecimalEqual(const Decimal& a, const Decimal& b) {
  if (a.kind == Decimal::Kind::kNaN || b.kind == Decimal::Kind::kNaN) return false;
  if (a.kind != b.kind) return false;
  if (a.kind == Decimal::Kind::kInfinity) return a.negative == b.negative;
  if (a.digits.empty() || b.digits.empty()) return a.digits.empty() && b.digits.empty();
  return a.negative == b.negative && a.digits == b.digits && a.exponent == b.exponent;
}

std::optional<std::vector<Decimal>> LineToDecimals(std::string_view line) {
  std::vector<Decimal> out;
  for (std::string_view token : PySplit(line)) {
    auto d = ParseDecimal(token);
    if (!d) return std::nullopt;
    out.push_back(std::move(*d));
  }
  return out;
}

std::string Shorten(std::string_view s) {
  constexpr std::size_t kMax = 80;
  if (s.size() <= kMax) return std::string(s);
  return std::string(s.substr(0, kMax / 2)) + "..." + std::string(s.substr(s.size() - kMax / 2));
}

// ---- JSON values with Python's == ------------------------------------------------------------

struct PyValue {
  enum class Kind { kNone, kBool, kInt, kFloat, kString, kList, kDict } kind = Kind::kNone;
  bool boolean = false;
  std::string text;  // kInt: canonical decimal ("-12", "0"); kString: UTF-8
  double number = 0;
  std::vector<PyValue> items;
  std::map<std::string, PyValue> members;  // Python's json keeps the last duplicate key
};

class JsonParser {
 public:
  explicit JsonParser(std::string_view s) : s_(s) {}

  Result<PyValue> ParseDocument() {
    auto value = Parse(0);
    if (!value) return value;
    SkipSpace();
    if (pos_ != s_.size()) return Error("trailing characters");
    return value;
  }

 private:
  static constexpr int kMaxDepth = 2000;

  std::unexpected<r1::Error> Error(std::string_view what) const {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("not JSON at byte {}: {}", pos_, what));
  }

  void SkipSpace() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
  }

  bool Consume(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  Result<PyValue> Parse(int depth) {
    if (depth > kMaxDepth) return Error("nested too deeply");
    SkipSpace();
    if (pos_ >= s_.size()) return Error("unexpected end");
    PyValue v;
    const char c = s_[pos_];
    if (c == '{') {
      ++pos_;
      v.kind = PyValue::Kind::kDict;
      SkipSpace();
      if (Consume("}")) return v;
      for (;;) {
        SkipSpace();
        if (pos_ >= s_.size() || s_[pos_] != '"') return Error("expected a string key");
        auto key = ParseString();
        if (!key) return std::unexpected(key.error());
        SkipSpace();
        if (!Consume(":")) return Error("expected ':'");
        auto member = Parse(depth + 1);
        if (!member) return member;
        v.members[*key] = std::move(*member);
        SkipSpace();
        if (Consume("}")) return v;
        if (!Consume(",")) return Error("expected ',' or '}'");
      }
    }
    if (c == '[') {
      ++pos_;
      v.kind = PyValue::Kind::kList;
      SkipSpace();
      if (Consume("]")) return v;
      for (;;) {
        auto item = Parse(depth + 1);
        if (!item) return item;
        v.items.push_back(std::move(*item));
        SkipSpace();
        if (Consume("]")) return v;
        if (!Consume(",")) return Error("expected ',' or ']'");
      }
    }
    if (c == '"') {
      auto text = ParseString();
      if (!text) return std::unexpected(text.error());
      v.kind = PyValue::Kind::kString;
      v.text = std::move(*text);
      return v;
    }
    if (Consume("null")) return v;
    if (Consume("true") || Consume("false")) {
      v.kind = PyValue::Kind::kBool;
      v.boolean = s_[pos_ - 1] == 'e' && s_[pos_ - 2] == 'u';  // "true" ends in "ue", "false" in "se"
      return v;
    }
    if (Consume("NaN")) return Float(std::nan(""));
    if (Consume("Infinity")) return Float(HUGE_VAL);
    if (Consume("-Infinity")) return Float(-HUGE_VAL);
    return ParseNumber();
  }

  static PyValue Float(double x) {
    PyValue v;
    v.kind = PyValue::Kind::kFloat;
    v.number = x;
    return v;
  }

  Result<PyValue> ParseNumber() {
    const std::size_t start = pos_;
    bool negative = false;
    if (pos_ < s_.size() && s_[pos_] == '-') {
      negative = true;
      ++pos_;
    }
    const std::size_t int_start = pos_;
    while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    if (pos_ == int_start) return Error("expected a value");
    bool is_float = false;
    if (pos_ < s_.size() && s_[pos_] == '.') {
      is_float = true;
      ++pos_;
      while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      is_float = true;
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    }
    const std::string lexeme(s_.substr(start, pos_ - start));
    if (is_float) return Float(std::strtod(lexeme.c_str(), nullptr));
    PyValue v;
    v.kind = PyValue::Kind::kInt;
    std::string digits(s_.substr(int_start, pos_ - int_start));
    digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size() - 1));
    v.text = (negative && digits != "0" ? "-" : "") + digits;
    return v;
  }

  static void AppendUtf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {  // lone surrogates too (WTF-8), so they still compare equal to themselves
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  std::optional<std::uint32_t> Hex4() {
    if (pos_ + 4 > s_.size()) return std::nullopt;
    std::uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = s_[pos_++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<std::uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<std::uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<std::uint32_t>(c - 'A' + 10);
      else return std::nullopt;
    }
    return v;
  }

  Result<std::string> ParseString() {
    ++pos_;  // opening quote
    std::string out;
    while (pos_ < s_.size()) {
      const char c = s_[pos_++];
      if (c == '"') return out;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= s_.size()) break;
      const char e = s_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          auto cp = Hex4();
          if (!cp) return Error("bad \\u escape");
          if (*cp >= 0xD800 && *cp < 0xDC00 && s_.substr(pos_, 2) == "\\u") {
            const std::size_t save = pos_;
            pos_ += 2;
            auto low = Hex4();
            if (low && *low >= 0xDC00 && *low < 0xE000) {
              *cp = 0x10000 + ((*cp - 0xD800) << 10) + (*low - 0xDC00);
            } else {
              pos_ = save;
            }
          }
          AppendUtf8(out, *cp);
          break;
        }
        default: return Error("bad escape");
      }
    }
    return Error("unterminated string");
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

bool IsNumeric(const PyValue& v) {
  return v.kind == PyValue::Kind::kBool || v.kind == PyValue::Kind::kInt || v.kind == PyValue::Kind::kFloat;
}

// Python compares int and float exactly: the float must be finite, integral and equal to it.
bool IntEqualsFloat(const std::string& integer, double f) {
  if (!std::isfinite(f) || std::floor(f) != f) return false;
  // %.0f prints the exact integer value of a double in glibc.
  std::string exact = fmt::format("{:.0f}", f);
  if (exact == "-0") exact = "0";
  return exact == integer;
}

bool PyEqual(const PyValue& a, const PyValue& b) {
  if (IsNumeric(a) && IsNumeric(b)) {
    auto as_int = [](const PyValue& v) { return v.kind == PyValue::Kind::kBool ? std::string(v.boolean ? "1" : "0") : v.text; };
    const bool a_float = a.kind == PyValue::Kind::kFloat, b_float = b.kind == PyValue::Kind::kFloat;
    if (a_float && b_float) return a.number == b.number;
    if (a_float) return IntEqualsFloat(as_int(b), a.number);
    if (b_float) return IntEqualsFloat(as_int(a), b.number);
    return as_int(a) == as_int(b);
  }
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case PyValue::Kind::kNone: return true;
    case PyValue::Kind::kString: return a.text == b.text;
    case PyValue::Kind::kList:
      if (a.items.size() != b.items.size()) return false;
      for (std::size_t i = 0; i < a.items.size(); ++i) {
        if (!PyEqual(a.items[i], b.items[i])) return false;
      }
      return true;
    case PyValue::Kind::kDict:
      if (a.members.size() != b.members.size()) return false;
      for (const auto& [key, value] : a.members) {
        auto other = b.members.find(key);
        if (other == b.members.end() || !PyEqual(value, other->second)) return false;
      }
      return true;
    default: return false;
  }
}

}  // namespace

bool LcbStdoutMatches(std::string_view actual, std::string_view expected, std::string* detail) {
  const auto got = StrippedLines(actual);
  const auto want = StrippedLines(expected);
  if (got.size() != want.size()) {
    if (detail) *detail = fmt::format("{} lines, expected {}", got.size(), want.size());
    return false;
  }
  for (std::size_t i = 0; i < got.size(); ++i) {
    if (got[i] == want[i]) continue;
    auto a = LineToDecimals(got[i]);
    auto b = LineToDecimals(want[i]);
    bool equal = a && b && a->size() == b->size();
    for (std::size_t k = 0; equal && k < a->size(); ++k) equal = DecimalEqual((*a)[k], (*b)[k]);
    if (!equal) {
      if (detail) *detail = fmt::format("line {}: '{}' != '{}'", i + 1, Shorten(got[i]), Shorten(want[i]));
      return false;
    }
  }
  if (detail) detail->clear();
  return true;
}

Result<bool> LcbJsonEqual(std::string_view actual, std::string_view expected) {
  auto a = JsonParser(actual).ParseDocument();
  if (!a) return std::unexpected(std::move(a.error()).With("actual"));
  auto b = JsonParser(expected).ParseDocument();
  if (!b) return std::unexpected(std::move(b.error()).With("expected"));
  return PyEqual(*a, *b);
}

}  // namespace r1::sandbox
