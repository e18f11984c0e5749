// LiveCodeBench: the private-test decoding chain, the R1 window and --since/--until, release
// selection, the prompt, the reduced cache, and the real 1873_A record from shared/data.
#include "r1/suites/livecodebench.h"

#include <zlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "r1/core/code_tests.h"
#include "r1/core/text.h"
#include "r1/suites/registry.h"
#include "support/skip.h"
#include "support/temp_dir.h"

namespace fs = std::filesystem;
using r1::CodeProblemSpec;
using r1::CodeTestStore;
using r1::SuiteOptions;
using r1::suites::DecodeLcbTests;
using r1::suites::UnpickleString;

namespace {

const std::string kFixtures = R1_SOURCE_DIR "/tests/fixtures/livecodebench";

std::string Meta(const r1::Problem& p, const std::string& key) {
  for (const auto& [k, v] : p.meta) {
    if (k == key) return v;
  }
  return "";
}

std::string Compress(const std::string& bytes) {
  uLongf size = compressBound(bytes.size());
  std::string out(size, '\0');
  compress(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(bytes.data()),
           bytes.size());
  out.resize(size);
  return out;
}

// Protocol-4 pickle of one short str, as CPython writes it.
std::string PickleShort(const std::string& text) {
  std::string body = std::string("\x8c") + static_cast<char>(text.size()) + text + "\x94.";
  std::string frame(8, '\0');
  frame[0] = static_cast<char>(body.size());
  return std::string("\x80\x04\x95", 3) + frame + body;
}

// A folder holding copies of the chosen fixture files.
std::string Folder(const r1::testing::TempDir& tmp, const std::vector<std::string>& names) {
  fs::create_directories(tmp.path() / "lcb");
  for (const auto& n : names) fs::copy_file(kFixtures + "/" + n, tmp.path() / "lcb" / n);
  return tmp / "lcb";
}

}  // namespace

TEST_CASE("the real 1873_A payload decodes to its 4 stdin tests", "[suites][livecodebench]") {
  const std::string payload =
      "eJxrYJmaz8gABhEZQEZ0tVJmXkFpiZKVgpJhTF5iUnJMnpKOglJ+aQlUNNI1GCJUklpcUlJZkAoSLC5JycxTqtVRQNJuDNWOILAYhCCIMd"
      "I0Ji85MQloWjKQSE5KjMlLSgSam5SciG64nz+y2WACJESMJWYY7ibFG8T5KnaKHgAcinnp";
  auto raw = r1::Base64Decode(payload);
  REQUIRE(raw);
  auto inflated = r1::suites::InflateZlib(*raw);
  REQUIRE(inflated);
  CHECK(inflated->size() == 378);
  CHECK(inflated->substr(0, 3) == std::string("\x80\x04\x95", 3));
  auto tests = DecodeLcbTests(payload);
  REQUIRE(tests);
  REQUIRE(tests->size() == 4);
  CHECK((*tests)[0].input == "1\nabc\n");
  CHECK((*tests)[0].output == "YES\n");
  CHECK_FALSE((*tests)[0].functional);
}

TEST_CASE("the pickle reader accepts exactly the str layouts and names what it refuses", "[suites][livecodebench]") {
  CHECK(*UnpickleString(PickleShort("[1]")) == "[1]");
  // BINUNICODE without a frame and without MEMOIZE (protocol 2 style).
  CHECK(*UnpickleString(std::string("\x80\x02X\x02\x00\x00\x00hi.", 10)) == "hi");
  // BINUNICODE8.
  CHECK(*UnpickleString(std::string("\x80\x04\x8d\x01\x00\x00\x00\x00\x00\x00\x00z\x94.", 14)) == "z");

  auto list = UnpickleString(std::string("\x80\x04\x95\x04\x00\x00\x00\x00\x00\x00\x00]\x94.", 15));
  REQUIRE_FALSE(list);
  CHECK(list.error().message.find("opcode 0x5d at offset 11 is not supported") != std::string::npos);
  auto proto = UnpickleString(std::string("\x80\x06X", 3));
  CHECK(proto.error().message.find("protocol 6") != std::string::npos);
  CHECK_FALSE(UnpickleString("not a pickle"));
  CHECK_FALSE(UnpickleString(std::string("\x80\x04X\x09\x00\x00\x00hi.", 10)));     // longer than the data
  CHECK_FALSE(UnpickleString(PickleShort("x") + "junk"));                          // bytes after STOP
  auto frame = UnpickleString(std::string("\x80\x04\x95\x09\x00\x00\x00\x00\x00\x00\x00\x8c\x01x\x94.", 16));
  CHECK(frame.error().message.find("frame of 9 bytes, 5 follow") != std::string::npos);
}

