// Thrift compact protocol, read side only: the footer and page headers of Parquet use it.
// Errors are sticky (like a stream's failbit): after the first one every read returns a
// default value, and the caller checks ok() once at the end.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace r1::parquet {

enum ThriftType : int {
  kStop = 0,
  kTrue = 1,
  kFalse = 2,
  kByte = 3,
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,
};

class CompactReader {
 public:
  explicit CompactReader(std::string_view data) : data_(data) {}

  bool ok() const { return ok_; }
  const std::string& error() const { return error_; }
  std::size_t position() const { return pos_; }

  /// Calls `field(id, type)` for every field of the struct at the cursor; `field` must consume
  /// the value (a read or Skip(type)).
  template <class F>
  void Struct(F&& field) {
    if (++depth_ > 32) return Fail("nesting too deep");
    std::int16_t last = 0;
    while (ok_) {
      std::uint8_t header = Byte();
      if (!ok_ || header == 0) break;
      int type = header & 0x0f;
      int delta = header >> 4;
      std::int16_t id = delta ? static_cast<std::int16_t>(last + delta)
                              : static_cast<std::int16_t>(ZigZag(Varint()));
      last = id;
      if (type == kTrue || type == kFalse) {
        bool_value_ = type == kTrue;
      }
      field(id, type);
    }
    --depth_;
  }

  /// Reads a list header and calls `element(type)` once per element.
  template <class F>
  void List(F&& element) {
    std::uint8_t header = Byte();
    std::uint64_t size = header >> 4;
    if (size == 15) size = Varint();
    int type = header & 0x0f;
    if (size > data_.size()) return Fail("list longer than the data");
    for (std::uint64_t i = 0; i < size && ok_; ++i) element(type);
  }

  std::int64_t Int() { return ZigZag(Varint()); }
  /// A struct field's bool lives in its type nibble.
  bool FieldBool() const { return bool_value_; }
  std::string Binary() {
    std::uint64_t n = Varint();
    if (!ok_ || n > data_.size() - pos_) {
      Fail("string longer than the data");
      return {};
    }
    std::string out(data_.substr(pos_, n));
    pos_ += n;
    return out;
  }

  void Skip(int type) {
    switch (type) {
      case kTrue:
      case kFalse:
        return;
      case kByte:
        Byte();
        return;
      case kI16:
      case kI32:
      case kI64:
        Varint();
        return;
      case kDouble:
        Advance(8);
        return;
      case kBinary:
        Binary();
        return;
      case kList:
      case kSet:
        List([this](int t) {
          if (t == kTrue || t == kFalse) {
            Byte();  // booleans inside collections take one byte each
          } else {
            Skip(t);
          }
        });
        return;
      case kMap: {
        std::uint64_t n = Varint();
        if (n == 0) return;
        std::uint8_t kv = Byte();
        for (std::uint64_t i = 0; i < n && ok_; ++i) {
          Skip(kv >> 4);
          Skip(kv & 0x0f);
        }
        return;
      }
      case kStruct:
        Struct([this](std::int16_t, int t) { Skip(t); });
        return;
      default:
        Fail("unknown thrift type " + std::to_string(type));
    }
  }

 private:
  void Fail(const std::string& why) {
    if (ok_) error_ = why + " at byte " + std::to_string(pos_);
    ok_ = false;
  }
  std::uint8_t Byte() {
    if (!ok_ || pos_ >= data_.size()) {
      Fail("unexpected end of thrift data");
      return 0;
    }
    return static_cast<std::uint8_t>(data_[pos_++]);
  }
  void Advance(std::size_t n) {
    if (!ok_ || n > data_.size() - pos_) return Fail("unexpected end of thrift data");
    pos_ += n;
  }
  std::uint64_t Varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64 && ok_; shift += 7) {
      std::uint8_t b = Byte();
      v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    Fail("varint too long");
    return 0;
  }
  static std::int64_t ZigZag(std::uint64_t v) {
    return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
  }

  std::string_view data_;
  std::size_t pos_ = 0;
  bool ok_ = true;
  bool bool_value_ = false;
  int depth_ = 0;
  std::string error_;
};

}  // namespace r1::parquet
