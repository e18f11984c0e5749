// `r1-eval import`: generations made elsewhere (JSON or JSONL) become a run in the store, matched
// to a suite's problems and graded exactly like our own samples.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "r1/core/grader.h"
#include "r1/core/suite.h"
#include "r1/store/store.h"

namespace r1::runner {

/// Which fields of a foreign record hold what.
struct ImportFields {
  std::string response = "response";  ///< a string, or a list of k samples
  std::string problem = "problem";     ///< the problem text (matched whitespace-normalised)
  std::string id;                      ///< optional: matched against the suite's problem ids
  std::string finish_reason;           ///< optional: a string, or a list parallel to responses
  /// The chat template opened `<think>` in the prompt (R1-distill): each response is thinking up
  /// to its `</think>`, and one without `</think>` is thinking that never closed (truncated),
  /// never an answer read from boxes in unfinished reasoning.
  bool think_opened = false;
};

/// One record's generations, matched to a suite problem.
struct ImportedProblem {
  const Problem* problem = nullptr;
  std::vector<std::string> responses;
  std::vector<std::string> finish_reasons;  ///< empty or one per response
};

/// Reads a JSON array or JSON lines file and matches each record to `suite`'s problems: by id
/// when the id field is given and present, else by whitespace-normalised problem text.
/// kInvalidArgument names the file, the record and what did not match.
Result<std::vector<ImportedProblem>> ReadImport(const std::string& path, const Suite& suite,
                                                const ImportFields& fields);

struct ImportReport {
  store::RunRecord run;
  int problems = 0;
  int samples = 0;
};

/// Stores the matched generations as run `spec` (k = the most responses any record has) and
/// grades them. Reimporting the same file into the same store changes nothing.
Result<ImportReport> ImportRun(store::Store& store, store::RunSpec spec, const Suite& suite,
                               const Grader& grader, const std::vector<ImportedProblem>& records,
                               bool think_opened = false);

/// A response as a server's reasoning parser would deliver it when the prompt opened `<think>`:
/// the text before the last `</think>` is reasoning, the rest content; without `</think>` all of
/// it is reasoning and content is empty.
Completion SplitOpenedThinking(std::string_view response);

}  // namespace r1::runner
