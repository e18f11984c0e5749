// Claims: processes sharing one run on one machine each ask for different samples; a claim of
// a process that is gone, or whose lease ran out, is free again. Real SQLite files, real
// processes (fork) where the question is about processes.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <filesystem>
#include <set>
#include <thread>

#include "r1/store/store.h"
#include "store_fixture.h"

namespace fs = std::filesystem;
using r1::store::ClaimOwner;
using r1::store::RunSpec;
using r1::store::SampleKey;
using r1::store::Store;

namespace {

using r1::store::testing::TempDb;

RunSpec Spec() { return r1::store::testing::Spec(2); }

std::vector<SampleKey> Keys(int problems, int k) {
  std::vector<SampleKey> keys;
  for (int p = 0; p < problems; ++p) {
    for (int i = 0; i < k; ++i) keys.emplace_back("p" + std::to_string(p), i);
  }
  return keys;
}

r1::Completion Ok() {
  r1::Completion c;
  c.content = "\\boxed{1}";
  c.finish_reason = "stop";
  return c;
}

r1::Completion Err() {
  r1::Completion c;
  c.error = r1::Error{r1::ErrorCode::kRejected, "HTTP 400"};
  return c;
}

// A process that has exited: its pid as a claim owner on this machine.
ClaimOwner ExitedProcess(bool reap) {
  ClaimOwner owner = ClaimOwner::ThisProcess();
  owner.token = "exited-" + std::to_string(reap);
  pid_t pid = fork();
  if (pid == 0) _exit(0);
  owner.pid = pid;
  owner.start_ticks = 0;
  if (reap) {
    waitpid(pid, nullptr, 0);
  } else {
    // Leave it a zombie: exited, not yet reaped. Wait until it has exited.
    for (int i = 0; i < 500 && ClaimOwner::Alive(owner); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  return owner;
}

}  // namespace

TEST_CASE("two owners claim disjoint samples and a live claim is not taken", "[store][claims]") {
  TempDb tmp;
  auto store = std::move(*Store::Open(tmp.path()));
  auto run = *store->OpenRun(Spec(), false);
  const auto keys = Keys(5, 2);
  ClaimOwner a = ClaimOwner::ThisProcess();
  ClaimOwner b = ClaimOwner::ThisProcess();
  CHECK(a.token != b.token);
  auto first = store->ClaimMissing(run.id, keys, 3, a, 60);
  REQUIRE(first);
  CHECK(first->claimed == std::vector<SampleKey>(keys.begin(), keys.begin() + 3));
  auto second = store->ClaimMissing(run.id, keys, 100, b, 60);
  REQUIRE(second);
  CHECK(second->claimed == std::vector<SampleKey>(keys.begin() + 3, keys.end()));
  CHECK(second->held_elsewhere == 3);
  auto elsewhere = store->ClaimedElsewhere(run.id, b);
  REQUIRE(elsewhere);
  CHECK(elsewhere->size() == 3);
  // A finished sample is reported as done, not claimed; a released claim is free again.
  auto written = store->PutSample(run.id, "p0", 0, Ok(), "");
  REQUIRE(written);
  REQUIRE(store->ReleaseClaim(run.id, {"p0", 0}, a, false));
  REQUIRE(store->ReleaseClaim(run.id, {"p0", 1}, a, false));
  const std::vector<SampleKey> head(keys.begin(), keys.begin() + 3);  // b holds none of them
  auto third = store->ClaimMissing(run.id, head, 100, b, 60);
  REQUIRE(third);
  CHECK(third->done == std::vector<SampleKey>{{"p0", 0}});
  CHECK(third->claimed == std::vector<SampleKey>{{"p0", 1}});
  CHECK(third->held_elsewhere == 1);  // ("p1", 0) is still a's
}

TEST_CASE("claims of a process that is gone are free at once whether zombie or reaped", "[store][claims]") {
  TempDb tmp;
  auto store = std::move(*Store::Open(tmp.path()));
  auto run = *store->OpenRun(Spec(), false);
  const auto keys = Keys(2, 2);
  bool reap = GENERATE(true, false);
  ClaimOwner gone = ExitedProcess(reap);
  REQUIRE_FALSE(ClaimOwner::Alive(gone));
  REQUIRE(ClaimOwner::Alive(ClaimOwner::ThisProcess()));
  auto held = store->ClaimMissing(run.id, keys, 2, gone, 3600);  // a lease far from running out
  REQUIRE(held);
  REQUIRE(held->claimed.size() == 2);
  auto taken = store->ClaimMissing(run.id, keys, 100, ClaimOwner::ThisProcess(), 60);
  REQUIRE(taken);
  CHECK(taken->claimed == keys);
  CHECK(taken->held_elsewhere == 0);
  if (!reap) waitpid(gone.pid, nullptr, 0);
}

TEST_CASE("a reused pid is not mistaken for the process that claimed", "[store][claims]") {
  ClaimOwner self = ClaimOwner::ThisProcess();
  REQUIRE(self.start_ticks > 0);
  ClaimOwner impostor = self;
  impostor.start_ticks = self.start_ticks + 1;  // same pid, another process's start time
  CHECK_FALSE(ClaimOwner::Alive(impostor));
}

TEST_CASE("a claim whose lease ran out is free and renewing keeps it", "[store][claims]") {
  TempDb tmp;
  auto store = std::move(*Store::Open(tmp.path()));
  auto run = *store->OpenRun(Spec(), false);
  const auto keys = Keys(2, 1);
  // Another machine or pid namespace: its pid says nothing here, only the lease counts.
  ClaimOwner far = ClaimOwner::ThisProcess();
  far.host = "another-boot/pid:[1]";
  far.pid = 999999999;
  ClaimOwner near = ClaimOwner::ThisProcess();
  REQUIRE(store->ClaimMissing(run.id, {keys[0]}, 1, far, 0.3)->claimed.size() == 1);
  REQUIRE(store->ClaimMissing(run.id, {keys[1]}, 1, far, 3600)->claimed.size() == 1);
  // The lease of the second call covers both claims (one lease per owner).
  auto before = store->ClaimMissing(run.id, keys, 10, near, 60);
  REQUIRE(before);
  CHECK(before->claimed.empty());
  CHECK(before->held_elsewhere == 2);
  // Renew with a short lease, let it run out: both are free, and the owner learns it lost them.
  REQUIRE(*store->RenewClaims(far, 0.2));
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  auto after = store->ClaimMissing(run.id, keys, 10, near, 60);
  REQUIRE(after);
  CHECK(after->claimed == keys);
  auto renewed = store->RenewClaims(far, 60);
  REQUIRE(renewed);
  CHECK_FALSE(*renewed);
}

TEST_CASE("a sample another process failed while this one ran is not asked again", "[store][claims]") {
  TempDb tmp;
  auto store = std::move(*Store::Open(tmp.path()));
  auto run = *store->OpenRun(Spec(), false);
  const std::vector<SampleKey> key{{"p0", 0}};
  ClaimOwner early = ClaimOwner::ThisProcess();  // started before the failure
  ClaimOwner failing = ClaimOwner::ThisProcess();
  REQUIRE(store->ClaimMissing(run.id, key, 1, failing, 60)->claimed == key);
  REQUIRE(store->PutSample(run.id, "p0", 0, Err(), ""));
  REQUIRE(store->ReleaseClaim(run.id, key[0], failing, /*failed=*/true));
  auto seen_early = store->ClaimMissing(run.id, key, 1, early, 60);
  REQUIRE(seen_early);
  CHECK(seen_early->claimed.empty());
  CHECK(seen_early->failed_elsewhere == key);
  // A session started after the failure retries it, as resuming does.
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ClaimOwner later = ClaimOwner::ThisProcess();
  CHECK(store->ClaimMissing(run.id, key, 1, later, 60)->claimed == key);
}

TEST_CASE("connections claiming at the same time never claim one sample twice", "[store][claims]") {
  TempDb tmp;
  { REQUIRE(Store::Open(tmp.path())); }
  const auto keys = Keys(50, 4);
  constexpr int kWorkers = 4;
  std::vector<std::vector<SampleKey>> got(kWorkers);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int w = 0; w < kWorkers; ++w) {
    threads.emplace_back([&, w] {
      auto store = Store::Open(tmp.path());
      if (!store) return void(++failures);
      auto run = (*store)->OpenRun(Spec(), false);
      if (!run) return void(++failures);
      ClaimOwner me = ClaimOwner::ThisProcess();
      while (true) {
        auto batch = (*store)->ClaimMissing(run->id, keys, 3, me, 60);
        if (!batch) return void(++failures);
        if (batch->claimed.empty()) break;
        for (const auto& k : batch->claimed) {
          got[w].push_back(k);
          (void)(*store)->PutSample(run->id, k.first, k.second, Ok(), "");
          (void)(*store)->ReleaseClaim(run->id, k, me, false);
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(failures == 0);
  std::multiset<SampleKey> all;
  for (const auto& g : got) all.insert(g.begin(), g.end());
  CHECK(all.size() == keys.size());
  CHECK(std::set<SampleKey>(all.begin(), all.end()).size() == keys.size());
  auto store = std::move(*Store::Open(tmp.path()));
  CHECK(store->Runs()->size() == 1);
}

TEST_CASE("processes creating one new store at once all open it and share one run", "[store][claims]") {
  TempDb tmp;
  constexpr int kProcesses = 6;
  std::vector<pid_t> children;
  for (int i = 0; i < kProcesses; ++i) {
    pid_t pid = fork();
    if (pid == 0) {
      // Start together: every child waits for the go file, then opens at once.
      while (!fs::exists(tmp.dir / "go")) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      auto store = Store::Open(tmp.path());
      if (!store) {
        fprintf(stderr, "%s\n", store.error().message.c_str());
        _exit(3);
      }
      auto run = (*store)->OpenRun(Spec(), false);
      if (!run) {
        fprintf(stderr, "%s\n", run.error().message.c_str());
        _exit(4);
      }
      _exit(0);
    }
    children.push_back(pid);
  }
  std::ofstream(tmp.dir / "go") << "go";
  int failed = 0;
  for (pid_t pid : children) {
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ++failed;
  }
  CHECK(failed == 0);
  auto store = Store::Open(tmp.path());
  REQUIRE(store);
  CHECK((*store)->Runs()->size() == 1);
}
