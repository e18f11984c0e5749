// Store::Impl, shared by the files that implement Store (store.cc, claims.cc).
#pragma once

#include <memory>
#include <utility>
#include <vector>

#include "r1/store/store.h"
#include "sqlite_db.h"

namespace r1::store {
namespace internal {

// Runs `body` in a write transaction taken up front (BEGIN IMMEDIATE), or in a savepoint when
// the caller already holds a transaction. A deferred transaction that reads and then writes
// fails at once with SQLITE_BUSY_SNAPSHOT when another process wrote in between (the busy
// timeout does not apply); taking the write lock first makes it wait its turn instead.
template <class Body>
auto InWriteTransaction(Database& db, Body&& body) -> decltype(body()) {
  const bool outermost = sqlite3_get_autocommit(db.handle()) != 0;
  if (auto s = db.Exec(outermost ? "BEGIN IMMEDIATE" : "SAVEPOINT write_txn"); !s) {
    return std::unexpected(s.error());
  }
  auto result = body();
  if (!result) {
    (void)db.Exec(outermost ? "ROLLBACK" : "ROLLBACK TO write_txn; RELEASE write_txn");
    return result;
  }
  if (auto s = db.Exec(outermost ? "COMMIT" : "RELEASE write_txn"); !s) {
    if (outermost) (void)db.Exec("ROLLBACK");
    return std::unexpected(s.error());
  }
  return result;
}

// The (problem_id, sample_index) rows a bound statement selects, in its first two columns.
inline Result<std::vector<SampleKey>> ReadSampleKeys(Statement& st) {
  std::vector<SampleKey> out;
  while (true) {
    auto row = st.Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return out;
    out.emplace_back(st.Text(0), static_cast<int>(st.Int(1)));
  }
}

}  // namespace internal

class Store::Impl {
 public:
  std::unique_ptr<internal::Database> db;
  internal::Statement put_sample;
  internal::Statement find_sample;
  internal::Statement put_grade;
};

}  // namespace r1::store
