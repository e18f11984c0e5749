// LiveCodeBench code generation; see livecodebench.h.
#include "r1/suites/livecodebench.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>

#include "r1/core/code_tests.h"
#include "r1/core/sha256.h"
#include "r1/core/text.h"
#include "r1/suites/registry.h"
#include "r1/suites/row_suite.h"

namespace r1::suites {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

constexpr std::string_view kReducedFormat = "r1-lcb-reduced-1";
constexpr std::string_view kPromptVersion = "lcb-r1-1";
// The official runner's per-test timeout (lcb_runner --timeout default).
constexpr double kTimeLimitS = 6.0;
// LiveCodeBench sets no memory limit of its own; this bounds a runaway program on a shared host.
constexpr std::int64_t kMemoryLimitMb = 1024;

// Reads `path` in large chunks, hashes every byte, and hands over one line at a time (without
// its '\n'; a last line without one is still a line). No line-length cap: lines of tens of MB
// are normal here.
Status ForEachLine(const fs::path& path, Sha256& hasher,
                   const std::function<Status(std::string_view line, std::size_t number)>& visit) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, path.string() + ": cannot read");
  std::string pending;
  std::vector<char> chunk(std::size_t{8} << 20);
  std::size_t number = 0;
  auto flush = [&](bool at_end) -> Status {
    std::size_t start = 0;
    for (;;) {
      const std::size_t nl = pending.find('\n', start);
      if (nl == std::string::npos) break;
      if (auto s = visit(std::string_view(pending).substr(start, nl - start), ++number); !s) return s;
      start = nl + 1;
    }
    pending.erase(0, start);
    if (at_end && !pending.empty()) {
      if (auto s = visit(pending, ++number); !s) return s;
      pending.clear();
    }
    return {};
  };
  while (in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    if (got == 0) break;
    hasher.Update(std::string_view(chunk.data(), got));
    pending.append(chunk.data(), got);
    if (auto s = flush(false); !s) return s;
  }
  if (in.bad()) return Fail(ErrorCode::kDataLoss, path.string() + ": read error");
  return flush(true);
}

// The contest day without parsing the row: rows are flat objects of strings, so the byte
// sequence "contest_date": can only be that key (inside a JSON string a quote is escaped).
std::optional<std::string> QuickDay(std::string_view line) {
  static constexpr std::string_view kKey = "\"contest_date\":";
  const std::size_t at = line.find(kKey);
  if (at == std::string_view::npos || line.find(kKey, at + 1) != std::string_view::npos) return std::nullopt;
  std::size_t pos = at + kKey.size();
  while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t')) ++pos;
  if (pos >= line.size() || line[pos] != '"') return std::nullopt;
  return DayOfIsoDateTime(line.substr(pos + 1, std::min<std::size_t>(19, line.size() - pos - 1)));
}

std::string OneLine(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  std::replace(text.begin(), text.end(), '\r', ' ');
  return text;
}

struct Source {
  fs::path path;
  std::string name;
  std::uintmax_t size = 0;
  long long mtime = 0;
};

Result<std::vector<Source>> SelectFiles(const SuiteOptions& options) {
  std::error_code ec;
  const fs::path dir = options.data_dir;
  if (!fs::is_directory(dir, ec)) return Fail(ErrorCode::kNotFound, dir.string() + ": no such folder");
  std::vector<std::string> names;
  if (!options.variant.empty()) {
    auto release = LcbReleaseFiles(options.variant);
    if (!release) return std::unexpected(release.error());
    std::string missing;
    for (const auto& name : *release) {
      if (!fs::is_regular_file(dir / name, ec)) missing += (missing.empty() ? "" : ", ") + name;
    }
    if (!missing.empty()) {
      return Fail(ErrorCode::kNotFound, dir.string() + ": " + options.variant + " needs " + missing +
                                            " (livecodebench/code_generation_lite on Hugging Face)");
    }
    names = *release;
  } else {
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.is_regular_file() && entry.path().extension() == ".jsonl") {
        names.push_back(entry.path().filename().string());
      }
    }
    if (ec) return Fail(ErrorCode::kNotFound, dir.string() + ": " + ec.message());
    if (names.empty()) return Fail(ErrorCode::kNotFound, dir.string() + ": no *.jsonl file");
    std::sort(names.begin(), names.end());
  }
  std::vector<Source> sources;
  for (const auto& name : names) {
    Source s{dir / name, name, fs::file_size(dir / name, ec), 0};
    if (ec) return Fail(ErrorCode::kNotFound, (dir / name).string() + ": " + ec.message());
    s.mtime = static_cast<long long>(fs::last_write_time(dir / name, ec).time_since_epoch().count());
    sources.push_back(std::move(s));
  }
  return sources;
}

