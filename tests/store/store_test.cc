#include "r1/store/store.h"
#include "store_fixture.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace fs = std::filesystem;
using r1::store::RunSpec;
using r1::store::Store;

namespace {

using r1::store::testing::TempDb;

RunSpec Spec(int k = 4) { return r1::store::testing::Spec(k); }

r1::Completion Ok(const std::string& text) {
  r1::Completion c;
  c.content = text;
  c.finish_reason = "stop";
  c.completion_tokens = 7;
  return c;
}

r1::Completion Err() {
  r1::Completion c;
  c.error = r1::Error{r1::ErrorCode::kUnavailable, "HTTP 500"};
  c.attempts = 6;
  return c;
}

}  // namespace

TEST_CASE("store resumes the run with the same identity and starts anew with fresh", "[store]") {
  TempDb tmp;
  auto store = Store::Open(tmp.path());
  REQUIRE(store.has_value());
  auto a = (*store)->OpenRun(Spec(), false);
  REQUIRE(a.has_value());
  auto b = (*store)->OpenRun(Spec(), false);
  REQUIRE(b.has_value());
  CHECK(a->id == b->id);
  auto c = (*store)->OpenRun(Spec(), true);
  REQUIRE(c.has_value());
  CHECK(c->id != a->id);
  auto d = (*store)->OpenRun(Spec(), false);
  CHECK(d->id == c->id);  // the newest run with that identity
  auto other_k = (*store)->OpenRun(Spec(8), false);
  CHECK(other_k->id != c->id);
}

TEST_CASE("run identity covers sampling params and data but not the endpoint", "[store]") {
  RunSpec a = Spec(), b = Spec();
  b.endpoint = "http://elsewhere/v1";
  CHECK(a.Identity() == b.Identity());
  b.params.temperature = 0.7;
  CHECK(a.Identity() != b.Identity());
  RunSpec c = Spec();
  c.data_version = "def";
  CHECK(a.Identity() != c.Identity());
}

TEST_CASE("labels are unique per store", "[store]") {
  TempDb tmp;
  auto store = *Store::Open(tmp.path());
  RunSpec s = Spec();
  s.label = "baseline";
  auto a = store->OpenRun(s, false);
  REQUIRE(a.has_value());
  CHECK(store->FindRun("baseline")->id == a->id);
  CHECK(store->FindRun(std::to_string(a->id))->id == a->id);
  RunSpec other = Spec(8);
  other.label = "baseline";
  auto clash = store->OpenRun(other, false);
  REQUIRE_FALSE(clash.has_value());
  CHECK(clash.error().code == r1::ErrorCode::kInvalidArgument);
  CHECK(clash.error().message.find("baseline") != std::string::npos);
  CHECK(store->FindRun("nope").error().code == r1::ErrorCode::kNotFound);
}

TEST_CASE("a label opens only its own run - never another with the same settings",
          "[store][identity]") {
  TempDb tmp;
  auto store = *Store::Open(tmp.path());
  RunSpec base = Spec();
  base.label = "base";
  bool created = false;
  auto a = store->OpenRun(base, false, &created);
  REQUIRE(a.has_value());
  CHECK(created);
  RunSpec same = Spec();
  same.label = "same";
  auto b = store->OpenRun(same, false, &created);
  REQUIRE(b.has_value());
  CHECK(created);
  CHECK(b->id != a->id);
  CHECK(b->label == "same");
  CHECK(store->FindRun("base")->id == a->id);
  auto again = store->OpenRun(base, false, &created);
  REQUIRE(again.has_value());
  CHECK_FALSE(created);
  CHECK(again->id == a->id);
  // --fresh with a label that names a run: refused, saying why.
  auto fresh = store->OpenRun(base, true, &created);
  REQUIRE_FALSE(fresh.has_value());
  CHECK(fresh.error().message.find("--fresh") != std::string::npos);
  // Unlabelled: the newest run with the identity, whichever label it has.
  auto unlabelled = store->OpenRun(Spec(), false, &created);
  REQUIRE(unlabelled.has_value());
  CHECK_FALSE(created);
  CHECK(unlabelled->id == b->id);
}

