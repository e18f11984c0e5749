// Code test sets and specs; see code_tests.h.
#include "r1/core/code_tests.h"

#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <nlohmann/json.hpp>
#include <random>

#include "r1/core/sha256.h"

namespace r1 {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

constexpr std::string_view kMagic = "R1CT1\n";

void PutU64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

bool GetU64(std::string_view bytes, std::size_t& pos, std::uint64_t& v) {
  if (bytes.size() - pos < 8) return false;
  v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[pos + i])) << (8 * i);
  pos += 8;
  return true;
}

bool IsHexKey(const std::string& key) {
  if (key.size() != 64) return false;
  for (char c : key) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

std::string EncodeCodeProblemSpec(const CodeProblemSpec& spec) {
  const CodeProblemSpec defaults;
  json j = json::object();
  j["tests_key"] = spec.tests_key;
  j["tests"] = spec.tests;
  j["public_tests"] = spec.public_tests;
  if (!spec.function_name.empty()) j["function_name"] = spec.function_name;
  if (spec.language != defaults.language) j["language"] = spec.language;
  j["time_limit_s"] = spec.time_limit_s;
  j["memory_limit_mb"] = spec.memory_limit_mb;
  if (!spec.checker.empty()) j["checker"] = spec.checker;
  if (spec.input_mode != defaults.input_mode) j["input_mode"] = spec.input_mode;
  if (!spec.skip_reason.empty()) j["skip_reason"] = spec.skip_reason;
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<CodeProblemSpec> ParseCodeProblemSpec(std::string_view gold) {
  json j = json::parse(gold, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return Fail(ErrorCode::kInvalidArgument, "code problem spec: not a JSON object");
  CodeProblemSpec spec;
  auto bad = [](const char* field) {
    return Fail(ErrorCode::kInvalidArgument, std::string("code problem spec: bad field '") + field + "'");
  };
  auto str = [&](const char* field, std::string& out, bool required) -> bool {
    auto it = j.find(field);
    if (it == j.end()) return !required;
    if (!it->is_string()) return false;
    out = it->get<std::string>();
    return true;
  };
  if (!str("tests_key", spec.tests_key, true) || !IsHexKey(spec.tests_key)) return bad("tests_key");
  if (!str("function_name", spec.function_name, false)) return bad("function_name");
  if (!str("checker", spec.checker, false)) return bad("checker");
  if (!str("language", spec.language, false) || !ParseCodeLanguage(spec.language)) return bad("language");
  if (!str("input_mode", spec.input_mode, false)) return bad("input_mode");
  if (!str("skip_reason", spec.skip_reason, false)) return bad("skip_reason");
  if (auto it = j.find("tests"); it == j.end() || !it->is_number_integer() || *it < 0) return bad("tests");
  spec.tests = j["tests"].get<int>();
  if (auto it = j.find("public_tests"); it != j.end()) {
    if (!it->is_number_integer() || *it < 0 || *it > spec.tests) return bad("public_tests");
    spec.public_tests = it->get<int>();
  }
  if (auto it = j.find("time_limit_s"); it != j.end()) {
    if (!it->is_number() || !(it->get<double>() > 0)) return bad("time_limit_s");
    spec.time_limit_s = it->get<double>();
  }
  if (auto it = j.find("memory_limit_mb"); it != j.end()) {
    if (!it->is_number_integer() || *it <= 0) return bad("memory_limit_mb");
    spec.memory_limit_mb = it->get<std::int64_t>();
  }
  if (spec.input_mode != "stdio" && spec.input_mode != "file") return bad("input_mode");
  return spec;
}

std::string EncodeCodeTests(const std::vector<CodeTest>& tests) {
  std::size_t size = kMagic.size() + 4;
  for (const auto& t : tests) size += 17 + t.input.size() + (t.expected ? t.expected->size() : 0);
  std::string out;
  out.reserve(size);
  out += kMagic;
  const auto n = static_cast<std::uint32_t>(tests.size());
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
  for (const auto& t : tests) {
    out.push_back(t.expected ? 1 : 0);
    PutU64(out, t.input.size());
    out += t.input;
    PutU64(out, t.expected ? t.expected->size() : 0);
    if (t.expected) out += *t.expected;
  }
  return out;
}

Result<std::vector<CodeTest>> DecodeCodeTests(std::string_view bytes) {
  auto corrupt = [](const std::string& why) { return Fail(ErrorCode::kDataLoss, "code test set: " + why); };
  if (bytes.size() < kMagic.size() + 4 || bytes.substr(0, kMagic.size()) != kMagic) return corrupt("bad magic");
  std::size_t pos = kMagic.size();
  std::uint32_t n = 0;
  for (int i = 0; i < 4; ++i) n |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[pos + i])) << (8 * i);
  pos += 4;
  // Every test takes at least 17 bytes, so a corrupt count cannot make us reserve gigabytes.
  if (n > (bytes.size() - pos) / 17) return corrupt("count larger than the data");
  std::vector<CodeTest> tests(n);
  for (auto& t : tests) {
    if (pos >= bytes.size()) return corrupt("truncated");
    const char has_expected = bytes[pos++];
    if (has_expected != 0 && has_expected != 1) return corrupt("bad flag");
    std::uint64_t len = 0;
    if (!GetU64(bytes, pos, len) || len > bytes.size() - pos) return corrupt("truncated input");
    t.input.assign(bytes.substr(pos, len));
    pos += len;
    if (!GetU64(bytes, pos, len) || len > bytes.size() - pos) return corrupt("truncated output");
    if (has_expected) t.expected = std::string(bytes.substr(pos, len));
    pos += len;
  }
  if (pos != bytes.size()) return corrupt("trailing bytes");
  return tests;
}

CodeTestStore::CodeTestStore(fs::path dir, std::size_t memory_budget_bytes)
    : dir_(std::move(dir)), budget_(memory_budget_bytes) {}

fs::path CodeTestStore::PathOf(const std::string& key) const { return dir_ / (key + ".tests.gz"); }

bool CodeTestStore::Has(const std::string& key) const {
  std::error_code ec;
  return IsHexKey(key) && fs::is_regular_file(PathOf(key), ec);
}

Result<std::string> CodeTestStore::Put(const std::vector<CodeTest>& tests) {
  const std::string bytes = EncodeCodeTests(tests);
  const std::string key = Sha256Hex(bytes);
  if (Has(key)) return key;
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) return Fail(ErrorCode::kUnavailable, dir_.string() + ": " + ec.message());
  static std::atomic<unsigned> counter{0};
  const fs::path tmp = dir_ / (key + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++));
  // Level 1: test data is bulky text and the set is written once per data version; speed wins.
  gzFile out = gzopen(tmp.c_str(), "wb1");
  if (!out) return Fail(ErrorCode::kUnavailable, tmp.string() + ": cannot write");
  std::size_t done = 0;
  bool ok = true;
  while (ok && done < bytes.size()) {
    const unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(bytes.size() - done, 1u << 24));
    ok = gzwrite(out, bytes.data() + done, chunk) == static_cast<int>(chunk);
    done += chunk;
  }
  ok = gzclose(out) == Z_OK && ok;
  if (ok) fs::rename(tmp, PathOf(key), ec);
  if (!ok || ec) {
    fs::remove(tmp, ec);
    return Fail(ErrorCode::kUnavailable, PathOf(key).string() + ": write failed");
  }
  return key;
}

