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

/// Built-in suites, one function per benchmark file.
void RegisterAime(SuiteRegistry& registry);
void RegisterGpqa(SuiteRegistry& registry);

}  // namespace r1::suites