// Names, sizes and mtimes of the inputs plus the window: what the reduced cache depends on.
std::string ReducedKey(const std::vector<Source>& sources, const DateWindow& window) {
  std::string text = std::string(kReducedFormat) + "\n" + std::string(kPromptVersion) + "\n" + window.Describe();
  for (const auto& s : sources) {
    text += "\n" + s.name + "\t" + std::to_string(s.size) + "\t" + std::to_string(s.mtime);
  }
  return Sha256Hex(text);
}

std::optional<LoadedRows> ReadReduced(const fs::path& path, CodeTestStore& tests) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  LoadedRows rows;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) return std::nullopt;
    if (header) {
      if (j.value("format", "") != kReducedFormat || !j.contains("data_version")) return std::nullopt;
      rows.data_version = j["data_version"].get<std::string>();
      header = false;
      continue;
    }
    Problem p;
    p.id = j.value("id", "");
    p.question = j.value("question", "");
    p.gold = j.value("gold", "");
    for (const auto& kv : j.value("meta", json::array())) {
      p.meta.emplace_back(kv.at(0).get<std::string>(), kv.at(1).get<std::string>());
    }
    auto spec = ParseCodeProblemSpec(p.gold);
    if (!spec || !tests.Has(spec->tests_key)) return std::nullopt;  // rebuild: tests went missing
    rows.problems.push_back(std::move(p));
  }
  if (header) return std::nullopt;
  return rows;
}

void WriteReduced(const fs::path& path, const LoadedRows& rows) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  const fs::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    if (!out) return;  // a cache that cannot be written only costs time
    out << json{{"format", kReducedFormat}, {"data_version", rows.data_version}}.dump() << '\n';
    for (const auto& p : rows.problems) {
      json meta = json::array();
      for (const auto& [k, v] : p.meta) meta.push_back({k, v});
      out << json{{"id", p.id}, {"question", p.question}, {"gold", p.gold}, {"meta", meta}}.dump(
                 -1, ' ', false, json::error_handler_t::replace)
          << '\n';
    }
    if (!out) return;
  }
  fs::rename(tmp, path, ec);
}

Result<Problem> RowToProblem(const LcbRow& row, const std::string& day, CodeTestStore* store) {
  auto pub = DecodeLcbTests(row.public_tests);
  if (!pub) return std::unexpected(std::move(pub.error()).With("public_test_cases"));
  auto priv = DecodeLcbTests(row.private_tests);
  if (!priv) return std::unexpected(std::move(priv.error()).With("private_test_cases"));
  std::vector<CodeTest> tests;
  tests.reserve(pub->size() + priv->size());
  bool any_functional = false, any_stdin = false;
  // Public tests first, then private, in order: the official runner's order (it stops at the
  // first failure, so the order decides which failure is reported).
  for (auto* list : {&*pub, &*priv}) {
    for (auto& t : *list) {
      (t.functional ? any_functional : any_stdin) = true;
      tests.push_back(CodeTest{std::move(t.input), std::move(t.output)});
    }
  }
  if (tests.empty()) return Fail(ErrorCode::kInvalidArgument, "no tests");
  if (any_functional && any_stdin) return Fail(ErrorCode::kInvalidArgument, "mixes functional and stdin tests");
  if (any_functional && row.func_name.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "functional tests but no metadata.func_name");
  }
  CodeProblemSpec spec;
  if (store) {
    auto key = store->Put(tests);
    if (!key) return std::unexpected(key.error());
    spec.tests_key = *key;
  } else {
    spec.tests_key = Sha256Hex(EncodeCodeTests(tests));
  }
  spec.tests = static_cast<int>(tests.size());
  spec.public_tests = static_cast<int>(pub->size());
  if (any_functional) spec.function_name = row.func_name;
  spec.time_limit_s = kTimeLimitS;
  spec.memory_limit_mb = kMemoryLimitMb;

  Problem p;
  p.id = row.question_id;
  p.question = LcbPrompt(row);
  p.gold = EncodeCodeProblemSpec(spec);
  p.meta = {{"date", day},
            {"difficulty", row.difficulty},
            {"platform", row.platform},
            {"contest_id", OneLine(row.contest_id)},
            {"title", OneLine(row.question_title)}};
  return p;
}

