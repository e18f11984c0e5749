// The Parquet reader on the real files in shared/data/parquet, checked against the expected
// values in their PROVENANCE.md, plus hand-made corner cases. Skipped when shared/ is absent.
#include "r1/parquet/parquet.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "support/skip.h"
#include "support/temp_dir.h"

using r1::parquet::File;
using r1::parquet::Value;

namespace {

std::string ParquetDir() {
  std::string shared = r1::testing::SharedDataDir();
  return shared.empty() ? "" : shared + "/parquet";
}

#define REQUIRE_SHARED() \
  if (ParquetDir().empty()) R1_SKIP("../shared/data/parquet is absent")

File Open(const std::string& relative) {
  auto file = File::Read(ParquetDir() + "/" + relative);
  if (!file) FAIL(file.error().message);
  return std::move(*file);
}

int Col(const File& f, const std::string& path) {
  int c = f.FindColumn(path);
  INFO(path);
  REQUIRE(c >= 0);
  return c;
}

std::vector<Value> Flat(const File& f, const std::string& path) {
  auto v = f.ReadFlat(Col(f, path));
  if (!v) FAIL(v.error().message);
  REQUIRE(v->size() == static_cast<std::size_t>(f.num_rows()));
  return std::move(*v);
}

std::vector<std::vector<Value>> List(const File& f, const std::string& path) {
  auto v = f.ReadList(Col(f, path));
  if (!v) FAIL(v.error().message);
  REQUIRE(v->size() == static_cast<std::size_t>(f.num_rows()));
  return std::move(*v);
}

std::string Str(const Value& v) { return std::get<std::string>(v); }
std::int64_t Int(const Value& v) { return std::get<std::int64_t>(v); }

// Reads every column of a file, as PROVENANCE.md's checks did, and returns the decoded bytes.
std::size_t ReadEverything(const File& f) {
  std::size_t values = 0;
  for (std::size_t c = 0; c < f.columns().size(); ++c) {
    INFO(f.columns()[c].path);
    if (f.columns()[c].max_repetition == 0) {
      auto v = f.ReadFlat(c);
      if (!v) FAIL(v.error().message);
      CHECK(v->size() == static_cast<std::size_t>(f.num_rows()));
      values += v->size();
    } else {
      auto v = f.ReadList(c);
      if (!v) FAIL(v.error().message);
      CHECK(v->size() == static_cast<std::size_t>(f.num_rows()));
      for (const auto& row : *v) values += row.size();
    }
  }
  return values;
}

}  // namespace

TEST_CASE("parquet: HuggingFaceH4/aime_2024 matches PROVENANCE.md and the JSONL copy",
          "[data][parquet]") {
  REQUIRE_SHARED();
  File f = Open("aime_2024/train-00000-of-00001.parquet");
  CHECK(f.num_rows() == 30);
  CHECK(f.num_row_groups() == 1);
  CHECK(f.created_by() == "parquet-cpp-arrow version 19.0.0");
  std::vector<std::string> names;
  for (const auto& c : f.columns()) names.push_back(c.path);
  CHECK(names == std::vector<std::string>{"id", "problem", "solution", "answer", "url", "year"});
  CHECK(f.columns()[1].is_string);
  CHECK(f.columns()[1].max_definition == 1);
  bool has_hf = false;
  for (const auto& [k, v] : f.metadata()) has_hf = has_hf || k == "huggingface";
  CHECK(has_hf);

  auto id = Flat(f, "id");
  for (int i = 0; i < 30; ++i) CHECK(Int(id[i]) == 60 + i);
  auto answer = Flat(f, "answer");
  CHECK(Str(answer[0]) == "204");
  auto problem = Flat(f, "problem");
  CHECK(Str(problem[0]).starts_with("Every morning Aya goes for a $9$-kilometer-long walk"));
  for (const auto& y : Flat(f, "year")) CHECK(Str(y) == "2024");
  std::multiset<std::string> answers;
  for (const auto& a : answer) answers.insert(Str(a));
  for (const char* padded : {"025", "073", "023", "045", "033", "080", "055"})
    CHECK(answers.count(padded));
  auto chunk = f.ReadChunk(0, Col(f, "answer"));
  REQUIRE(chunk.has_value());
  CHECK(chunk->dictionary_pages == 1);
  CHECK(chunk->dictionary_values == 29);  // "104" occurs twice

  // The same 30 problems, texts and answers as shared/data/aime2024/test.jsonl.
  std::ifstream jsonl(r1::testing::SharedDataDir() + "/aime2024/test.jsonl");
  std::map<std::string, std::string> by_text;
  std::multiset<std::string> jsonl_answers;
  for (std::string line; std::getline(jsonl, line);) {
    auto row = nlohmann::json::parse(line);
    by_text[row["problem"]] = row["answer"];
    jsonl_answers.insert(row["answer"].get<std::string>());
  }
  int same = 0;
  for (std::size_t i = 0; i < 30; ++i) same += by_text.count(Str(problem[i]));
  CHECK(same == 30);
  CHECK(jsonl_answers == answers);
}

