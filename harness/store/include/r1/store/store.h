// The SQLite store: the hand-off between sampling, grading and reporting.
//
// Durability: WAL journal, synchronous=NORMAL by default. A completion is committed in its own
// transaction before it is graded, so a crash of the process (SIGKILL included) loses at most
// the requests in flight; an operating-system crash or power loss may also roll back the last
// commits before the WAL was synced (synchronous=FULL closes that window at ~1 fsync/sample;
// Durability::kFull). Every key is (run, problem_id, sample_index) and a successful sample is
// never overwritten, so rerunning is idempotent.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "r1/core/error.h"
#include "r1/core/types.h"

namespace r1::store {

/// What identifies a run; its hash is the run identity.
struct RunSpec {
  std::string suite;
  std::string data_version;
  std::string model;     ///< served model name
  std::string endpoint;  ///< where it was served (not part of the identity; never a key)
  GenParams params;
  std::string prompt_version;
  std::string grader;  ///< grader key
  int samples_per_problem = 0;
  std::string label;  ///< optional; unique per store; OpenRun matches it with the identity
  /// Problem attributes the suite declares for breakdowns (MATH-500's subject and level, a
  /// user suite's "breakdowns"). Stored with the run so reports made later, without the suite
  /// file, break down the same way. Not part of the identity. nullopt: not known (an old run
  /// merged), reports then ask the built-in suite of that name.
  std::optional<std::vector<std::string>> breakdowns;

  /// SHA-256 over (suite, data version, model, sampling params, prompt version, k). The label
  /// is not hashed (hashes of existing stores stay valid) but OpenRun matches it too.
  std::string Identity() const;
};

struct RunRecord {
  std::int64_t id = 0;
  std::string identity;
  std::string label;
  /// As RunSpec::breakdowns; nullopt for runs stored before the store kept them (callers then
  /// ask the built-in suite of that name).
  std::optional<std::vector<std::string>> breakdowns;
  std::string suite;
  std::string data_version;
  std::string model;
  std::string endpoint;
  GenParams params;
  std::string prompt_version;
  std::string grader;
  int samples_per_problem = 0;
  std::string created_at;
  std::string finished_at;  ///< empty while unfinished
};

/// A stored sample with its grade, if graded.
struct StoredSample {
  std::int64_t id = 0;
  std::string problem_id;
  int sample_index = 0;
  Completion completion;
  std::string sample_data;
  std::optional<Grade> grade;
  std::string grader_version;
};

enum class Durability { kNormal, kFull };

/// (problem_id, sample_index): one sample of a run.
using SampleKey = std::pair<std::string, int>;

/// One process that claims samples (see ClaimMissing). Several processes on one machine can
/// share a run; a claim says which process asks for a sample, so the others leave it alone.
struct ClaimOwner {
  std::string token;            ///< random, per process: the claim's owner
  std::int64_t pid = 0;
  /// Boot id and pid namespace: two owners with the same `host` have comparable pids, so a
  /// claim whose process is gone is freed at once instead of when its lease runs out.
  /// Empty when unknown (then only the lease frees it).
  std::string host;
  std::int64_t start_ticks = 0;  ///< the process's start time (/proc), so a reused pid differs
  std::string hostname;          ///< for people reading the store
  double started_at = 0;         ///< wall clock, seconds since the epoch

  static ClaimOwner ThisProcess();
  /// Whether the process `owner` names still runs; only meaningful when `host` equals ours.
  static bool Alive(const ClaimOwner& owner);
};

struct ClaimBatch {
  std::vector<SampleKey> claimed;  ///< now held by the caller, in the order asked
  std::vector<SampleKey> done;     ///< stored successfully (by another process): drop them
  /// Another process running now stored them with an error after the caller started: asking
  /// again would repeat what it asked (a later session retries errors, as on resume).
  std::vector<SampleKey> failed_elsewhere;
  int held_elsewhere = 0;  ///< claimed by a live process: ask again later, they may be freed
};

struct SampleWrite {
  std::int64_t id = 0;   ///< the sample's row
  /// false: a successful sample was already there and was kept. Its grade belongs to whoever
  /// stored it: grading the completion just passed in onto `id` would mix two completions.
  bool written = false;
};

class Store {
 public:
  /// Opens (creating and migrating as needed). kUnavailable when the file cannot be opened or
  /// written; kDataLoss when it is not an r1-eval store or is from a newer version.
  static Result<std::unique_ptr<Store>> Open(const std::string& path,
                                             Durability durability = Durability::kNormal);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  /// With a label: the run with that label, or a new one. Without: the newest run with this
  /// spec's identity (whatever its label), or a new one when there is none or `fresh`.
  /// `created` (optional) says which. A label already naming a run with another identity, or
  /// any existing label with `fresh`, is kInvalidArgument: a label never opens another run.
  Result<RunRecord> OpenRun(const RunSpec& spec, bool fresh, bool* created = nullptr);

