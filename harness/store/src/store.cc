// The SQLite store; see store.h for the durability promise.
#include "r1/store/store.h"

#include <algorithm>
#include <ctime>
#include <fmt/format.h>

#include "r1/core/sha256.h"
#include "schema.h"
#include "sqlite_db.h"
#include "store_impl.h"

namespace r1::store {

using internal::Database;
using internal::Statement;
using internal::InWriteTransaction;

namespace {

std::string NowUtc() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

constexpr const char* kRunColumns =
    "id, identity, coalesce(label,''), suite, data_version, model, endpoint, temperature, top_p, "
    "max_tokens, stream, prompt_version, grader, samples_per_problem, created_at, "
    "coalesce(finished_at,''), breakdowns";

// Attribute names are one per line in runs.breakdowns (a user suite's names never hold '\n').
std::string JoinLines(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : "\n") + item;
  return out;
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

RunRecord ReadRun(const Statement& st) {
  RunRecord r;
  r.id = st.Int(0);
  r.identity = st.Text(1);
  r.label = st.Text(2);
  r.suite = st.Text(3);
  r.data_version = st.Text(4);
  r.model = st.Text(5);
  r.endpoint = st.Text(6);
  r.params.temperature = st.Real(7);
  r.params.top_p = st.Real(8);
  r.params.max_tokens = static_cast<int>(st.Int(9));
  r.params.stream = st.Int(10) != 0;
  r.prompt_version = st.Text(11);
  r.grader = st.Text(12);
  r.samples_per_problem = static_cast<int>(st.Int(13));
  r.created_at = st.Text(14);
  r.finished_at = st.Text(15);
  if (!st.IsNull(16)) r.breakdowns = SplitLines(st.Text(16));
  return r;
}

std::optional<ErrorCode> ParseErrorCode(const std::string& name) {
  for (auto code : {ErrorCode::kInvalidArgument, ErrorCode::kNotFound, ErrorCode::kUnavailable,
                    ErrorCode::kResourceExhausted, ErrorCode::kDeadlineExceeded,
                    ErrorCode::kDataLoss, ErrorCode::kCancelled, ErrorCode::kRejected,
                    ErrorCode::kInternal}) {
    if (ErrorCodeName(code) == name) return code;
  }
  return std::nullopt;
}

struct Header {
  int application_id = 0;
  int version = 0;
  std::int64_t objects = 0;  ///< tables, indexes, ... already in the file
};

Result<std::int64_t> Scalar(Database& db, const char* sql) {
  auto st = db.Prepare(sql);
  if (!st) return std::unexpected(st.error());
  auto row = st->Step();
  if (!row) return std::unexpected(row.error());
  std::int64_t value = st->Int(0);
  st->Reset();  // an unfinished statement would hold a read transaction open
  return value;
}

Result<Header> ReadHeader(Database& db) {
  auto app = Scalar(db, "PRAGMA application_id");
  if (!app) return std::unexpected(app.error());
  auto version = Scalar(db, "PRAGMA user_version");
  if (!version) return std::unexpected(version.error());
  auto objects = Scalar(db, "SELECT count(*) FROM sqlite_master");
  if (!objects) return std::unexpected(objects.error());
  return Header{static_cast<int>(*app), static_cast<int>(*version), *objects};
}

Status CheckHeader(const Header& h, std::size_t migrations) {
  if (h.application_id != 0 && h.application_id != internal::kApplicationId) {
    return Fail(ErrorCode::kDataLoss, "not an r1-eval store (application_id differs)");
  }
  if (h.application_id == 0 && h.version == 0 && h.objects != 0) {
    return Fail(ErrorCode::kDataLoss, "not an r1-eval store (it has other tables)");
  }
  if (h.version > static_cast<int>(migrations)) {
    return Fail(ErrorCode::kDataLoss,
                fmt::format("store schema version {} is newer than this r1-eval ({}); "
                            "upgrade r1-eval",
                            h.version, migrations));
  }
  return {};
}

// Inside the caller's write transaction: reads the header again (another process may have
// created or migrated the store since it was first read) and applies what is still missing.
Status Migrate(Database& db) {
  auto header = ReadHeader(db);
  if (!header) return std::unexpected(header.error());
  const auto& migrations = internal::Migrations();
  if (auto s = CheckHeader(*header, migrations.size()); !s) return s;
  for (int v = header->version; v < static_cast<int>(migrations.size()); ++v) {
    std::string sql = fmt::format("{}\nPRAGMA user_version={};\nPRAGMA application_id={};",
                                  migrations[v], v + 1, internal::kApplicationId);
    if (auto s = db.Exec(sql); !s) return std::unexpected(std::move(s.error()).With(fmt::format("migration {}", v + 1)));
  }
  return {};
}

}  // namespace

std::string RunSpec::Identity() const {
  // Fixed field order and number formatting: the identity must not change between versions.
  std::string canonical = fmt::format(
      "suite={}\ndata={}\nmodel={}\ntemperature={:.6g}\ntop_p={:.6g}\nmax_tokens={}\n"
      "prompt={}\nk={}\n",
      suite, data_version, model, params.temperature, params.top_p, params.max_tokens,
      prompt_version, samples_per_problem);
  return Sha256Hex(canonical);
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::Open(const std::string& path, Durability durability) {
  auto raw = Database::OpenRaw(path);
  if (!raw) return std::unexpected(raw.error());
  auto impl = std::make_unique<Impl>();
  impl->db.reset(*raw);
  Database& db = *impl->db;
  auto fail = [&](Error e) { return std::unexpected(std::move(e).With("store '" + path + "'")); };

  // Reading the header first tells a non-database file apart from an unwritable one. One read
  // transaction, so the three values come from one moment even while another process creates.
  if (auto s = db.Exec("BEGIN"); !s) return fail(s.error());
  auto header = ReadHeader(db);
  (void)db.Exec("COMMIT");
  if (!header) return fail(header.error());
  const auto& migrations = internal::Migrations();
  if (auto s = CheckHeader(*header, migrations.size()); !s) return fail(s.error());
  if (header->version < static_cast<int>(migrations.size())) {
    // Check and create (or migrate) in one write transaction: a second process opening the same
    // new file waits here, then finds the complete schema and has nothing to do.
    if (auto s = db.Exec("BEGIN IMMEDIATE"); !s) return fail(s.error());
    auto migrated = Migrate(db);
    if (!migrated) {
      (void)db.Exec("ROLLBACK");
      return fail(migrated.error());
    }
    if (auto s = db.Exec("COMMIT"); !s) {
      (void)db.Exec("ROLLBACK");
      return fail(s.error());
    }
  }
  // After the check: a file that is not ours is never switched to WAL.
  if (auto s = db.Exec("PRAGMA journal_mode=WAL"); !s) return fail(s.error());
  if (auto s = db.Exec(durability == Durability::kFull ? "PRAGMA synchronous=FULL"
                                                       : "PRAGMA synchronous=NORMAL");
      !s) {
    return fail(s.error());
  }
  if (auto s = db.Exec("PRAGMA foreign_keys=ON"); !s) return fail(s.error());

  // Only an errored sample may be replaced: a successful completion is final.
  auto put = db.Prepare(
      "INSERT INTO samples(run_id, problem_id, sample_index, content, reasoning, finish_reason, "
      "served_model, prompt_tokens, completion_tokens, reasoning_tokens, latency_s, attempts, "
      "error_code, error, sample_data, created_at) "
      "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16) "
      "ON CONFLICT(run_id, problem_id, sample_index) DO UPDATE SET "
      "content=excluded.content, reasoning=excluded.reasoning, "
      "finish_reason=excluded.finish_reason, served_model=excluded.served_model, "
      "prompt_tokens=excluded.prompt_tokens, completion_tokens=excluded.completion_tokens, "
      "reasoning_tokens=excluded.reasoning_tokens, latency_s=excluded.latency_s, "
      "attempts=samples.attempts+excluded.attempts, error_code=excluded.error_code, "
      "error=excluded.error, sample_data=excluded.sample_data, created_at=excluded.created_at "
      "WHERE samples.error IS NOT NULL RETURNING id");
  if (!put) return fail(put.error());
  impl->put_sample = std::move(*put);
  auto find = db.Prepare(
      "SELECT id FROM samples WHERE run_id=?1 AND problem_id=?2 AND sample_index=?3");
  if (!find) return fail(find.error());
  impl->find_sample = std::move(*find);
  auto grade = db.Prepare(
      "INSERT INTO grades(sample_id, grader_version, extracted, canonical_key, correct, "
      "truncated, detail, graded_at, unscored) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9) "
      "ON CONFLICT(sample_id) DO UPDATE SET grader_version=excluded.grader_version, "
      "extracted=excluded.extracted, canonical_key=excluded.canonical_key, "
      "correct=excluded.correct, truncated=excluded.truncated, detail=excluded.detail, "
      "graded_at=excluded.graded_at, unscored=excluded.unscored");
  if (!grade) return fail(grade.error());
  impl->put_grade = std::move(*grade);
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

Status Store::Transaction(const std::function<Status()>& body) {
  return InWriteTransaction(*impl_->db, body);
}

int Store::SchemaVersion() const { return static_cast<int>(internal::Migrations().size()); }

Result<RunRecord> Store::OpenRun(const RunSpec& spec, bool fresh, bool* created) {
  // Look up and create in one write transaction: two processes starting the same command at
  // once must end up in the same run, not in two runs with one identity.
  return InWriteTransaction(*impl_->db, [&] { return OpenRunLocked(spec, fresh, created); });
}

Result<RunRecord> Store::OpenRunLocked(const RunSpec& spec, bool fresh, bool* created) {
  Database& db = *impl_->db;
  const std::string identity = spec.Identity();
  if (created) *created = false;
  // A label names one run: a labelled command resumes only the run with that label, never
  // another one with the same settings. Otherwise a new label (say, a new checkpoint served
  // under the same name) would silently get an older run's numbers. An unlabelled command
  // resumes the newest run with the identity, whatever its label (the CLI names it).
  if (!spec.label.empty()) {
    auto st = db.Prepare(fmt::format("SELECT {} FROM runs WHERE label=?1", kRunColumns));
    if (!st) return std::unexpected(st.error());
    st->Bind(1, spec.label);
    auto row = st->Step();
    if (!row) return std::unexpected(row.error());
    if (*row) {
      RunRecord existing = ReadRun(*st);
      if (existing.identity != identity || fresh) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("label '{}' already names run {} ({} with {}, k={}{}); choose "
                                "another --label",
                                spec.label, existing.id, existing.suite, existing.model,
                                existing.samples_per_problem,
                                fresh ? "; --fresh starts a new run, which needs a new label"
                                      : ", sampled with other settings"));
      }
      return existing;
    }
  } else if (!fresh) {
    auto st = db.Prepare(fmt::format(
        "SELECT {} FROM runs WHERE identity=?1 ORDER BY id DESC LIMIT 1", kRunColumns));
    if (!st) return std::unexpected(st.error());
    st->Bind(1, identity);
    auto row = st->Step();
    if (!row) return std::unexpected(row.error());
    if (*row) return ReadRun(*st);
  }
  auto ins = db.Prepare(
      "INSERT INTO runs(identity, label, suite, data_version, model, endpoint, temperature, "
      "top_p, max_tokens, stream, prompt_version, grader, samples_per_problem, created_at, "
      "breakdowns) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)");
  if (!ins) return std::unexpected(ins.error());
  ins->Bind(1, identity);
  if (spec.label.empty()) {
    ins->BindNull(2);
  } else {
    ins->Bind(2, spec.label);
  }
  ins->Bind(3, spec.suite).Bind(4, spec.data_version).Bind(5, spec.model).Bind(6, spec.endpoint);
  ins->Bind(7, spec.params.temperature).Bind(8, spec.params.top_p);
  ins->Bind(9, spec.params.max_tokens).Bind(10, spec.params.stream ? 1 : 0);
  ins->Bind(11, spec.prompt_version).Bind(12, spec.grader).Bind(13, spec.samples_per_problem);
  ins->Bind(14, NowUtc());
  if (spec.breakdowns) {
    ins->Bind(15, JoinLines(*spec.breakdowns));
  } else {
    ins->BindNull(15);
  }
  if (auto s = ins->Run(); !s) return std::unexpected(s.error());
  if (created) *created = true;
  return FindRun(std::to_string(sqlite3_last_insert_rowid(db.handle())));
}

Status Store::PutProblems(std::int64_t run_id, const std::vector<Problem>& problems) {
  Database& db = *impl_->db;
  // A savepoint nests inside Transaction() and acts as a transaction on its own.
  if (auto s = db.Exec("SAVEPOINT put_problems"); !s) return s;
  auto rollback = [&db] { (void)db.Exec("ROLLBACK TO put_problems; RELEASE put_problems"); };
  auto st = db.Prepare(
      "INSERT OR IGNORE INTO problems(run_id, problem_id, position, question, gold, meta) "
      "VALUES(?1,?2,?3,?4,?5,?6)");
  if (!st) {
    rollback();
    return std::unexpected(st.error());
  }
  for (std::size_t i = 0; i < problems.size(); ++i) {
    const Problem& p = problems[i];
    std::string meta;
    for (const auto& [k, v] : p.meta) meta += k + "=" + v + "\n";
    st->Bind(1, run_id).Bind(2, p.id).Bind(3, static_cast<std::int64_t>(i));
    st->Bind(4, p.question).Bind(5, p.gold).Bind(6, meta);
    if (auto s = st->Run(); !s) {
      rollback();
      return s;
    }
  }
  return db.Exec("RELEASE put_problems");
}

Result<std::vector<std::pair<std::string, int>>> Store::CompletedPairs(std::int64_t run_id) {
  auto st = impl_->db->Prepare(
      "SELECT problem_id, sample_index FROM samples WHERE run_id=?1 AND error IS NULL");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, run_id);
  return internal::ReadSampleKeys(*st);
}