TEST_CASE("parquet: yentinglin/aime_2025 - Maxwell-Jia/AIME_2024 - math-ai/amc23",
          "[data][parquet]") {
  REQUIRE_SHARED();
  File a25 = Open("aime_2025/train-00000-of-00001-243207c6c994e1bd.parquet");
  CHECK(a25.num_rows() == 30);
  auto id = Flat(a25, "id");
  for (int i = 0; i < 30; ++i) CHECK(Int(id[i]) == i);
  CHECK(Str(Flat(a25, "answer")[0]) == "70");
  CHECK(Str(Flat(a25, "problem")[0]).starts_with("Find the sum of all integer bases $b>9$"));
  CHECK(Str(Flat(a25, "solution")[1]) == Str(Flat(a25, "answer")[1]));
  for (const auto& y : Flat(a25, "year")) CHECK(Int(y) == 2025);
  auto index = a25.ReadChunk(0, Col(a25, "__index_level_0__"));
  REQUIRE(index.has_value());
  CHECK(index->dictionary_values == 15);
  if (std::string shared = r1::testing::SharedDataDir(); !shared.empty()) {
    std::ifstream jsonl(shared + "/aime2025/aime25.json");
    std::multiset<std::string> expected, got;
    for (std::string line; std::getline(jsonl, line);)
      expected.insert(nlohmann::json::parse(line)["answer"]);
    for (const auto& a : Flat(a25, "answer")) got.insert(Str(a));
    CHECK(got == expected);
  }

  File maxwell = Open("aime_2024_maxwell/aime_2024_problems.parquet");
  CHECK(Str(Flat(maxwell, "ID")[0]) == "2024-II-4");
  CHECK(Int(Flat(maxwell, "Answer")[0]) == 33);
  bool pandas = false;
  for (const auto& [k, v] : maxwell.metadata()) pandas = pandas || k == "pandas";
  CHECK(pandas);

  File amc = Open("amc23/test-00000-of-00001.parquet");
  CHECK(amc.num_rows() == 40);
  CHECK(Int(Flat(amc, "id")[0]) == 0);
  CHECK(std::get<double>(Flat(amc, "answer")[0]) == 27.0);
}

TEST_CASE("parquet: list<string> in MathArena/hmmt_feb_2025", "[data][parquet]") {
  REQUIRE_SHARED();
  File f = Open("hmmt_feb_2025/train-00000-of-00001.parquet");
  const auto& leaf = f.columns()[Col(f, "problem_type.list.element")];
  CHECK(leaf.max_definition == 3);
  CHECK(leaf.max_repetition == 1);
  CHECK(Int(Flat(f, "problem_idx")[0]) == 1);
  CHECK(Str(Flat(f, "answer")[0]) == "103");
  auto types = List(f, "problem_type.list.element");
  REQUIRE(types[0].size() == 1);
  CHECK(Str(types[0][0]) == "Number Theory");
  std::size_t elements = 0;
  for (const auto& row : types) elements += row.size();
  CHECK(elements == 32);
  bool latex = false;
  for (const auto& a : Flat(f, "answer")) latex = latex || Str(a) == "\\frac{1}{576}";
  CHECK(latex);
}