  /// Records the problems of a run (idempotent; the first record of a problem wins).
  Status PutProblems(std::int64_t run_id, const std::vector<Problem>& problems);

  /// (problem_id, sample_index) pairs that already have a successful completion.
  Result<std::vector<std::pair<std::string, int>>> CompletedPairs(std::int64_t run_id);

  /// Stores a completion durably. An errored sample may be replaced by a later attempt; a
  /// successful one is never replaced (the later one is dropped).
  Result<SampleWrite> PutSample(std::int64_t run_id, const std::string& problem_id,
                                 int sample_index, const Completion& completion,
                                 const std::string& sample_data);

  Status PutGrade(std::int64_t sample_id, const Grade& grade, const std::string& grader_version);

  Status MarkFinished(std::int64_t run_id);

  Result<std::vector<RunRecord>> Runs();
  /// By numeric id or by label; kNotFound names what was asked for.
  Result<RunRecord> FindRun(const std::string& id_or_label);
  Result<std::vector<Problem>> Problems(std::int64_t run_id);
  /// Every sample of a run ordered by (problem position, sample_index).
  Result<std::vector<StoredSample>> Samples(std::int64_t run_id);

  enum class Text { kWith, kWithout };
  /// Visits the samples of a run in the order of Samples() one at a time, so memory stays flat
  /// whatever the run's size. Text::kWithout leaves content and reasoning empty (metrics only).
  /// The first error `visit` returns stops the walk and is returned.
  Status ForEachSample(std::int64_t run_id, Text text,
                       const std::function<Status(const StoredSample&)>& visit);

  /// Number of samples stored for a run.
  Result<std::int64_t> SampleCount(std::int64_t run_id);

  /// Claims up to `n` samples of `wanted` (walked in order) for `owner`: those with no
  /// successful sample, no claim of a live process, and not failed by another process since
  /// `owner` started. One write transaction, so two processes never claim the same sample. A
  /// claim lives while its owner's lease (`lease_s` from now, extended by RenewClaims) lasts and,
  /// on this machine, while its process exists: a process killed with SIGKILL frees its claims
  /// for the next caller. For one machine: SQLite's locking over network filesystems is not
  /// to be trusted, so clusters use --shard and merge instead.
  Result<ClaimBatch> ClaimMissing(std::int64_t run_id, const std::vector<SampleKey>& wanted,
                                  int n, const ClaimOwner& owner, double lease_s);
  /// Extends `owner`'s lease to `lease_s` from now. false: it had run out (or was found dead),
  /// so its claims were freed and other processes may be asking for them.
  Result<bool> RenewClaims(const ClaimOwner& owner, double lease_s);
  /// Ends `owner`'s claim on one sample. `failed`: it was stored with an error; the claim stays
  /// as a marker (see ClaimBatch::failed_elsewhere). Otherwise it is removed.
  Status ReleaseClaim(std::int64_t run_id, const SampleKey& key, const ClaimOwner& owner,
                      bool failed);
  /// Removes every claim and the lease of `owner` (end of a session, interruption).
  Status ReleaseAllClaims(const ClaimOwner& owner);
  /// Samples of a run claimed by live processes other than `owner`.
  Result<std::vector<SampleKey>> ClaimedElsewhere(std::int64_t run_id, const ClaimOwner& owner);

  int SchemaVersion() const;

  /// Runs `body` inside one transaction (committed if it succeeds, rolled back otherwise).
  /// For bulk copies; the sampling loop commits each sample on its own.
  Status Transaction(const std::function<Status()>& body);

 private:
  class Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  Result<RunRecord> OpenRunLocked(const RunSpec& spec, bool fresh, bool* created);
  /// Frees the claims of owners whose lease ran out or whose process is gone.
  Status ExpireClaims(const ClaimOwner& self, double now);
  std::unique_ptr<Impl> impl_;
};

struct MergeReport {
  int runs = 0;
  int samples_copied = 0;
  int samples_kept = 0;  ///< already stored successfully in the output; left as they were
  int runs_finished =
      0;  ///< merged runs with every (problem, sample) pair successful, marked finished
};

/// Combines the runs of shard stores into `out` (creating each run there as needed). Every input
/// must hold the same set of runs (by identity), as the shards of one job do; otherwise
/// kInvalidArgument names the store and the run that does not match. `names` label the inputs
/// in messages.
Result<MergeReport> MergeStores(Store& out, const std::vector<Store*>& inputs,
                                const std::vector<std::string>& names);

}  // namespace r1::store