Result<CodeTestSet> CodeTestStore::Get(const std::string& key) {
  if (!IsHexKey(key)) return Fail(ErrorCode::kInvalidArgument, "bad code test key '" + key + "'");
  {
    std::lock_guard lock(mu_);
    for (auto it = recent_.begin(); it != recent_.end(); ++it) {
      if (it->first == key) {
        recent_.splice(recent_.begin(), recent_, it);
        return recent_.front().second;
      }
    }
  }
  const fs::path path = PathOf(key);
  gzFile in = gzopen(path.c_str(), "rb");
  if (!in) {
    return Fail(ErrorCode::kNotFound, "code tests " + key.substr(0, 12) + " are not in " + dir_.string() +
                                          " (they are written when the suite is loaded; load it again)");
  }
  gzbuffer(in, 1u << 20);
  std::string bytes;
  char buf[1 << 16];
  int got = 0;
  while ((got = gzread(in, buf, sizeof buf)) > 0) bytes.append(buf, static_cast<std::size_t>(got));
  const bool read_ok = got == 0;
  gzclose(in);
  if (!read_ok) return Fail(ErrorCode::kDataLoss, path.string() + ": corrupt gzip");
  if (Sha256Hex(bytes) != key) return Fail(ErrorCode::kDataLoss, path.string() + ": contents do not match the key");
  auto tests = DecodeCodeTests(bytes);
  if (!tests) return std::unexpected(std::move(tests.error()).With(path.string()));
  auto set = std::make_shared<const std::vector<CodeTest>>(std::move(*tests));

  std::lock_guard lock(mu_);
  recent_.emplace_front(key, set);
  recent_bytes_ += bytes.size();
  // Keep at least the newest set, however big: the next sample most likely needs it again.
  while (recent_.size() > 1 && recent_bytes_ > budget_) {
    std::size_t size = 0;
    for (const auto& t : *recent_.back().second) size += 17 + t.input.size() + (t.expected ? t.expected->size() : 0);
    recent_bytes_ -= std::min(recent_bytes_, size + kMagic.size() + 4);
    recent_.pop_back();
  }
  return set;
}

}  // namespace r1
