// Store migrations; see schema.h.
#include "schema.h"

namespace r1::store::internal {

const std::vector<std::string_view>& Migrations() {
  static const std::vector<std::string_view> kMigrations = {
      // 1: runs, problems, samples, grades.
      R"sql(
CREATE TABLE runs(
  id INTEGER PRIMARY KEY,
  identity TEXT NOT NULL,
  label TEXT UNIQUE,
  suite TEXT NOT NULL,
  data_version TEXT NOT NULL,
  model TEXT NOT NULL,
  endpoint TEXT NOT NULL,
  temperature REAL NOT NULL,
  top_p REAL NOT NULL,
  max_tokens INTEGER NOT NULL,
  stream INTEGER NOT NULL,
  prompt_version TEXT NOT NULL,
  grader TEXT NOT NULL,
  samples_per_problem INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  finished_at TEXT);
CREATE INDEX runs_by_identity ON runs(identity);
CREATE TABLE problems(
  run_id INTEGER NOT NULL REFERENCES runs(id),
  problem_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  question TEXT NOT NULL,
  gold TEXT NOT NULL,
  meta TEXT NOT NULL,
  PRIMARY KEY(run_id, problem_id));
CREATE TABLE samples(
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id),
  problem_id TEXT NOT NULL,
  sample_index INTEGER NOT NULL,
  content TEXT NOT NULL,
  reasoning TEXT NOT NULL,
  finish_reason TEXT NOT NULL,
  served_model TEXT NOT NULL,
  prompt_tokens INTEGER NOT NULL,
  completion_tokens INTEGER NOT NULL,
  reasoning_tokens INTEGER NOT NULL,
  latency_s REAL NOT NULL,
  attempts INTEGER NOT NULL,
  error_code TEXT,
  error TEXT,
  sample_data TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE(run_id, problem_id, sample_index));
CREATE TABLE grades(
  sample_id INTEGER PRIMARY KEY REFERENCES samples(id),
  grader_version TEXT NOT NULL,
  extracted TEXT NOT NULL,
  canonical_key TEXT NOT NULL,
  correct INTEGER NOT NULL,
  truncated INTEGER NOT NULL,
  detail TEXT NOT NULL,
  graded_at TEXT NOT NULL);
)sql",
      // 2: claims, so processes sharing a run each ask for different samples (store.h,
      // ClaimMissing). An owner is one process; its lease covers all its claims.
      R"sql(
CREATE TABLE claim_owners(
  token TEXT PRIMARY KEY,
  pid INTEGER NOT NULL,
  host TEXT NOT NULL,
  start_ticks INTEGER NOT NULL,
  hostname TEXT NOT NULL,
  started_at REAL NOT NULL,
  expires_at REAL NOT NULL);
CREATE TABLE claims(
  run_id INTEGER NOT NULL REFERENCES runs(id),
  problem_id TEXT NOT NULL,
  sample_index INTEGER NOT NULL,
  owner TEXT NOT NULL,
  claimed_at REAL NOT NULL,
  failed_at REAL,
  PRIMARY KEY(run_id, problem_id, sample_index));
CREATE INDEX claims_by_owner ON claims(owner);
)sql",
      // 3: judge failures of our own machinery are stored as unscored, not as wrong answers.
      R"sql(
ALTER TABLE grades ADD COLUMN unscored INTEGER NOT NULL DEFAULT 0;
)sql",
      // 4: the attributes a run's suite declares for breakdowns, one per line; NULL for runs
      // stored before (reports then ask the built-in suite of that name).
      R"sql(
ALTER TABLE runs ADD COLUMN breakdowns TEXT;
)sql",
  };
  return kMigrations;
}

}  // namespace r1::store::internal
