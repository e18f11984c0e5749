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
  /// Sent as "Authorization: Bearer" to huggingface.co only (gated datasets such as GPQA's);
  /// libcurl drops it when a redirect leaves that host.
  std::string hf_token{};
  /// Re-hash files already in the cache; a file that no longer matches its pin is deleted and
  /// fetched again (`r1-eval data fetch`).
  bool reverify = false;
  /// A mirror of the canonical files, laid out as MIRROR/<suite>/<file name> (an internal
  /// server for offline sites; loopback in tests). The pins still apply.
  std::string mirror{};
};

/// Reports download progress: (file name, bytes so far, total bytes or -1).
using DownloadProgress = std::function<void(const std::string&, long long, long long)>;

/// The folder holding `suite`'s files. With data_dir it is DIR/<suite> (must exist). Otherwise
/// the cache folder, after fetching any missing pinned file (resuming a partial download,
/// verifying its hash). Offline failures list exactly which files to put where.
Result<std::string> EnsureSuiteDir(const std::string& suite, const std::vector<DataFile>& files,
                                   const DataOptions& options, const DownloadProgress& progress);

/// The lower-case hex SHA-256 of a file (kNotFound when unreadable).
Result<std::string> FileSha256(const std::string& path);

}  // namespace r1::data