Result<SampleWrite> Store::PutSample(std::int64_t run_id, const std::string& problem_id,
                                      int sample_index, const Completion& c,
                                      const std::string& sample_data) {
  Statement& st = impl_->put_sample;
  st.Bind(1, run_id).Bind(2, problem_id).Bind(3, sample_index);
  st.Bind(4, c.content).Bind(5, c.reasoning).Bind(6, c.finish_reason).Bind(7, c.served_model);
  st.Bind(8, c.prompt_tokens).Bind(9, c.completion_tokens).Bind(10, c.reasoning_tokens);
  st.Bind(11, c.latency_s).Bind(12, c.attempts);
  if (c.error) {
    st.Bind(13, ErrorCodeName(c.error->code)).Bind(14, c.error->message);
  } else {
    st.BindNull(13).BindNull(14);
  }
  st.Bind(15, sample_data).Bind(16, NowUtc());
  auto row = st.Step();
  if (!row) {
    st.Reset();
    return std::unexpected(row.error());
  }
  std::int64_t id = *row ? st.Int(0) : 0;
  if (*row) (void)st.Step();  // finish the statement so its write commits now
  st.Reset();
  if (id != 0) return SampleWrite{id, true};
  // A successful completion was already stored for this key; keep it.
  Statement& find = impl_->find_sample;
  find.Bind(1, run_id).Bind(2, problem_id).Bind(3, sample_index);
  auto found = find.Step();
  id = (found && *found) ? find.Int(0) : 0;
  find.Reset();
  if (!found) return std::unexpected(found.error());
  return SampleWrite{id, false};
}