Result<LoadedRows> ReadSources(const std::vector<Source>& sources, const DateWindow& window,
                               CodeTestStore* store) {
  LoadedRows rows;
  Sha256 files_hash;
  std::map<std::string, std::string> seen;  // question_id -> where
  for (const auto& source : sources) {
    files_hash.Update(source.name);
    files_hash.Update(std::string_view("\0", 1));
    auto s = ForEachLine(source.path, files_hash, [&](std::string_view line, std::size_t number) -> Status {
      const std::string where = source.path.string() + ": line " + std::to_string(number);
      if (line.find_first_not_of(" \t\r") == std::string_view::npos) return {};
      if (auto day = QuickDay(line); day && !window.Contains(*day)) return {};
      auto row = ParseLcbRow(line);
      if (!row) return std::unexpected(std::move(row.error()).With(where));
      auto day = DayOfIsoDateTime(row->contest_date);
      if (!day) return Fail(ErrorCode::kInvalidArgument, where + ": bad contest_date '" + row->contest_date + "'");
      if (!window.Contains(*day)) return {};
      if (auto [it, fresh] = seen.emplace(row->question_id, where); !fresh) {
        return Fail(ErrorCode::kInvalidArgument,
                    where + ": question_id '" + row->question_id + "' already read at " + it->second);
      }
      auto problem = RowToProblem(*row, *day, store);
      if (!problem) return std::unexpected(std::move(problem.error()).With(where + ": " + row->question_id));
      rows.problems.push_back(std::move(*problem));
      return {};
    });
    if (!s) return std::unexpected(s.error());
  }
  if (rows.problems.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "livecodebench: no problem dated " + window.Describe() + " in the selected files");
  }
  rows.data_version = Sha256Hex(files_hash.HexDigest() + "\n" + window.Describe());
  return rows;
}

RowSuiteConfig LcbConfig() {
  RowSuiteConfig config;
  config.name = "livecodebench";
  config.grader = "livecodebench";
  config.prompt_version = std::string(kPromptVersion);
  config.prompt_template = "{question}";  // the whole user turn is built at load time
  return config;
}

}  // namespace

Result<LcbRow> ParseLcbRow(std::string_view line) {
  json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return Fail(ErrorCode::kInvalidArgument, "not a JSON object");
  LcbRow row;
  auto field = [&](const char* name, std::string& out, bool required) -> Status {
    auto it = j.find(name);
    if (it == j.end() || it->is_null()) {
      if (required) return Fail(ErrorCode::kInvalidArgument, std::string("missing field '") + name + "'");
      return {};
    }
    if (!it->is_string()) return Fail(ErrorCode::kInvalidArgument, std::string("field '") + name + "' is not a string");
    out = std::move(it->get_ref<std::string&>());
    return {};
  };
  struct Field {
    const char* name;
    std::string* out;
    bool required;
  };
  const Field fields[] = {
      {"question_id", &row.question_id, true},        {"question_title", &row.question_title, false},
      {"question_content", &row.question_content, true}, {"platform", &row.platform, true},
      {"contest_id", &row.contest_id, false},         {"contest_date", &row.contest_date, true},
      {"starter_code", &row.starter_code, false},     {"difficulty", &row.difficulty, true},
      {"public_test_cases", &row.public_tests, true}, {"private_test_cases", &row.private_tests, true}};
  for (const Field& f : fields) {
    if (auto s = field(f.name, *f.out, f.required); !s) return std::unexpected(s.error());
  }
  std::string metadata = "{}";
  if (auto s = field("metadata", metadata, false); !s) return std::unexpected(s.error());
  json meta = json::parse(metadata, nullptr, false);
  if (!meta.is_object()) return Fail(ErrorCode::kInvalidArgument, "field 'metadata' is not JSON object text");
  if (auto it = meta.find("func_name"); it != meta.end()) {
    if (!it->is_string()) return Fail(ErrorCode::kInvalidArgument, "metadata.func_name is not a string");
    row.func_name = it->get<std::string>();
  }
  return row;
}

