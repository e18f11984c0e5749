// LiveCodeBench code generation (livecodebench/code_generation_lite). Formats, the official
// runner's semantics and the R1 window: shared/docs/reference/datasets.md section 5.
//
// Loading streams every selected JSONL file line by line (lines run to tens of MB), hashing the
// bytes as they pass, keeps the rows whose contest day is inside the window, decodes their tests
// (public JSON, private base64 -> zlib -> pickle -> JSON) and writes each problem's tests once to
// the code test store (r1/core/code_tests.h). The kept rows, without tests, are cached as a
// reduced file keyed by the input files' names, sizes and mtimes and the window, so later loads
// read a few hundred KB instead of gigabytes.
//
// Prompt: LiveCodeBench's generic code-generation prompt (lcb_runner/prompts/code_generation.py,
// get_generic_question_template_answer) under R1's rules: no system message. The official system
// text goes first in the user turn, separated by a blank line, exactly as LiveCodeBench itself
// sends it to models that take no system prompt (its OpenAIReasonPreview style).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "r1/core/code_runner.h"
#include "r1/core/error.h"
#include "r1/core/suite.h"
#include "r1/suites/date_window.h"

namespace r1::suites {

inline constexpr std::string_view kLcbSystemMessage =
    "You are an expert Python programmer. You will be given a question (problem specification) and "
    "will generate a correct Python program that matches the specification and passes all tests.";

/// One row of code_generation_lite (every field is a string upstream).
struct LcbRow {
  std::string question_id;
  std::string question_title;
  std::string question_content;
  std::string platform;      ///< leetcode | codeforces | atcoder
  std::string contest_id;
  std::string contest_date;  ///< ISO datetime
  std::string starter_code;  ///< "" for stdin problems
  std::string difficulty;    ///< easy | medium | hard
  std::string public_tests;  ///< JSON text
  std::string private_tests; ///< JSON text or the encoded blob
  std::string func_name;     ///< metadata.func_name; "" for stdin problems
};

/// A decoded test: for stdin problems stdin and expected stdout; for functional problems one JSON
/// value per line (the arguments) and the expected return value as JSON.
struct LcbTest {
  std::string input;
  std::string output;
  bool functional = false;
};

/// Parses one JSONL line; kInvalidArgument names the missing or mistyped field.
Result<LcbRow> ParseLcbRow(std::string_view line);

/// A zlib stream (header 78 xx), inflated; more than `max_bytes` of output is kInvalidArgument.
Result<std::string> InflateZlib(std::string_view data, std::size_t max_bytes = std::size_t{1} << 32);

/// The one pickle shape LiveCodeBench's payloads use: a single str. Accepted, in order: PROTO
/// (0x80, version 2-5), an optional FRAME (0x95 + u64), one of SHORT_BINUNICODE (0x8c + u8 len),
/// BINUNICODE (0x58 + u32 len) or BINUNICODE8 (0x8d + u64 len) with its UTF-8 bytes, an optional
/// MEMOIZE (0x94), STOP (0x2e), and nothing after. Anything else is kInvalidArgument naming the
/// opcode and its offset; this is not a general unpickler and never will be.
Result<std::string> UnpickleString(std::string_view pickle);

/// A test-case field: JSON text of [{"input","output","testtype"}...], or, when it does not
/// parse as JSON, base64 -> zlib -> pickle -> that JSON text (LiveCodeBench's own order).
Result<std::vector<LcbTest>> DecodeLcbTests(std::string_view field);

/// The upstream files of a release selector, in order: "release_vN" = test.jsonl..testN.jsonl,
/// "vN" = that file alone (v1 = test.jsonl), "vA_vB" = files A..B, "release_latest" = all six.
/// kInvalidArgument for anything else.
Result<std::vector<std::string>> LcbReleaseFiles(std::string_view release);

/// The user message for a row (see the file comment).
std::string LcbPrompt(const LcbRow& row);

/// The suite: options.data_dir holds the JSONL files (every *.jsonl, or those of
/// options.variant), options.since/until override the R1 window, options.cache_dir receives
/// the reduced cache and the tests (<cache_dir>/code-tests).
Result<std::unique_ptr<Suite>> MakeLiveCodeBenchSuite(const SuiteOptions& options);

/// <cache_dir>/code-tests: where code suites put tests and code graders find them.
std::string CodeTestsDir(const std::string& cache_dir);

}  // namespace r1::suites