Status Store::PutGrade(std::int64_t sample_id, const Grade& grade,
                       const std::string& grader_version) {
  Statement& st = impl_->put_grade;
  st.Bind(1, sample_id).Bind(2, grader_version).Bind(3, grade.extracted);
  st.Bind(4, grade.canonical_key).Bind(5, grade.correct ? 1 : 0).Bind(6, grade.truncated ? 1 : 0);
  st.Bind(7, grade.detail).Bind(8, NowUtc()).Bind(9, grade.unscored ? 1 : 0);
  return st.Run();
}

Status Store::MarkFinished(std::int64_t run_id) {
  auto st = impl_->db->Prepare("UPDATE runs SET finished_at=?1 WHERE id=?2");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, NowUtc()).Bind(2, run_id);
  return st->Run();
}

Result<std::vector<RunRecord>> Store::Runs() {
  auto st = impl_->db->Prepare(fmt::format("SELECT {} FROM runs ORDER BY id", kRunColumns));
  if (!st) return std::unexpected(st.error());
  std::vector<RunRecord> out;
  while (true) {
    auto row = st->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    out.push_back(ReadRun(*st));
  }
  return out;
}

Result<RunRecord> Store::FindRun(const std::string& id_or_label) {
  bool numeric = !id_or_label.empty() &&
                 id_or_label.find_first_not_of("0123456789") == std::string::npos &&
                 id_or_label.size() < 18;
  auto st = impl_->db->Prepare(fmt::format(
      "SELECT {} FROM runs WHERE {} ORDER BY id DESC LIMIT 1", kRunColumns,
      numeric ? "id=?1 OR label=?2" : "label=?2"));
  if (!st) return std::unexpected(st.error());
  if (numeric) {
    st->Bind(1, static_cast<std::int64_t>(std::stoll(id_or_label)));
  } else {
    st->BindNull(1);
  }
  st->Bind(2, id_or_label);
  auto row = st->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return Fail(ErrorCode::kNotFound, "no run with id or label '" + id_or_label + "'");
  return ReadRun(*st);
}