Result<std::string> InflateZlib(std::string_view data, std::size_t max_bytes) {
  if (data.size() > std::numeric_limits<uInt>::max()) {
    return Fail(ErrorCode::kInvalidArgument, "zlib: input larger than 4 GiB");
  }
  z_stream z{};
  if (inflateInit(&z) != Z_OK) return Fail(ErrorCode::kInternal, "zlib: inflateInit failed");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  std::string out;
  auto fail = [&](std::string why) {
    inflateEnd(&z);
    return Fail(ErrorCode::kInvalidArgument, "zlib: " + why);
  };
  for (;;) {
    if (out.size() >= max_bytes) return fail("inflates to more than " + std::to_string(max_bytes) + " bytes");
    const std::size_t old = out.size();
    const std::size_t grow = std::min({std::max<std::size_t>(data.size() * 4, 1 << 16), std::size_t{1} << 30,
                                       max_bytes - old});
    out.resize(old + grow);
    z.next_out = reinterpret_cast<Bytef*>(out.data() + old);
    z.avail_out = static_cast<uInt>(grow);
    const int rc = inflate(&z, Z_NO_FLUSH);
    out.resize(old + grow - z.avail_out);
    if (rc == Z_STREAM_END) break;
    if (rc == Z_BUF_ERROR && z.avail_in == 0) return fail("truncated stream");
    if (rc != Z_OK && rc != Z_BUF_ERROR) return fail(z.msg ? z.msg : "corrupt stream");
  }
  const bool trailing = z.avail_in != 0;
  inflateEnd(&z);
  if (trailing) return Fail(ErrorCode::kInvalidArgument, "zlib: bytes after the end of the stream");
  return out;
}

Result<std::string> UnpickleString(std::string_view p) {
  std::size_t pos = 0;
  auto byte = [&](std::size_t at) { return static_cast<unsigned char>(p[at]); };
  auto unsupported = [&](std::size_t at) {
    char buf[96];
    if (at >= p.size()) {
      std::snprintf(buf, sizeof buf, "pickle: ends early at offset %zu", at);
    } else {
      std::snprintf(buf, sizeof buf, "pickle: opcode 0x%02x at offset %zu is not supported", byte(at), at);
    }
    return Fail(ErrorCode::kInvalidArgument,
                std::string(buf) + " (expected one str: PROTO, FRAME?, SHORT_BINUNICODE | BINUNICODE | "
                                   "BINUNICODE8, MEMOIZE?, STOP)");
  };
  auto little = [&](std::size_t at, int bytes) {
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v |= static_cast<std::uint64_t>(byte(at + i)) << (8 * i);
    return v;
  };
  if (p.size() < 2 || byte(0) != 0x80) return unsupported(0);
  if (byte(1) < 2 || byte(1) > 5) {
    return Fail(ErrorCode::kInvalidArgument, "pickle: protocol " + std::to_string(byte(1)) + " is not supported");
  }
  pos = 2;
  if (pos < p.size() && byte(pos) == 0x95) {  // FRAME: a length, then the framed opcodes
    if (p.size() - pos < 9) return unsupported(p.size());
    const std::uint64_t frame = little(pos + 1, 8);
    pos += 9;
    if (frame != p.size() - pos) {
      return Fail(ErrorCode::kInvalidArgument, "pickle: frame of " + std::to_string(frame) + " bytes, " +
                                                   std::to_string(p.size() - pos) + " follow");
    }
  }
  if (pos >= p.size()) return unsupported(pos);
  int width = 0;
  switch (byte(pos)) {
    case 0x8c: width = 1; break;  // SHORT_BINUNICODE
    case 0x58: width = 4; break;  // BINUNICODE
    case 0x8d: width = 8; break;  // BINUNICODE8
    default: return unsupported(pos);
  }
  if (p.size() - pos - 1 < static_cast<std::size_t>(width)) return unsupported(p.size());
  const std::uint64_t length = little(pos + 1, width);
  pos += 1 + width;
  if (length > p.size() - pos) return Fail(ErrorCode::kInvalidArgument, "pickle: string longer than the data");
  std::string text(p.substr(pos, length));
  pos += length;
  if (pos < p.size() && byte(pos) == 0x94) ++pos;  // MEMOIZE
  if (pos >= p.size() || byte(pos) != 0x2e) return unsupported(pos);
  if (++pos != p.size()) return unsupported(pos);
  return text;
}

