// A suite defined by configuration alone: JSON rows + a field mapping + a prompt template +
// a grader key. AIME 2024/2025 and MATH-500 differ only in this configuration.
#pragma once

#include <memory>
#include <string>

#include "r1/core/suite.h"
#include "r1/suites/json_rows.h"

namespace r1::suites {

/// R1's instruction for math problems (DeepSeek-R1 paper, evaluation setup).
inline constexpr std::string_view kR1MathInstruction =
    "Please reason step by step, and put your final answer within \\boxed{}.";

struct RowSuiteConfig {
  std::string name;
  std::string grader;
  std::string prompt_version;
  /// "{question}" is replaced by the problem statement; nothing else is special.
  std::string prompt_template;
  FieldSpec fields;
};

/// Loads `options.data_dir` with `config.fields`; errors as LoadJsonRows.
Result<std::unique_ptr<Suite>> MakeRowSuite(const RowSuiteConfig& config,
                                            const SuiteOptions& options);

/// A row suite over rows already loaded (one file, or rows built into the binary).
std::unique_ptr<Suite> MakeRowSuiteFromRows(const RowSuiteConfig& config, LoadedRows rows);

}  // namespace r1::suites