TEST_CASE("parquet: list<struct> and struct columns over three row groups (structured_cot)",
          "[data][parquet]") {
  REQUIRE_SHARED();
  File f = Open("structured_cot/train-00000-of-00001.parquet");
  CHECK(f.num_rows() == 2500);
  REQUIRE(f.num_row_groups() == 3);
  CHECK(f.row_group_rows(0) == 1000);
  CHECK(f.row_group_rows(2) == 500);
  auto roles = List(f, "messages.list.element.role");
  auto content = List(f, "messages.list.element.content");
  for (std::size_t r = 0; r < roles.size(); ++r) {
    REQUIRE(roles[r].size() == 3);
    REQUIRE(content[r].size() == 3);
  }
  CHECK(Str(roles[0][0]) == "system");
  CHECK(Str(roles[0][1]) == "user");
  CHECK(Str(roles[0][2]) == "assistant");
  CHECK(f.columns()[Col(f, "metadata.format")].max_definition == 2);
  CHECK(Str(Flat(f, "metadata.format")[0]) == "json");
  CHECK(Int(Flat(f, "metadata.estimated_tokens")[0]) == 178);
  CHECK(ReadEverything(f) > 0);
}

TEST_CASE("parquet: IFBench's dictionary fallback - large pages - all-null and INT32 columns",
          "[data][parquet]") {
  REQUIRE_SHARED();
  File f = Open("ifbench/test-00000-of-00001.parquet");
  CHECK(f.num_rows() == 1387);
  REQUIRE(f.num_row_groups() == 2);
  CHECK(Int(Flat(f, "key")[0]) == 5);
  auto ids = List(f, "instruction_id_list.list.element");
  REQUIRE(ids[0].size() == 1);
  CHECK(Str(ids[0][0]) == "ratio:stop_words");
  auto roles = List(f, "messages.list.element.role");
  REQUIRE(roles[0].size() == 3);
  CHECK(Str(roles[0][0]) == "user");
  CHECK(Str(roles[0][1]) == "assistant");
  CHECK(Str(roles[0][2]) == "user");

  // Row group 0 of the content column: a dictionary page, one RLE_DICTIONARY page, then PLAIN
  // pages (3 data pages, 3000 values for 1000 rows); row group 1 has 2 data pages.
  const int content = Col(f, "messages.list.element.content");
  auto rg0 = f.ReadChunk(0, content);
  REQUIRE(rg0.has_value());
  CHECK(rg0->dictionary_pages == 1);
  CHECK(rg0->data_pages == 3);
  CHECK(rg0->values.size() == 3000);
  auto rg1 = f.ReadChunk(1, content);
  REQUIRE(rg1.has_value());
  CHECK(rg1->data_pages == 2);
  auto texts = List(f, "messages.list.element.content");
  CHECK(Str(texts[999][0]).size() > 0);
  CHECK(Str(texts[1000][0]).size() > 0);

  for (const char* all_null : {"kwargs.list.element.n", "kwargs.list.element.m",
                               "kwargs.list.element.keyword1", "kwargs.list.element.keyword4"}) {
    INFO(all_null);
    const auto& col = f.columns()[Col(f, all_null)];
    CHECK(col.type == r1::parquet::PhysicalType::kInt32);
    for (const auto& row : List(f, all_null)) {
      for (const auto& v : row) CHECK(std::holds_alternative<std::monostate>(v));
    }
  }
  CHECK(ReadEverything(f) > 0);
}

