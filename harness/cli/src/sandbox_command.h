// `r1-eval sandbox run`: one program, one test, in the sandbox (contract in
// shared/docs/architecture.md; what the sandbox promises in SECURITY.md).
#pragma once

#include <CLI/CLI.hpp>

#include "r1/core/exit_code.h"

namespace r1::cli {

/// Registers `sandbox run --lang python|cpp FILE [--stdin FILE] [--expect FILE]
/// [--time-limit S] [--memory-limit MB] [--function NAME] [--lcb] [--cache-dir DIR]`.
/// Prints one JSON object: verdict (OK|WA|TLE|MLE|OLE|RE|CE|IE), cpu_ms, wall_ms, memory_kb,
/// exit_code, signal, stdout and stderr (4 KiB heads, with *_truncated), detail; for C++ also
/// compile {cached, output}. Exit code 0 whatever the program did, 2 for bad usage or unreadable
/// files, 3 when the sandbox itself failed (IE, or this host cannot sandbox).
void AddSandboxCommand(CLI::App& app, ExitCode& exit_code);

}  // namespace r1::cli
