// RAII wrappers over sqlite3; see sqlite_db.h.
#include "sqlite_db.h"

#include <utility>

namespace r1::store::internal {

std::string BusyHint(int rc) {
  if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED) return {};
  return " (another process held the store's lock for more than " +
         std::to_string(kBusyTimeoutMs / 1000) + " s)";
}

Statement::Statement(Statement&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    if (stmt_) sqlite3_finalize(stmt_);
    db_ = std::exchange(other.db_, nullptr);
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

Statement::~Statement() {
  if (stmt_) sqlite3_finalize(stmt_);
}

Statement& Statement::Bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}
Statement& Statement::Bind(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
  return *this;
}
Statement& Statement::Bind(int index, std::string_view value) {
  sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}
Statement& Statement::Bind(int index, const std::optional<std::string>& value) {
  return value ? Bind(index, std::string_view(*value)) : BindNull(index);
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  std::string sql = sqlite3_sql(stmt_) ? sqlite3_sql(stmt_) : "";
  if (sql.size() > 60) sql = sql.substr(0, 60) + "...";
  ErrorCode code = ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
                       ? ErrorCode::kDataLoss
                       : ErrorCode::kUnavailable;
  return Fail(code, std::string("sqlite: ") + sqlite3_errmsg(db_) + BusyHint(rc) + " (in: " + sql + ")");
}

Status Statement::Run() {
  while (true) {
    auto row = Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
  }
  Reset();
  return {};
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string Statement::Text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  if (!p) return {};
  return std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, col));
}

Database::~Database() {
  cached_.clear();
  if (db_) sqlite3_close_v2(db_);
}

Result<Statement*> Database::Cached(const std::string& sql) {
  if (auto it = cached_.find(sql); it != cached_.end()) return &it->second;
  auto st = Prepare(sql);
  if (!st) return std::unexpected(st.error());
  return &cached_.emplace(sql, std::move(*st)).first->second;
}

Result<Database*> Database::OpenRaw(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    if (db) sqlite3_close_v2(db);
    return Fail(ErrorCode::kUnavailable, "cannot open store '" + path + "': " + msg);
  }
  sqlite3_extended_result_codes(db, 1);
  // Other processes may hold the lock (a run committing, another process creating the schema):
  // wait for it, boundedly, instead of failing at once.
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  return new Database(db);
}

Result<Statement> Database::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) {
    ErrorCode code = (rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT
                         ? ErrorCode::kDataLoss
                         : ErrorCode::kUnavailable;
    return Fail(code, std::string("sqlite: ") + sqlite3_errmsg(db_));
  }
  return Statement(db_, stmt);
}

Status Database::Exec(std::string_view sql) {
  char* err = nullptr;
  std::string owned(sql);
  int rc = sqlite3_exec(db_, owned.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = (err ? err : "unknown error") + BusyHint(rc);
    sqlite3_free(err);
    ErrorCode code = (rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT
                         ? ErrorCode::kDataLoss
                         : ErrorCode::kUnavailable;
    return Fail(code, "sqlite: " + msg);
  }
  return {};
}

}  // namespace r1::store::internal
