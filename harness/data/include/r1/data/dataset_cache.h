// Where a suite's files come from: an offline folder (--data-dir / R1_EVAL_DATA_DIR), or a
// cache under $XDG_CACHE_HOME/r1-eval filled from canonical pinned URLs and verified by SHA-256.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "r1/core/data_file.h"
#include "r1/core/error.h"

namespace r1::data {

struct DataOptions {
  std::string data_dir;   ///< offline copies: DIR/<suite>/...; empty: use the cache
  std::string cache_dir;  ///< e.g. ~/.cache/r1-eval
  bool allow_download = true;
};

/// Reports download progress: (file name, bytes so far, total bytes or -1).
using DownloadProgress = std::function<void(const std::string&, long long, long long)>;

/// The folder holding `suite`'s files. With data_dir it is DIR/<suite> (must exist). Otherwise
/// the cache folder, after fetching any missing pinned file (resuming a partial download,
/// verifying its hash). Offline failures list exactly which files to put where.
Result<std::string> EnsureSuiteDir(const std::string& suite, const std::vector<DataFile>& files,
                                   const DataOptions& options, const DownloadProgress& progress);

}  // namespace r1::data