TEST_CASE("test fields: plain JSON - the encoded chain - and clear errors", "[suites][livecodebench]") {
  auto plain = DecodeLcbTests(R"([{"input": "1\n2", "output": "3", "testtype": "functional"}])");
  REQUIRE(plain);
  CHECK((*plain)[0].functional);
  const std::string json = R"([{"input": "x", "output": "y", "testtype": "stdin"}])";
  auto encoded = DecodeLcbTests(r1::Base64Encode(Compress(PickleShort(json))));
  REQUIRE(encoded);
  CHECK((*encoded)[0].input == "x");

  CHECK(DecodeLcbTests("eJ!!").error().message.find("base64") != std::string::npos);
  CHECK(DecodeLcbTests(r1::Base64Encode("not zlib at all")).error().message.find("zlib") != std::string::npos);
  const std::string deflated = Compress(PickleShort(json));
  CHECK(DecodeLcbTests(r1::Base64Encode(deflated.substr(0, deflated.size() - 6))).error().message.find("zlib") !=
        std::string::npos);
  CHECK(DecodeLcbTests(r1::Base64Encode(Compress(std::string("\x80\x04]\x94.", 5)))).error().message.find("pickle") !=
        std::string::npos);
  CHECK(DecodeLcbTests(r1::Base64Encode(Compress(PickleShort("{not json")))).error().message.find("not JSON") !=
        std::string::npos);
  CHECK(DecodeLcbTests(R"([{"input": "x", "output": "y", "testtype": "file"}])").error().message.find(
            "testtype 'file'") != std::string::npos);
}

TEST_CASE("release selectors name the cumulative files", "[suites][livecodebench]") {
  using V = std::vector<std::string>;
  CHECK(*r1::suites::LcbReleaseFiles("release_v1") == V{"test.jsonl"});
  CHECK(*r1::suites::LcbReleaseFiles("release_v5") ==
        V{"test.jsonl", "test2.jsonl", "test3.jsonl", "test4.jsonl", "test5.jsonl"});
  CHECK(r1::suites::LcbReleaseFiles("release_latest")->size() == 6);
  CHECK(*r1::suites::LcbReleaseFiles("v2") == V{"test2.jsonl"});
  CHECK(*r1::suites::LcbReleaseFiles("v4_v6") == V{"test4.jsonl", "test5.jsonl", "test6.jsonl"});
  for (const char* bad : {"release_v7", "v0", "v5_v3", "latest", "release_v"}) {
    CHECK_FALSE(r1::suites::LcbReleaseFiles(bad));
  }
}