Result<std::vector<LcbTest>> DecodeLcbTests(std::string_view field) {
  json list = json::parse(field, nullptr, /*allow_exceptions=*/false);
  if (list.is_discarded()) {
    auto raw = Base64Decode(field);
    if (!raw) return std::unexpected(raw.error());
    auto inflated = InflateZlib(*raw);
    if (!inflated) return std::unexpected(inflated.error());
    raw->clear();
    raw->shrink_to_fit();
    auto text = UnpickleString(*inflated);
    if (!text) return std::unexpected(text.error());
    inflated->clear();
    inflated->shrink_to_fit();
    list = json::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (list.is_discarded()) return Fail(ErrorCode::kInvalidArgument, "the unpickled text is not JSON");
  }
  if (!list.is_array()) return Fail(ErrorCode::kInvalidArgument, "tests are not a JSON list");
  std::vector<LcbTest> tests;
  tests.reserve(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) {
    json& t = list[i];
    const std::string at = "test " + std::to_string(i + 1) + ": ";
    if (!t.is_object()) return Fail(ErrorCode::kInvalidArgument, at + "not an object");
    for (const char* key : {"input", "output", "testtype"}) {
      if (!t.contains(key) || !t[key].is_string()) {
        return Fail(ErrorCode::kInvalidArgument, at + "missing string '" + key + "'");
      }
    }
    const std::string type = t["testtype"].get<std::string>();
    if (type != "stdin" && type != "functional") {
      return Fail(ErrorCode::kInvalidArgument, at + "testtype '" + type + "' (expected stdin or functional)");
    }
    tests.push_back(LcbTest{std::move(t["input"].get_ref<std::string&>()),
                            std::move(t["output"].get_ref<std::string&>()), type == "functional"});
  }
  return tests;
}

Result<std::vector<std::string>> LcbReleaseFiles(std::string_view release) {
  constexpr int kFiles = 6;
  auto file = [](int n) { return n == 1 ? std::string("test.jsonl") : "test" + std::to_string(n) + ".jsonl"; };
  auto number = [](std::string_view s) -> int {
    if (s.size() != 1 || s[0] < '1' || s[0] > '0' + kFiles) return 0;
    return s[0] - '0';
  };
  int first = 0, last = 0;
  if (release == "release_latest") {
    first = 1;
    last = kFiles;
  } else if (release.starts_with("release_v")) {
    first = 1;
    last = number(release.substr(9));
  } else if (release.starts_with("v")) {
    const std::size_t sep = release.find("_v");
    if (sep == std::string_view::npos) {
      first = last = number(release.substr(1));
    } else {
      first = number(release.substr(1, sep - 1));
      last = number(release.substr(sep + 2));
    }
  }
  if (first == 0 || last == 0 || first > last) {
    return Fail(ErrorCode::kInvalidArgument,
                "livecodebench@" + std::string(release) +
                    ": unknown release (release_v1..release_v6, release_latest, v1..v6, vA_vB)");
  }
  std::vector<std::string> names;
  for (int n = first; n <= last; ++n) names.push_back(file(n));
  return names;
}

