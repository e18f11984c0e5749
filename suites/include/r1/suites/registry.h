// The suite registry: name -> description, pinned upstream files and a factory.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "r1/core/data_file.h"
#include "r1/core/suite.h"

namespace r1::suites {

struct SuiteEntry {
  std::string name;
  std::string description;
  /// Canonical upstream files, pinned; fetched into the cache when no --data-dir is given.
  std::vector<DataFile> files;
  std::function<Result<std::unique_ptr<Suite>>(const SuiteOptions&)> make;
  /// The data ships with the suite (built into the binary, or next to its suite file): there is
  /// nothing to fetch and --data-dir does not apply.
  bool self_contained = false;
  /// How many problems the canonical data has, shown before it is fetched; 0: unknown.
  int problems = 0;
  /// Added to "data not available" errors: other files the suite accepts in its folder.
  std::string data_note{};
  /// The variants "NAME@VARIANT" may select, for help texts; empty: the suite has none.
  std::string variants{};
  /// The problem attributes (meta keys) reports break results down by, in this order. Only
  /// declared ones: a key that names each problem apart (AIME's url) is no breakdown.
  std::vector<std::string> breakdowns{};
};

class SuiteRegistry {
 public:
  void Add(SuiteEntry entry);
  /// kNotFound lists the known suites.
  Result<const SuiteEntry*> Find(const std::string& name) const;
  std::vector<const SuiteEntry*> List() const;

 private:
  std::map<std::string, SuiteEntry> entries_;
};

/// Adds every built-in suite.
void RegisterSuites(SuiteRegistry& registry);

/// Reads a user suite file (JSON; format in user_suite.h) into an entry. Errors name the file,
/// the field and the value (kInvalidArgument), or the file (kNotFound).
Result<SuiteEntry> LoadSuiteFile(const std::string& path);

/// Built-in suites, one function per benchmark file.
void RegisterAime(SuiteRegistry& registry);
void RegisterGpqa(SuiteRegistry& registry);
void RegisterR1Demos(SuiteRegistry& registry);
void RegisterMath500(SuiteRegistry& registry);
void RegisterLiveCodeBench(SuiteRegistry& registry);
void RegisterCodeforces(SuiteRegistry& registry);

}  // namespace r1::suites