TEST_CASE("the R1 window keeps in-window rows only - both ends inclusive", "[suites][livecodebench]") {
  r1::testing::TempDir tmp;
  const std::string dir = Folder(tmp, {"test.jsonl", "test5.jsonl", "test6.jsonl"});
  auto suite = r1::suites::MakeLiveCodeBenchSuite(SuiteOptions{dir, "", "", "", tmp / "cache"});
  REQUIRE(suite);
  std::vector<std::string> ids;
  std::map<std::string, int> difficulty, platform;
  for (const auto& p : (*suite)->Problems()) {
    ids.push_back(p.id);
    ++difficulty[Meta(p, "difficulty")];
    ++platform[Meta(p, "platform")];
  }
  // 2024-07-31 and 2025-02-02 fall out; 2025-02-01 (the end day) stays. File order is kept.
  CHECK(ids == std::vector<std::string>{"fx_add", "fx_squares", "fx_half", "fx_sum"});
  CHECK(difficulty == std::map<std::string, int>{{"easy", 1}, {"medium", 2}, {"hard", 1}});
  CHECK(platform == std::map<std::string, int>{{"atcoder", 2}, {"leetcode", 1}, {"codeforces", 1}});
  CHECK((*suite)->Name() == "livecodebench");
  CHECK((*suite)->GraderKey() == "livecodebench");

  const r1::Problem& squares = (*suite)->Problems()[1];
  CHECK(Meta(squares, "date") == "2024-10-05");
  auto spec = r1::ParseCodeProblemSpec(squares.gold);
  REQUIRE(spec);
  CHECK(spec->function_name == "sumOfSquares");
  CHECK(spec->tests == 21);
  CHECK(spec->public_tests == 1);
  CHECK(spec->time_limit_s == 6.0);
  CodeTestStore store(r1::suites::CodeTestsDir(tmp / "cache"));
  auto tests = store.Get(spec->tests_key);
  REQUIRE(tests);
  REQUIRE((*tests)->size() == 21);
  CHECK((**tests)[0].input == "[1, 2, 3]");
  CHECK((**tests)[0].expected == "14");

  // The big unframed payload decodes into its 25 private tests after the public one.
  auto sum = r1::ParseCodeProblemSpec((*suite)->Problems()[3].gold);
  REQUIRE(sum);
  CHECK(sum->tests == 26);
  CHECK(sum->function_name.empty());
}

TEST_CASE("since and until options override the window end by end and change the data version", "[suites][livecodebench]") {
  r1::testing::TempDir tmp;
  const std::string dir = Folder(tmp, {"test.jsonl", "test5.jsonl", "test6.jsonl"});
  auto r1_window = r1::suites::MakeLiveCodeBenchSuite(SuiteOptions{dir});
  REQUIRE(r1_window);
  auto later = r1::suites::MakeLiveCodeBenchSuite(SuiteOptions{dir, "", "2025-12-31"});
  REQUIRE(later);
  CHECK(later.value()->Problems().size() == 6);  // + 2025-02-02 and the v6 row
  auto autumn = r1::suites::MakeLiveCodeBenchSuite(SuiteOptions{dir, "2024-10-01", "2024-12-01"});
  REQUIRE(autumn);
  REQUIRE(autumn.value()->Problems().size() == 2);
  CHECK(autumn.value()->Problems()[0].id == "fx_squares");
  CHECK(r1_window.value()->DataVersion() != later.value()->DataVersion());

  auto bad = r1::suites::MakeLiveCodeBenchSuite(SuiteOptions{dir, "2024-13-01"});
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == r1::ErrorCode::kInvalidArgument);
  CHECK(bad.error().message.find("--since 2024-13-01") != std::string::npos);
  auto empty = r1::suites::MakeLiveCodeBenchSuite(SuiteOptions{dir, "2025-01-01", "2024-01-01"});
  CHECK(empty.error().message.find("is empty") != std::string::npos);
  auto none = r1::suites::MakeLiveCodeBenchSuite(SuiteOptions{dir, "2030-01-01", "2030-02-01"});
  CHECK(none.error().message.find("no problem dated 2030-01-01..2030-02-01") != std::string::npos);
}

