// A thin RAII layer over the sqlite3 C API: a connection and prepared statements with typed
// binds. Private to the store module; every failure becomes an r1::Error naming the statement.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "r1/core/error.h"

namespace r1::store::internal {

/// How long a statement waits for another connection's lock before it fails with SQLITE_BUSY.
/// Long enough for any transaction r1-eval itself holds (they are short; a merge commits per
/// run) on a loaded machine; bounded so a wedged process is reported, not waited on forever.
constexpr int kBusyTimeoutMs = 60000;

/// " (another process held ...)" for SQLITE_BUSY/LOCKED result codes, else empty.
std::string BusyHint(int rc);

class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  ~Statement();

  Statement& Bind(int index, std::int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<std::int64_t>(value)); }
  Statement& Bind(int index, double value);
  Statement& Bind(int index, std::string_view value);
  Statement& Bind(int index, const std::string& value) { return Bind(index, std::string_view(value)); }
  Statement& Bind(int index, const char* value) { return Bind(index, std::string_view(value)); }
  Statement& BindNull(int index);
  Statement& Bind(int index, const std::optional<std::string>& value);

  /// true: a row is ready; false: done. Errors carry the SQL.
  Result<bool> Step();
  /// Runs to completion, ignoring rows.
  Status Run();
  void Reset();

  std::int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  double Real(int col) const { return sqlite3_column_double(stmt_, col); }
  std::string Text(int col) const;
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

class Database {
 public:
  ~Database();
  static Result<Database*> OpenRaw(const std::string& path);  // caller owns
  Result<Statement> Prepare(std::string_view sql);
  /// `sql` prepared on first use and kept for the connection's life, for statements run per
  /// sample: parsing and planning cost more than running them. Bind every parameter before
  /// each run; Run() leaves it reset.
  Result<Statement*> Cached(const std::string& sql);
  Status Exec(std::string_view sql);
  sqlite3* handle() const { return db_; }

 private:
  explicit Database(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
  std::map<std::string, Statement, std::less<>> cached_;  // finalized before the close
};

}  // namespace r1::store::internal
