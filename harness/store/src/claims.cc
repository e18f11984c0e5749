// Claims: processes sharing one run ask for different samples; see ClaimMissing in store.h.
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include <fmt/format.h>

#include "r1/store/store.h"
#include "sqlite_db.h"
#include "store_impl.h"

namespace r1::store {

using internal::Database;
using internal::InWriteTransaction;

namespace {

double WallNow() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string FirstLine(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

struct ProcStat {
  char state = '?';
  std::int64_t start_ticks = 0;
};

// /proc/PID/stat: "pid (comm) state ppid ... starttime(22nd field) ..."; comm may hold spaces
// and parentheses, so fields are counted from the last ')'.
std::optional<ProcStat> ReadProcStat(std::int64_t pid) {
  std::string line = FirstLine(fmt::format("/proc/{}/stat", pid));
  auto close = line.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(line.substr(close + 1));
  ProcStat stat;
  fields >> stat.state;
  std::string skip;
  for (int field = 4; field < 22 && fields >> skip; ++field) {
  }
  if (!(fields >> stat.start_ticks)) return std::nullopt;
  return stat;
}

// Boot id and pid namespace: pids mean the same process only where both are equal.
std::string HostKey() {
  std::string boot = FirstLine("/proc/sys/kernel/random/boot_id");
  char ns[128] = {};
  ssize_t n = readlink("/proc/self/ns/pid", ns, sizeof ns - 1);
  if (boot.empty() || n <= 0) return {};
  return boot + "/" + std::string(ns, static_cast<std::size_t>(n));
}

std::string RandomToken() {
  std::random_device rd;
  std::string token;
  for (int i = 0; i < 4; ++i) token += fmt::format("{:08x}", rd());
  return token;
}

}  // namespace

ClaimOwner ClaimOwner::ThisProcess() {
  ClaimOwner owner;
  owner.token = RandomToken();
  owner.pid = getpid();
  owner.host = HostKey();
  if (auto stat = ReadProcStat(owner.pid)) owner.start_ticks = stat->start_ticks;
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) == 0) owner.hostname = name;
  owner.started_at = WallNow();
  return owner;
}

bool ClaimOwner::Alive(const ClaimOwner& owner) {
  if (owner.pid <= 0) return false;
  if (auto stat = ReadProcStat(owner.pid)) {
    // A zombie has exited (its parent has not reaped it yet); another start time is another
    // process that reused the pid.
    if (stat->state == 'Z' || stat->state == 'X') return false;
    return owner.start_ticks == 0 || stat->start_ticks == owner.start_ticks;
  }
  if (ReadProcStat(getpid())) return false;  // /proc works and has no such process
  return kill(static_cast<pid_t>(owner.pid), 0) == 0 || errno == EPERM;
}

Status Store::ExpireClaims(const ClaimOwner& self, double now) {
  Database& db = *impl_->db;
  auto owners = db.Prepare(
      "SELECT token, pid, host, start_ticks, expires_at FROM claim_owners WHERE token != ?1");
  if (!owners) return std::unexpected(owners.error());
  owners->Bind(1, self.token);
  std::vector<std::string> gone;
  while (true) {
    auto row = owners->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    ClaimOwner other;
    other.token = owners->Text(0);
    other.pid = owners->Int(1);
    other.host = owners->Text(2);
    other.start_ticks = owners->Int(3);
    bool expired = owners->Real(4) <= now;
    bool dead = !other.host.empty() && other.host == self.host && !ClaimOwner::Alive(other);
    if (expired || dead) gone.push_back(other.token);
  }
  owners->Reset();
  if (gone.empty()) return {};
  auto drop_claims = db.Prepare("DELETE FROM claims WHERE owner=?1 AND failed_at IS NULL");
  if (!drop_claims) return std::unexpected(drop_claims.error());
  auto drop_owner = db.Prepare("DELETE FROM claim_owners WHERE token=?1");
  if (!drop_owner) return std::unexpected(drop_owner.error());
  for (const auto& token : gone) {
    drop_claims->Bind(1, token);
    if (auto s = drop_claims->Run(); !s) return s;
    drop_owner->Bind(1, token);
    if (auto s = drop_owner->Run(); !s) return s;
  }
  return {};
}

namespace {

Status PutOwner(Database& db, const ClaimOwner& owner, double expires_at) {
  auto st = db.Prepare(
      "INSERT INTO claim_owners(token, pid, host, start_ticks, hostname, started_at, expires_at) "
      "VALUES(?1,?2,?3,?4,?5,?6,?7) "
      "ON CONFLICT(token) DO UPDATE SET expires_at=excluded.expires_at");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, owner.token).Bind(2, owner.pid).Bind(3, owner.host).Bind(4, owner.start_ticks);
  st->Bind(5, owner.hostname).Bind(6, owner.started_at).Bind(7, expires_at);
  return st->Run();
}

struct ClaimRow {
  std::string owner;
  std::optional<double> failed_at;
};

}  // namespace