TEST_CASE("a release reads exactly its files and names missing ones", "[suites][livecodebench]") {
  r1::testing::TempDir tmp;
  const std::string dir = Folder(tmp, {"test.jsonl", "test5.jsonl", "test6.jsonl"});
  auto missing = r1::suites::MakeLiveCodeBenchSuite(SuiteOptions{dir, "", "2025-12-31", "release_v5"});
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == r1::ErrorCode::kNotFound);
  CHECK(missing.error().message.find("release_v5 needs test2.jsonl, test3.jsonl, test4.jsonl") != std::string::npos);
  for (const char* n : {"test2.jsonl", "test3.jsonl", "test4.jsonl"}) tmp.Write(std::string("lcb/") + n, "");
  auto v5 = r1::suites::MakeLiveCodeBenchSuite(SuiteOptions{dir, "", "2025-12-31", "release_v5"});
  REQUIRE(v5);
  CHECK(v5.value()->Problems().size() == 5);  // not the v6 row
  auto v6 = r1::suites::MakeLiveCodeBenchSuite(SuiteOptions{dir, "2025-02-02", "2025-12-31", "v6"});
  REQUIRE(v6);
  REQUIRE(v6.value()->Problems().size() == 1);
  CHECK(v6.value()->Problems()[0].id == "fx_march");
  CHECK(r1::suites::MakeLiveCodeBenchSuite(SuiteOptions{dir, "", "", "release_v9"}).error().message.find(
            "unknown release") != std::string::npos);
}

TEST_CASE("the prompt is LiveCodeBench's with the system text folded into the user turn", "[suites][livecodebench]") {
  r1::testing::TempDir tmp;
  auto suite = r1::suites::MakeLiveCodeBenchSuite(SuiteOptions{Folder(tmp, {"test5.jsonl"})});
  REQUIRE(suite);
  const auto& problems = (*suite)->Problems();
  r1::Prompt stdin_prompt = (*suite)->Render(problems[0], 0);
  REQUIRE(stdin_prompt.messages.size() == 1);
  CHECK(stdin_prompt.messages[0].role == "user");
  CHECK(stdin_prompt.messages[0].content ==
        std::string(r1::suites::kLcbSystemMessage) +
            "\n\n### Question:\nRead two integers A and B and print A+B.\n\nSample Input 1\n\n2 3\n\nSample Output "
            "1\n\n5\n\n### Format: Read the inputs from stdin solve the problem and write the answer to stdout "
            "(do not directly test on the sample inputs). Enclose your code within delimiters as follows. Ensure "
            "that when the python program runs, it reads the inputs, runs the algorithm and writes output to "
            "STDOUT.\n```python\n# YOUR CODE HERE\n```\n\n### Answer: (use the provided format with backticks)\n\n");
  const std::string functional = (*suite)->Render(problems[1], 3).messages[0].content;
  CHECK(functional.find("### Format: You will use the following starter code to write the solution to the "
                        "problem and enclose your code within delimiters.\n```python\nclass Solution:\n    def "
                        "sumOfSquares(self, nums: List[int]) -> int:\n        \n```\n\n### Answer:") !=
        std::string::npos);
}

TEST_CASE("the reduced cache serves later loads and is rebuilt when tests go missing", "[suites][livecodebench]") {
  r1::testing::TempDir tmp;
  const std::string dir = Folder(tmp, {"test5.jsonl"});
  const SuiteOptions options{dir, "", "", "", tmp / "cache"};
  auto first = r1::suites::MakeLiveCodeBenchSuite(options);
  REQUIRE(first);
  const fs::path reduced_dir = tmp.path() / "cache" / "derived" / "livecodebench";
  REQUIRE(fs::is_directory(reduced_dir));
  REQUIRE(std::distance(fs::directory_iterator(reduced_dir), fs::directory_iterator()) == 1);

  // Same name, size and mtime: the cache is used and the file is not read (garbage would fail).
  const std::string source = dir + "/test5.jsonl";
  const auto mtime = fs::last_write_time(source);
  const std::string original = r1::testing::ReadFile(source);
  tmp.Write("lcb/test5.jsonl", std::string(original.size(), 'x'));
  fs::last_write_time(source, mtime);
  auto cached = r1::suites::MakeLiveCodeBenchSuite(options);
  REQUIRE(cached);
  CHECK(cached.value()->DataVersion() == first.value()->DataVersion());
  CHECK(cached.value()->Problems().size() == 4);
  // A different mtime is a different key: the garbage is read, and refused.
  fs::last_write_time(source, mtime + std::chrono::seconds(5));
  CHECK_FALSE(r1::suites::MakeLiveCodeBenchSuite(options));
  tmp.Write("lcb/test5.jsonl", original);
  auto second = r1::suites::MakeLiveCodeBenchSuite(options);
  REQUIRE(second);
  CHECK(second.value()->DataVersion() == first.value()->DataVersion());

  // Lost test sets make the cache stale; the next load writes them again.
  fs::remove_all(tmp.path() / "cache" / "code-tests");
  auto third = r1::suites::MakeLiveCodeBenchSuite(options);
  REQUIRE(third);
  auto spec = r1::ParseCodeProblemSpec(third.value()->Problems()[0].gold);
  CHECK(CodeTestStore(r1::suites::CodeTestsDir(tmp / "cache")).Has(spec->tests_key));
}