Result<std::vector<Problem>> Store::Problems(std::int64_t run_id) {
  auto st = impl_->db->Prepare(
      "SELECT problem_id, question, gold, meta FROM problems WHERE run_id=?1 ORDER BY position");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, run_id);
  std::vector<Problem> out;
  while (true) {
    auto row = st->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    Problem p{st->Text(0), st->Text(1), st->Text(2), {}};
    std::string meta = st->Text(3);
    for (std::size_t pos = 0; pos < meta.size();) {
      std::size_t nl = meta.find('\n', pos);
      std::string line = meta.substr(pos, nl - pos);
      std::size_t eq = line.find('=');
      if (eq != std::string::npos) p.meta.emplace_back(line.substr(0, eq), line.substr(eq + 1));
      pos = nl == std::string::npos ? meta.size() : nl + 1;
    }
    out.push_back(std::move(p));
  }
  return out;
}

Result<std::vector<StoredSample>> Store::Samples(std::int64_t run_id) {
  std::vector<StoredSample> out;
  auto s = ForEachSample(run_id, Text::kWith, [&out](const StoredSample& sample) -> Status {
    out.push_back(sample);
    return {};
  });
  if (!s) return std::unexpected(s.error());
  return out;
}

Status Store::ForEachSample(std::int64_t run_id, Text text,
                            const std::function<Status(const StoredSample&)>& visit) {
  // Walk problem by problem along the (run_id, problem_id, sample_index) index. One ORDER BY
  // over the join would make SQLite sort every row, response text included, in memory.
  std::vector<std::string> order;
  {
    auto st = impl_->db->Prepare(
        "SELECT problem_id FROM problems WHERE run_id=?1 ORDER BY position");
    if (!st) return std::unexpected(st.error());
    st->Bind(1, run_id);
    while (true) {
      auto row = st->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      order.push_back(st->Text(0));
    }
  }
  const char* text_columns = text == Text::kWith ? "s.content, s.reasoning" : "'', ''";
  const std::string select = fmt::format(
      "SELECT s.id, s.problem_id, s.sample_index, {}, s.finish_reason, "
      "s.served_model, s.prompt_tokens, s.completion_tokens, s.reasoning_tokens, s.latency_s, "
      "s.attempts, coalesce(s.error_code,''), s.error, s.sample_data, g.sample_id, "
      "g.grader_version, g.extracted, g.canonical_key, g.correct, g.truncated, g.detail, g.unscored "
      "FROM samples s LEFT JOIN grades g ON g.sample_id=s.id ",
      text_columns);
  auto by_problem = impl_->db->Prepare(
      select + "WHERE s.run_id=?1 AND s.problem_id=?2 ORDER BY s.sample_index");
  if (!by_problem) return std::unexpected(by_problem.error());
  // Samples of problems the run never recorded (not written by r1-eval itself) come last.
  auto strays = impl_->db->Prepare(
      select + "WHERE s.run_id=?1 AND s.problem_id NOT IN "
               "(SELECT problem_id FROM problems WHERE run_id=?1) "
               "ORDER BY s.problem_id, s.sample_index");
  if (!strays) return std::unexpected(strays.error());

  StoredSample s;
  auto walk = [&](Statement& st) -> Status {
    while (true) {
      auto row = st.Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      s = StoredSample{};
      s.id = st.Int(0);
      s.problem_id = st.Text(1);
      s.sample_index = static_cast<int>(st.Int(2));
      Completion& c = s.completion;
      c.content = st.Text(3);
      c.reasoning = st.Text(4);
      c.finish_reason = st.Text(5);
      c.served_model = st.Text(6);
      c.prompt_tokens = st.Int(7);
      c.completion_tokens = st.Int(8);
      c.reasoning_tokens = st.Int(9);
      c.latency_s = st.Real(10);
      c.attempts = static_cast<int>(st.Int(11));
      if (!st.IsNull(13)) {
        c.error = Error{ParseErrorCode(st.Text(12)).value_or(ErrorCode::kInternal), st.Text(13)};
      }
      s.sample_data = st.Text(14);
      if (!st.IsNull(15)) {
        s.grader_version = st.Text(16);
        Grade g;
        g.extracted = st.Text(17);
        g.canonical_key = st.Text(18);
        g.correct = st.Int(19) != 0;
        g.truncated = st.Int(20) != 0;
        g.detail = st.Text(21);
        g.unscored = st.Int(22) != 0;
        s.grade = std::move(g);
      }
      if (auto v = visit(s); !v) {
        st.Reset();
        return v;
      }
    }
    st.Reset();
    return {};
  };
  for (const auto& problem_id : order) {
    by_problem->Bind(1, run_id).Bind(2, problem_id);
    if (auto w = walk(*by_problem); !w) return w;
  }
  strays->Bind(1, run_id);
  return walk(*strays);
}

Result<std::int64_t> Store::SampleCount(std::int64_t run_id) {
  auto st = impl_->db->Prepare("SELECT count(*) FROM samples WHERE run_id=?1");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, run_id);
  auto row = st->Step();
  if (!row) return std::unexpected(row.error());
  return st->Int(0);
}

}  // namespace r1::store