TEST_CASE("parquet: ZSTD with DataPage V2 (parquet-testing edge case) reads as ten nulls",
          "[data][parquet]") {
  REQUIRE_SHARED();
  File f = Open("parquet-testing/page_v2_empty_compressed.parquet");
  CHECK(f.num_rows() == 10);
  auto v = Flat(f, "integer_column");
  for (const auto& x : v) CHECK(std::holds_alternative<std::monostate>(x));
}

TEST_CASE("parquet: every shared file reads completely - speed", "[data][parquet]") {
  REQUIRE_SHARED();
  std::size_t bytes = 0, values = 0;
  auto start = std::chrono::steady_clock::now();
  for (const char* path :
       {"aime_2024/train-00000-of-00001.parquet",
        "aime_2025/train-00000-of-00001-243207c6c994e1bd.parquet",
        "aime_2024_maxwell/aime_2024_problems.parquet", "amc23/test-00000-of-00001.parquet",
        "hmmt_feb_2025/train-00000-of-00001.parquet", "structured_cot/train-00000-of-00001.parquet",
        "ifbench/test-00000-of-00001.parquet",
        "parquet-testing/page_v2_empty_compressed.parquet"}) {
    File f = Open(path);
    bytes += static_cast<std::size_t>(std::filesystem::file_size(ParquetDir() + "/" + path));
    values += ReadEverything(f);
  }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  WARN("parquet: read " << bytes / 1e6 << " MB (" << values << " values) in " << s * 1000
                        << " ms: " << bytes / 1e6 / s << " MB/s");
}

TEST_CASE("parquet: corrupt and foreign input is an error - never a crash", "[data][parquet]") {
  CHECK(File::Parse("not parquet", "x").error().message == "x: not a Parquet file (no PAR1 magic)");
  CHECK_FALSE(File::Parse("PAR1\xff\xff\xff\x7fPAR1", "x").has_value());
  REQUIRE_SHARED();
  std::string good =
      r1::testing::ReadFile(ParquetDir() + "/hmmt_feb_2025/train-00000-of-00001.parquet");
  // Flip bytes all over the file: each variant must parse or fail cleanly.
  int errors = 0;
  for (std::size_t at = 4; at + 8 < good.size(); at += 97) {
    std::string bad = good;
    bad[at] = static_cast<char>(bad[at] ^ 0x5a);
    auto f = File::Parse(bad, "bad");
    if (!f) {
      ++errors;
      continue;
    }
    for (std::size_t c = 0; c < f->columns().size(); ++c) {
      auto r =
          f->columns()[c].max_repetition ? f->ReadList(c).has_value() : f->ReadFlat(c).has_value();
      errors += !r;
    }
  }
  CHECK(errors > 0);
  // A truncated file loses its footer magic.
  CHECK_FALSE(File::Parse(good.substr(0, good.size() - 1), "cut").has_value());
}

TEST_CASE("parquet: the RLE / bit-packed hybrid example from Encodings.md", "[data][parquet]") {
  bool ok = true;
  // Bit-packed, width 3, values 0..7: header (1 group << 1) | 1, then 10001000 11000110 11111010.
  auto v = r1::parquet::DecodeHybrid(std::string("\x03\x88\xc6\xfa", 4), 3, 8, &ok);
  CHECK(ok);
  CHECK(v == std::vector<std::uint32_t>{0, 1, 2, 3, 4, 5, 6, 7});
  // An RLE run: 5 times the value 2 at width 2.
  v = r1::parquet::DecodeHybrid(std::string("\x0a\x02", 2), 2, 5, &ok);
  CHECK(v == std::vector<std::uint32_t>{2, 2, 2, 2, 2});
  ok = true;
  r1::parquet::DecodeHybrid(std::string("\x0a", 1), 2, 5, &ok);
  CHECK_FALSE(ok);
}