TEST_CASE("bad rows name file - line and field", "[suites][livecodebench]") {
  r1::testing::TempDir tmp;
  nlohmann::json row = {{"question_id", "q"},         {"question_content", "c"},
                        {"platform", "atcoder"},      {"contest_date", "2024-09-01T00:00:00"},
                        {"difficulty", "easy"},       {"public_test_cases", "[]"},
                        {"private_test_cases", "eJx"}, {"metadata", "{}"}};
  const std::string file = tmp.Write("lcb/a.jsonl", "\n" + row.dump() + "\n");
  auto bad = r1::suites::MakeLiveCodeBenchSuite(SuiteOptions{tmp / "lcb"});
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message.find(file + ": line 2: q: private_test_cases: base64") != std::string::npos);

  row.erase("difficulty");
  tmp.Write("lcb/a.jsonl", row.dump());
  CHECK(r1::suites::MakeLiveCodeBenchSuite(SuiteOptions{tmp / "lcb"}).error().message.find(
            "line 1: missing field 'difficulty'") != std::string::npos);

  row["difficulty"] = "easy";
  row["private_test_cases"] = "[]";
  tmp.Write("lcb/a.jsonl", row.dump() + "\n" + row.dump());
  CHECK(r1::suites::MakeLiveCodeBenchSuite(SuiteOptions{tmp / "lcb"}).error().message.find(
            "no tests") != std::string::npos);
  row["public_test_cases"] = R"([{"input": "1", "output": "1", "testtype": "stdin"}])";
  tmp.Write("lcb/a.jsonl", row.dump() + "\n" + row.dump());
  CHECK(r1::suites::MakeLiveCodeBenchSuite(SuiteOptions{tmp / "lcb"}).error().message.find(
            "line 2: question_id 'q' already read at") != std::string::npos);
}

TEST_CASE("the real 1873_A record loads with its 5 tests", "[suites][livecodebench]") {
  const std::string shared = r1::testing::SharedDataDir();
  if (shared.empty()) {
    R1_SKIP("../shared/data is absent");
  }
  r1::testing::TempDir tmp;
  r1::suites::SuiteRegistry registry;
  r1::suites::RegisterSuites(registry);
  auto entry = registry.Find("livecodebench");
  REQUIRE(entry);
  // It is from 2023, outside the R1 window: the default window finds nothing.
  CHECK_FALSE((*entry)->make(SuiteOptions{shared + "/livecodebench"}));
  auto suite = (*entry)->make(SuiteOptions{shared + "/livecodebench", "2023-08-21", "2023-08-21", "", tmp / "c"});
  REQUIRE(suite);
  REQUIRE((*suite)->Problems().size() == 1);
  const r1::Problem& p = (*suite)->Problems()[0];
  CHECK(p.id == "1873_A");
  CHECK(Meta(p, "platform") == "codeforces");
  CHECK(Meta(p, "title") == "A. Short Sort");
  auto spec = r1::ParseCodeProblemSpec(p.gold);
  REQUIRE(spec);
  CHECK(spec->tests == 5);
  CHECK(spec->public_tests == 1);
  auto tests = CodeTestStore(r1::suites::CodeTestsDir(tmp / "c")).Get(spec->tests_key);
  REQUIRE(tests);
  CHECK((**tests)[1].input == "1\nabc\n");
  CHECK((**tests)[1].expected == "YES\n");
}