Result<ClaimBatch> Store::ClaimMissing(std::int64_t run_id, const std::vector<SampleKey>& wanted,
                                       int n, const ClaimOwner& owner, double lease_s) {
  Database& db = *impl_->db;
  return InWriteTransaction(db, [&]() -> Result<ClaimBatch> {
    const double now = WallNow();
    if (auto s = PutOwner(db, owner, now + lease_s); !s) return std::unexpected(s.error());
    if (auto s = ExpireClaims(owner, now); !s) return std::unexpected(s.error());
    // Each key's claim is looked up by its primary key: only the keys walked below are read,
    // not every claim of the run (as many as are in flight, per batch).
    auto claim_of = db.Prepare(
        "SELECT owner, failed_at FROM claims WHERE run_id=?1 AND problem_id=?2 AND "
        "sample_index=?3");
    if (!claim_of) return std::unexpected(claim_of.error());
    auto existing = [&](const SampleKey& key) -> Result<std::optional<ClaimRow>> {
      claim_of->Bind(1, run_id).Bind(2, key.first).Bind(3, key.second);
      auto row = claim_of->Step();
      std::optional<ClaimRow> found;
      if (row && *row) {
        found = ClaimRow{claim_of->Text(0), std::nullopt};
        if (!claim_of->IsNull(1)) found->failed_at = claim_of->Real(1);
      }
      claim_of->Reset();
      if (!row) return std::unexpected(row.error());
      return found;
    };
    auto done = db.Prepare(
        "SELECT 1 FROM samples WHERE run_id=?1 AND problem_id=?2 AND sample_index=?3 "
        "AND error IS NULL");
    if (!done) return std::unexpected(done.error());
    auto claim = db.Prepare(
        "INSERT OR REPLACE INTO claims(run_id, problem_id, sample_index, owner, claimed_at, "
        "failed_at) VALUES(?1,?2,?3,?4,?5,NULL)");
    if (!claim) return std::unexpected(claim.error());
    ClaimBatch batch;
    for (const auto& key : wanted) {
      if (static_cast<int>(batch.claimed.size()) >= n) break;
      done->Bind(1, run_id).Bind(2, key.first).Bind(3, key.second);
      auto row = done->Step();
      done->Reset();
      if (!row) return std::unexpected(row.error());
      if (*row) {
        batch.done.push_back(key);
        continue;
      }
      auto held = existing(key);
      if (!held) return std::unexpected(held.error());
      if (*held && (*held)->owner != owner.token) {
        if (!(*held)->failed_at) {
          ++batch.held_elsewhere;
          continue;
        }
        if (*(*held)->failed_at >= owner.started_at) {
          batch.failed_elsewhere.push_back(key);
          continue;
        }
      }
      claim->Bind(1, run_id).Bind(2, key.first).Bind(3, key.second).Bind(4, owner.token);
      claim->Bind(5, now);
      if (auto s = claim->Run(); !s) return std::unexpected(s.error());
      batch.claimed.push_back(key);
    }
    return batch;
  });
}

Result<bool> Store::RenewClaims(const ClaimOwner& owner, double lease_s) {
  Database& db = *impl_->db;
  return InWriteTransaction(db, [&]() -> Result<bool> {
    const double now = WallNow();
    auto st = db.Prepare("SELECT expires_at FROM claim_owners WHERE token=?1");
    if (!st) return std::unexpected(st.error());
    st->Bind(1, owner.token);
    auto row = st->Step();
    if (!row) return std::unexpected(row.error());
    bool kept = *row && st->Real(0) > now;
    st->Reset();
    if (auto s = PutOwner(db, owner, now + lease_s); !s) return std::unexpected(s.error());
    return kept;
  });
}

Status Store::ReleaseClaim(std::int64_t run_id, const SampleKey& key, const ClaimOwner& owner,
                           bool failed) {
  // Once per sample: kept prepared.
  auto st = impl_->db->Cached(
      failed ? "UPDATE claims SET failed_at=?5 WHERE run_id=?1 AND problem_id=?2 AND "
               "sample_index=?3 AND owner=?4"
             : "DELETE FROM claims WHERE run_id=?1 AND problem_id=?2 AND sample_index=?3 AND "
               "owner=?4");
  if (!st) return std::unexpected(st.error());
  internal::Statement& release = **st;
  release.Bind(1, run_id).Bind(2, key.first).Bind(3, key.second).Bind(4, owner.token);
  if (failed) release.Bind(5, WallNow());
  Status ran = release.Run();
  if (!ran) release.Reset();  // Run() resets only on success; the next use binds anew
  return ran;
}

Status Store::ReleaseAllClaims(const ClaimOwner& owner) {
  Database& db = *impl_->db;
  return InWriteTransaction(db, [&]() -> Status {
    auto claims = db.Prepare("DELETE FROM claims WHERE owner=?1 AND failed_at IS NULL");
    if (!claims) return std::unexpected(claims.error());
    claims->Bind(1, owner.token);
    if (auto s = claims->Run(); !s) return s;
    auto lease = db.Prepare("DELETE FROM claim_owners WHERE token=?1");
    if (!lease) return std::unexpected(lease.error());
    lease->Bind(1, owner.token);
    return lease->Run();
  });
}

Result<std::vector<SampleKey>> Store::ClaimedElsewhere(std::int64_t run_id,
                                                       const ClaimOwner& owner) {
  Database& db = *impl_->db;
  return InWriteTransaction(db, [&]() -> Result<std::vector<SampleKey>> {
    if (auto s = ExpireClaims(owner, WallNow()); !s) return std::unexpected(s.error());
    auto st = db.Prepare(
        "SELECT problem_id, sample_index FROM claims WHERE run_id=?1 AND owner != ?2 AND "
        "failed_at IS NULL");
    if (!st) return std::unexpected(st.error());
    st->Bind(1, run_id).Bind(2, owner.token);
    return internal::ReadSampleKeys(*st);
  });
}

}  // namespace r1::store
