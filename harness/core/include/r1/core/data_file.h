// A pinned upstream data file: where a suite's canonical copy lives and what it must hash to.
#pragma once

#include <string>

namespace r1 {

struct DataFile {
  std::string name;    ///< file name inside the suite folder, e.g. "test.jsonl"
  std::string url;     ///< canonical download URL, pinned to a commit
  std::string sha256;  ///< lower-case hex digest the bytes must have
};

}  // namespace r1
