// One-pass scanner for stream chunks (see stream_chunk.h). A recursive-descent JSON reader
// that knows the few paths it keeps: model, usage.{prompt,completion}_tokens,
// usage.completion_tokens_details.reasoning_tokens, choices[i].{index, finish_reason},
// choices[i].delta.{content, reasoning_content, reasoning}. Everything else is validated
// and skipped. A null or a value of the wrong type counts as absent, as in the tree path.
#include "stream_chunk.h"

#include <cstring>
#include <limits>
#include <utility>

namespace r1::models {
namespace {

constexpr int kMaxDepth = 256;

class Scanner {
 public:
  explicit Scanner(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  ChunkScan Chunk(StreamChunk& out) {
    SkipSpace();
    if (!Object(0, [&](std::string_view key, int depth) { return TopMember(key, depth, out); })) {
      return ChunkScan::kMalformed;
    }
    SkipSpace();
    if (p_ != end_) return ChunkScan::kMalformed;
    return error_ ? ChunkScan::kSlowPath : ChunkScan::kOk;
  }

 private:
  enum class Kind { kNull, kString, kInteger, kOther };

  bool TopMember(std::string_view key, int depth, StreamChunk& out) {
    if (key == "model") return StringOrSkip(depth, out.model);
    if (key == "error") {
      Kind kind{};
      if (!Skip(depth, &kind)) return false;
      if (kind != Kind::kNull) error_ = true;
      return true;
    }
    if (key == "usage") return Usage(depth, out);
    if (key == "choices") return Choices(depth, out);
    return Skip(depth);
  }

  bool Usage(int depth, StreamChunk& out) {
    return ObjectOrSkip(depth, [&](std::string_view key, int d) {
      if (key == "prompt_tokens") return IntOrSkip(d, out.prompt_tokens);
      if (key == "completion_tokens") return IntOrSkip(d, out.completion_tokens);
      if (key == "completion_tokens_details") {
        return ObjectOrSkip(d, [&](std::string_view k, int d2) {
          if (k == "reasoning_tokens") return IntOrSkip(d2, out.reasoning_tokens);
          return Skip(d2);
        });
      }
      return Skip(d);
    });
  }

  bool Choices(int depth, StreamChunk& out) {
    if (!At('[')) return Skip(depth);
    return Sequence(']', depth, [&] {
      if (At('{')) {
        StreamChunk choice;
        std::optional<std::int64_t> index;
        if (!Object(depth + 1, [&](std::string_view key, int d) {
              if (key == "index") return IntOrSkip(d, index);
              if (key == "finish_reason") return StringOrSkip(d, choice.finish_reason);
              if (key == "delta") {
                return ObjectOrSkip(d, [&](std::string_view k, int d2) {
                  if (k == "content") return StringOrSkip(d2, choice.content);
                  if (k == "reasoning_content") return StringOrSkip(d2, choice.reasoning_content);
                  if (k == "reasoning") return StringOrSkip(d2, choice.reasoning);
                  return Skip(d2);
                });
              }
              return Skip(d);
            })) {
          return false;
        }
        if (!out.has_choice && (!index || *index == 0)) {
          out.has_choice = true;
          out.content = std::move(choice.content);
          out.reasoning_content = std::move(choice.reasoning_content);
          out.reasoning = std::move(choice.reasoning);
          out.finish_reason = std::move(choice.finish_reason);
        }
        return true;
      }
      // A choice that is not an object is still the first choice: it carries nothing.
      out.has_choice = true;
      return Skip(depth + 1);
    });
  }

  // The one place that walks a JSON container: p_ at its opening bracket; `element()` reads
  // each member or element (p_ at it) at depth + 1; commas between, `close` at the end.
  template <typename Element>
  bool Sequence(char close, int depth, Element&& element) {
    if (depth + 1 > kMaxDepth) return false;
    ++p_;
    SkipSpace();
    if (At(close)) {
      ++p_;
      return true;
    }
    for (;;) {
      if (!element()) return false;
      SkipSpace();
      if (At(',')) {
        ++p_;
        SkipSpace();
        continue;
      }
      if (At(close)) {
        ++p_;
        return true;
      }
      return false;
    }
  }

  // The members of an object we look into; null or any other value there is skipped, counting
  // as absent like a missing member.
  template <typename Member>
  bool ObjectOrSkip(int depth, Member&& member) {
    if (!At('{')) return Skip(depth);
    return Object(depth, std::forward<Member>(member));
  }

  // An object at p_; `member(key, depth)` reads each value (p_ at the value).
  template <typename Member>
  bool Object(int depth, Member&& member) {
    if (!At('{')) return false;
    std::string scratch;  // only for a key with escapes; plain keys are read in place
    return Sequence('}', depth, [&] {
      std::string_view key;
      if (!At('"') || !Key(key, scratch)) return false;
      SkipSpace();
      if (!At(':')) return false;
      ++p_;
      SkipSpace();
      return member(key, depth + 1);
    });
  }

  // A member name at p_ (the opening quote): a view of the text itself when it holds no
  // escape or non-ASCII byte (every key the scanner looks for), else decoded into `scratch`.
  bool Key(std::string_view& key, std::string& scratch) {
    const char* start = p_ + 1;
    const char* q = start;
    while (q != end_) {
      const auto c = static_cast<unsigned char>(*q);
      if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
      ++q;
    }
    if (q != end_ && *q == '"') {
      key = std::string_view(start, static_cast<std::size_t>(q - start));
      p_ = q + 1;
      return true;
    }
    if (!String(&scratch)) return false;
    key = scratch;
    return true;
  }

  bool StringOrSkip(int depth, std::optional<std::string>& out) {
    if (!At('"')) return Skip(depth);  // null or another type: absent
    std::string value;
    if (!String(&value)) return false;
    out = std::move(value);
    return true;
  }

  bool IntOrSkip(int depth, std::optional<std::int64_t>& out) {
    Kind kind{};
    std::int64_t value = 0;
    if (!Skip(depth, &kind, &value)) return false;
    if (kind == Kind::kInteger) out = value;
    return true;
  }

  // Any JSON value, validated; `kind` and `integer` say what it was.
  bool Skip(int depth, Kind* kind = nullptr, std::int64_t* integer = nullptr) {
    Kind seen = Kind::kOther;
    bool ok = false;
    if (p_ == end_) return false;
    switch (*p_) {
      case '{':
        ok = Object(depth, [this](std::string_view, int d) { return Skip(d); });
        break;
      case '[':
        ok = Array(depth);
        break;
      case '"':
        seen = Kind::kString;
        ok = String(nullptr);
        break;
      case 't':
        ok = Literal("true");
        break;
      case 'f':
        ok = Literal("false");
        break;
      case 'n':
        seen = Kind::kNull;
        ok = Literal("null");
        break;
      default:
        ok = Number(&seen, integer);
        break;
    }
    if (kind != nullptr) *kind = seen;
    return ok;
  }

  bool Array(int depth) {
    return Sequence(']', depth, [&] { return Skip(depth + 1); });
  }

  bool Literal(const char* word) {
    const std::size_t n = std::strlen(word);
    if (static_cast<std::size_t>(end_ - p_) < n || std::memcmp(p_, word, n) != 0) return false;
    p_ += n;
    return true;
  }

  // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?; an integer that fits int64 is kInteger.
  bool Number(Kind* kind, std::int64_t* integer) {
    const char* start = p_;
    bool negative = false;
    if (At('-')) {
      negative = true;
      ++p_;
    }
    if (p_ == end_ || *p_ < '0' || *p_ > '9') return false;
    bool fits = true;
    std::uint64_t magnitude = 0;
    if (*p_ == '0') {
      ++p_;
    } else {
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') {
        const auto digit = static_cast<std::uint64_t>(*p_ - '0');
        if (magnitude > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) fits = false;
        magnitude = magnitude * 10 + digit;
        ++p_;
      }
    }
    bool fraction = false;
    if (At('.')) {
      fraction = true;
      ++p_;
      if (p_ == end_ || *p_ < '0' || *p_ > '9') return false;
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    if (At('e') || At('E')) {
      fraction = true;
      ++p_;
      if (At('+') || At('-')) ++p_;
      if (p_ == end_ || *p_ < '0' || *p_ > '9') return false;
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    const std::uint64_t limit =
        negative ? std::uint64_t{1} << 63 : static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (!fraction && fits && magnitude <= limit && p_ != start) {
      *kind = Kind::kInteger;
      if (integer != nullptr) {
        *integer = negative ? static_cast<std::int64_t>(0 - magnitude) : static_cast<std::int64_t>(magnitude);
      }
    }
    return true;
  }

  // A string at p_ (the opening quote); decoded into `out` unless null. Rejects what a strict
  // parser rejects: control characters, bad escapes, lone surrogates, invalid UTF-8.
  bool String(std::string* out) {
    ++p_;
    if (out != nullptr) out->clear();
    for (;;) {
      // Copy the plain run up to the next quote, backslash, control or non-ASCII byte at once,
      // looking at eight bytes per step while none of them is special.
      const char* run = p_;
      while (end_ - p_ >= 8 && !HasSpecialByte(p_)) p_ += 8;
      while (p_ != end_) {
        const auto c = static_cast<unsigned char>(*p_);
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
        ++p_;
      }
      if (out != nullptr && p_ != run) out->append(run, p_);
      if (p_ == end_) return false;
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        return true;
      }
      if (c < 0x20) return false;
      if (c >= 0x80) {
        const char* seq = p_;
        if (!Utf8()) return false;
        if (out != nullptr) out->append(seq, p_);
        continue;
      }
      if (!Escape(out)) return false;
    }
  }

  // Whether any of the 8 bytes at `at` is '"', '\\', below 0x20 or above 0x7F (exact SWAR
  // tests: a zero byte after XOR, a byte below n, a high bit).
  static bool HasSpecialByte(const char* at) {
    std::uint64_t word = 0;
    std::memcpy(&word, at, sizeof(word));
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
    const auto has_zero = [](std::uint64_t v) { return (v - kOnes) & ~v & kHigh; };
    const std::uint64_t quote = has_zero(word ^ (kOnes * '"'));
    const std::uint64_t backslash = has_zero(word ^ (kOnes * '\\'));
    const std::uint64_t control = (word - kOnes * 0x20) & ~word & kHigh;
    return (quote | backslash | control | (word & kHigh)) != 0;
  }

  bool Utf8() {
    const auto lead = static_cast<unsigned char>(*p_);
    int extra = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      extra = 1;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      extra = 2;
      if (lead == 0xE0) lo = 0xA0;
      if (lead == 0xED) hi = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      extra = 3;
      if (lead == 0xF0) lo = 0x90;
      if (lead == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (end_ - p_ <= extra) return false;
    for (int i = 1; i <= extra; ++i) {
      const auto b = static_cast<unsigned char>(p_[i]);
      const unsigned char min = i == 1 ? lo : 0x80, max = i == 1 ? hi : 0xBF;
      if (b < min || b > max) return false;
    }
    p_ += extra + 1;
    return true;
  }

  bool Escape(std::string* out) {
    ++p_;  // the backslash
    if (p_ == end_) return false;
    char c = *p_++;
    char plain = 0;
    switch (c) {
      case '"': plain = '"'; break;
      case '\\': plain = '\\'; break;
      case '/': plain = '/'; break;
      case 'b': plain = '\b'; break;
      case 'f': plain = '\f'; break;
      case 'n': plain = '\n'; break;
      case 'r': plain = '\r'; break;
      case 't': plain = '\t'; break;
      case 'u': {
        std::uint32_t code = 0;
        if (!Hex4(code)) return false;
        if (code >= 0xDC00 && code <= 0xDFFF) return false;  // a low surrogate first
        if (code >= 0xD800 && code <= 0xDBFF) {
          std::uint32_t low = 0;
          if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
          p_ += 2;
          if (!Hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
        }
        if (out != nullptr) AppendUtf8(*out, code);
        return true;
      }
      default:
        return false;
    }
    if (out != nullptr) out->push_back(plain);
    return true;
  }

  bool Hex4(std::uint32_t& code) {
    if (end_ - p_ < 4) return false;
    for (int i = 0; i < 4; ++i) {
      const char h = *p_++;
      code <<= 4;
      if (h >= '0' && h <= '9') {
        code |= static_cast<std::uint32_t>(h - '0');
      } else if (h >= 'a' && h <= 'f') {
        code |= static_cast<std::uint32_t>(h - 'a' + 10);
      } else if (h >= 'A' && h <= 'F') {
        code |= static_cast<std::uint32_t>(h - 'A' + 10);
      } else {
        return false;
      }
    }
    return true;
  }

  static void AppendUtf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
      out.push_back(static_cast<char>(code));
    } else if (code < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (code >> 6)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else if (code < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (code >> 12)));
      out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (code >> 18)));
      out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
  }

  bool At(char c) const { return p_ != end_ && *p_ == c; }
  void SkipSpace() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
  }

  const char* p_;
  const char* end_;
  bool error_ = false;
};

}  // namespace

ChunkScan ScanStreamChunk(std::string_view json, StreamChunk& out) {
  out = StreamChunk{};
  return Scanner(json).Chunk(out);
}

}  // namespace r1::models
