// What the store's tests share: a fresh real SQLite file per test (WAL behaviour differs from
// :memory:) and a run spec.
#pragma once

#include <filesystem>
#include <string>

#include "r1/store/store.h"
#include "support/temp_dir.h"

namespace r1::store::testing {

struct TempDb {
  r1::testing::TempDir tmp;
  std::filesystem::path dir = tmp.path();
  std::string path() const { return (dir / "r1.db").string(); }
};

/// An AIME-like run with `k` samples per problem.
inline RunSpec Spec(int k) {
  RunSpec s;
  s.suite = "aime2024";
  s.data_version = "abc";
  s.model = "m";
  s.endpoint = "http://127.0.0.1:1/v1";
  s.prompt_version = "1";
  s.grader = "integer";
  s.samples_per_problem = k;
  return s;
}

}  // namespace r1::store::testing
