// `r1-eval equiv`: the math grader on JSON lines, so users can see why an answer was marked
// wrong (contract in shared/docs/architecture.md).
#pragma once

#include <CLI/CLI.hpp>

#include "r1/core/exit_code.h"

namespace r1::cli {

/// Registers `equiv`. Input on stdin, one JSON object per line: {"gold": G, "pred": P} (a bare
/// answer) or {"gold": G, "response": R} (a whole response; the answer is extracted first,
/// with an optional "finish_reason"). Output on stdout, one JSON object per input line, in
/// order: {"equal", "extracted", "canonical", ...}; with --explain also "explain" and the
/// normal forms. A line that is not such an object gets {"error": ...} and the command exits
/// 2 after the last line.
void AddEquivCommand(CLI::App& app, ExitCode& exit_code);

}  // namespace r1::cli