std::string LcbPrompt(const LcbRow& row) {
  std::string prompt = std::string(kLcbSystemMessage) + "\n\n";
  prompt += "### Question:\n" + row.question_content + "\n\n";
  if (!row.starter_code.empty()) {
    prompt +=
        "### Format: You will use the following starter code to write the solution to the problem and "
        "enclose your code within delimiters.\n";
    prompt += "```python\n" + row.starter_code + "\n```\n\n";
  } else {
    prompt +=
        "### Format: Read the inputs from stdin solve the problem and write the answer to stdout (do not "
        "directly test on the sample inputs). Enclose your code within delimiters as follows. Ensure that "
        "when the python program runs, it reads the inputs, runs the algorithm and writes output to STDOUT.\n";
    prompt += "```python\n# YOUR CODE HERE\n```\n\n";
  }
  prompt += "### Answer: (use the provided format with backticks)\n\n";
  return prompt;
}

std::string CodeTestsDir(const std::string& cache_dir) {
  return cache_dir.empty() ? std::string() : (fs::path(cache_dir) / "code-tests").string();
}

Result<std::unique_ptr<Suite>> MakeLiveCodeBenchSuite(const SuiteOptions& options) {
  auto fail = [](Error e) { return std::unexpected(std::move(e).With("suite 'livecodebench'")); };
  if (!options.language.empty() && options.language != "python") {
    return fail(MakeError(ErrorCode::kInvalidArgument, "--lang " + options.language + ": LiveCodeBench is Python only"));
  }
  auto window = ResolveDateWindow(options.since, options.until, kR1LiveCodeBenchWindow);
  if (!window) return fail(window.error());
  auto sources = SelectFiles(options);
  if (!sources) return fail(sources.error());

  std::unique_ptr<CodeTestStore> store;
  fs::path reduced;
  if (!options.cache_dir.empty()) {
    store = std::make_unique<CodeTestStore>(CodeTestsDir(options.cache_dir));
    reduced = fs::path(options.cache_dir) / "derived" / "livecodebench" /
              (ReducedKey(*sources, *window) + ".jsonl");
    if (auto rows = ReadReduced(reduced, *store)) return MakeRowSuiteFromRows(LcbConfig(), std::move(*rows));
  }
  auto rows = ReadSources(*sources, *window, store.get());
  if (!rows) return fail(rows.error());
  if (store) WriteReduced(reduced, *rows);
  return MakeRowSuiteFromRows(LcbConfig(), std::move(*rows));
}

void RegisterLiveCodeBench(SuiteRegistry& registry) {
  constexpr std::string_view kBase =
      "https://huggingface.co/datasets/livecodebench/code_generation_lite/resolve/"
      "0fe84c3912ea0c4d4a78037083943e8f0c4dd505/";
  // Third-party pins (datasets.md 5.1): nobody here has downloaded and hashed these files.
  const std::vector<std::pair<std::string, std::string>> pins = {
      {"test.jsonl", "2bd02b38beb48e8c46b5b9987095d999ff38cd8efc255ea5d58974317c48f63f"},
      {"test2.jsonl", "095df7c5daf15f882c51a9deb84085cff1e073495a5dbcf95015a564d485f3a3"},
      {"test3.jsonl", "28ed26cc83363ce3f1fe2d5fad9f8393077beb1907b167a31bd3b32f80801b79"},
      {"test4.jsonl", "d711138ddaebfcf5f8ec6a4283ee677298c0f5c5d374a235af92aaf0584510da"},
      {"test5.jsonl", "7f77571c2a6df0c2a72a3277650309f67e01e0008e18117e624633df53f81214"},
      {"test6.jsonl", "bb4c364f71921c4495a6ad15abe1a927350b720009f4933e2e71f8af0f6fd1f5"}};
  std::vector<DataFile> files;
  for (const auto& [name, sha] : pins) files.push_back(DataFile{name, std::string(kBase) + name, sha});
  SuiteEntry entry{
      "livecodebench",
      "LiveCodeBench code generation, R1 window 2024-08-01..2025-02-01 (279 problems in release_v5); "
      "@release_vN selects files, --since/--until the window",
      std::move(files), [](const SuiteOptions& options) { return MakeLiveCodeBenchSuite(options); },
      /*self_contained=*/false, /*problems=*/279};
  entry.variants = "release_v1..release_v6, release_latest, v1..v6, vA_vB";
  entry.breakdowns = {"difficulty", "platform"};
  registry.Add(std::move(entry));
}

}  // namespace r1::suites
