// Code problems: what a code suite hands a code grader.
//
// The statement goes to the model as usual. The tests do not fit the store: LiveCodeBench's run
// to tens or hundreds of MB per problem, and every run would copy them. So a suite writes each
// problem's tests once into a content-addressed folder (CodeTestStore, file name = SHA-256 of the
// encoded set) and Problem::gold holds a small CodeProblemSpec naming them by key. Graders read
// the same folder. Suites and graders share only this header, never each other's code.
#pragma once

#include <cstdint>
#include <filesystem>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "r1/core/code_runner.h"
#include "r1/core/error.h"

namespace r1 {

/// Problem::gold of a code problem (JSON text; see EncodeCodeProblemSpec).
struct CodeProblemSpec {
  std::string tests_key;  ///< CodeTestStore key of the tests, public ones first
  int tests = 0;          ///< how many tests the set holds
  int public_tests = 0;   ///< the first `public_tests` are the public (sample) tests
  /// LeetCode-style problems: each test calls Solution().<function_name>(*args). Empty: stdin.
  std::string function_name;
  /// The language the prompt asks for: "python" or "cpp" (ParseCodeLanguage names).
  std::string language = "python";
  double time_limit_s = 6.0;
  std::int64_t memory_limit_mb = 1024;
  /// Python source of a checker run as `checker.py input correct_output solution_output`; it
  /// accepts by printing "1" (open-r1's convention for Codeforces). Empty: compare outputs.
  std::string checker;
  /// "stdio", or "file" (the program reads input.txt and writes output.txt).
  std::string input_mode = "stdio";
  /// Non-empty: the problem cannot be judged here (e.g. interactive); graders say so.
  std::string skip_reason;
};

/// JSON object text; fields equal to their defaults are left out.
std::string EncodeCodeProblemSpec(const CodeProblemSpec& spec);
/// kInvalidArgument when `gold` is not a spec (names the field).
Result<CodeProblemSpec> ParseCodeProblemSpec(std::string_view gold);

/// The canonical byte encoding of a test set (the store hashes exactly these bytes):
/// "R1CT1\n", u32 count, then per test u8 has_expected, u64 input length, input,
/// u64 expected length, expected (little-endian).
std::string EncodeCodeTests(const std::vector<CodeTest>& tests);
/// kDataLoss when `bytes` is not such an encoding (truncated, trailing bytes, bad magic).
Result<std::vector<CodeTest>> DecodeCodeTests(std::string_view bytes);

using CodeTestSet = std::shared_ptr<const std::vector<CodeTest>>;

/// A folder of test sets, one gzip file per set named `<sha256>.tests.gz`. Writes are atomic
/// (temporary file, then rename), so concurrent writers of one set are harmless. Reads keep the
/// most recently used sets in memory up to a byte budget, because the k samples of a problem are
/// graded one after another. Thread-safe.
class CodeTestStore {
 public:
  explicit CodeTestStore(std::filesystem::path dir, std::size_t memory_budget_bytes = 256u << 20);

  const std::filesystem::path& dir() const { return dir_; }

  /// Stores `tests` unless a set with the same key is already there; returns the key.
  /// kUnavailable when the folder cannot be written.
  Result<std::string> Put(const std::vector<CodeTest>& tests);
  bool Has(const std::string& key) const;
  /// kNotFound when the set is missing; kDataLoss when its bytes do not hash to `key`.
  Result<CodeTestSet> Get(const std::string& key);

 private:
  std::filesystem::path PathOf(const std::string& key) const;

  std::filesystem::path dir_;
  std::size_t budget_;
  std::mutex mu_;
  std::list<std::pair<std::string, CodeTestSet>> recent_;  ///< most recent first
  std::size_t recent_bytes_ = 0;
};

}  // namespace r1
