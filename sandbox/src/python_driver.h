// The Python program that hosts a solution inside the sandbox (functional calls and the
// LiveCodeBench-compatible stdin runner). Internal to r1::sandbox.
#pragma once

#include <string_view>

namespace r1::sandbox::internal {

/// Source of driver.py. Usage inside the sandbox (the solution is /src/main.py):
///   python3 driver.py stdio-lcb       LiveCodeBench stdin/stdout hosting
///   python3 driver.py call-lcb NAME   LiveCodeBench functional call Solution().NAME(*args)
///   python3 driver.py call NAME       the same with only `from typing import *` as prelude
/// Functional modes print one line "\x1eR1RESULT v <json>" or "\x1eR1RESULT u <type name>"
/// (a value JSON cannot represent faithfully, which never equals a JSON value) as the last
/// thing on stdout; everything the solution prints itself goes to /dev/null, as in LCB.
std::string_view PythonDriverSource();

/// The marker in front of a functional result line.
inline constexpr std::string_view kResultMarker = "\x1eR1RESULT ";

}  // namespace r1::sandbox::internal