TEST_CASE("an errored sample is replaced by a success and a success is never replaced", "[store]") {
  TempDb tmp;
  auto store = *Store::Open(tmp.path());
  auto run = *store->OpenRun(Spec(), false);
  REQUIRE(store->PutProblems(run.id, {{"60", "q", "204", {{"year", "2024"}}}}).has_value());
  auto e = store->PutSample(run.id, "60", 0, Err(), "");
  REQUIRE(e.has_value());
  CHECK(e->written);
  CHECK(store->CompletedPairs(run.id)->empty());
  auto s1 = store->PutSample(run.id, "60", 0, Ok("\\boxed{204}"), "");
  REQUIRE(s1.has_value());
  CHECK(s1->id == e->id);  // same row, now successful
  CHECK(s1->written);
  auto s2 = store->PutSample(run.id, "60", 0, Ok("\\boxed{1}"), "");
  REQUIRE(s2.has_value());
  CHECK(s2->id == s1->id);
  CHECK_FALSE(s2->written);
  auto samples = *store->Samples(run.id);
  REQUIRE(samples.size() == 1);
  CHECK(samples[0].completion.content == "\\boxed{204}");
  CHECK_FALSE(samples[0].completion.error.has_value());
  CHECK(samples[0].completion.attempts == 7);  // 6 failed attempts, then 1
  CHECK(store->CompletedPairs(run.id)->size() == 1);
  auto problems = *store->Problems(run.id);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].meta.at(0).second == "2024");
}

TEST_CASE("grades are stored - joined and replaced on regrade", "[store]") {
  TempDb tmp;
  auto store = *Store::Open(tmp.path());
  auto run = *store->OpenRun(Spec(), false);
  auto id = store->PutSample(run.id, "60", 1, Ok("x"), "perm=1")->id;
  r1::Grade g;
  g.extracted = "204";
  g.canonical_key = "204";
  g.correct = true;
  REQUIRE(store->PutGrade(id, g, "integer-1").has_value());
  g.correct = false;
  REQUIRE(store->PutGrade(id, g, "integer-2").has_value());
  auto samples = *store->Samples(run.id);
  REQUIRE(samples[0].grade.has_value());
  CHECK_FALSE(samples[0].grade->correct);
  CHECK(samples[0].grader_version == "integer-2");
  CHECK(samples[0].sample_data == "perm=1");
}

TEST_CASE("data survives reopening and the schema version is recorded", "[store]") {
  TempDb tmp;
  {
    auto store = *Store::Open(tmp.path());
    auto run = *store->OpenRun(Spec(), false);
    REQUIRE(store->PutSample(run.id, "60", 0, Ok("a"), "").has_value());
  }
  auto store = *Store::Open(tmp.path());
  CHECK(store->SchemaVersion() >= 1);
  auto runs = *store->Runs();
  REQUIRE(runs.size() == 1);
  CHECK(store->Samples(runs[0].id)->size() == 1);
}

TEST_CASE("a file that is not an r1-eval store is refused and left untouched", "[store]") {
  TempDb tmp;
  {
    std::ofstream(tmp.path()) << "this is not a database at all, just some text\n";
  }
  auto store = Store::Open(tmp.path());
  REQUIRE_FALSE(store.has_value());
  CHECK(store.error().code == r1::ErrorCode::kDataLoss);
  CHECK(store.error().message.find(tmp.path()) != std::string::npos);
}

TEST_CASE("an unwritable store path is an infrastructure error naming the path", "[store]") {
  auto store = Store::Open("/proc/r1-eval-cannot-write-here/r1.db");
  REQUIRE_FALSE(store.has_value());
  CHECK(store.error().code == r1::ErrorCode::kUnavailable);
  CHECK(store.error().message.find("r1-eval-cannot-write-here") != std::string::npos);
}

TEST_CASE("a run keeps the breakdown attributes its suite declared - unknown for older runs",
          "[store]") {
  TempDb tmp;
  auto store = Store::Open(tmp.path());
  REQUIRE(store.has_value());
  RunSpec declared = Spec();
  declared.breakdowns = std::vector<std::string>{"subject", "level"};
  declared.label = "declared";
  RunSpec none = Spec();
  none.breakdowns = std::vector<std::string>{};
  none.label = "none";
  RunSpec unknown = Spec();
  unknown.label = "unknown";
  REQUIRE((*store)->OpenRun(declared, false).has_value());
  REQUIRE((*store)->OpenRun(none, false).has_value());
  REQUIRE((*store)->OpenRun(unknown, false).has_value());
  store->reset();  // read back from the file, not from anything held in memory
  auto reopened = Store::Open(tmp.path());
  REQUIRE(reopened.has_value());
  auto a = (*reopened)->FindRun("declared");
  REQUIRE(a.has_value());
  CHECK(a->breakdowns == std::vector<std::string>{"subject", "level"});
  auto b = (*reopened)->FindRun("none");
  REQUIRE(b.has_value());
  REQUIRE(b->breakdowns.has_value());
  CHECK(b->breakdowns->empty());
  auto c = (*reopened)->FindRun("unknown");
  REQUIRE(c.has_value());
  CHECK_FALSE(c->breakdowns.has_value());
  // Not part of the identity: a resumed run is the same run whatever the list says.
  CHECK(declared.Identity() == unknown.Identity());
}
