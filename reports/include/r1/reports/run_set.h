// Naming the runs a command works on: in the store, or in a JSON report file.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "r1/reports/run_summary.h"
#include "r1/store/store.h"

namespace r1::reports {

/// Opens an existing store for reading; kNotFound (not an empty new store) when the file is
/// missing, since a mistyped --db must not look like a store without runs.
Result<std::unique_ptr<store::Store>> OpenExistingStore(const std::string& path);

/// The runs named by `selector` in `store`: comma-separated run ids or labels, or else a model
/// name, meaning that model's newest run of each suite. kNotFound names what was asked for.
Result<std::vector<store::RunRecord>> SelectRuns(store::Store& store, const std::string& selector);

/// One side of a compare or gate: a JSON report file when `selector` names an existing file,
/// else runs in the store at `db_path` (see SelectRuns), summarized.
Result<std::vector<RunSummary>> LoadRunSet(const std::string& selector, const std::string& db_path);

/// Writes `text` to `path` through a temporary file renamed into place, so a reader never sees
/// half a report; kUnavailable when it cannot.
Status WriteFileAtomically(const std::string& path, const std::string& text);

}  // namespace r1::reports
