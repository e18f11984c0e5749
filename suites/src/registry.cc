// The suite registry and the list of built-in suites.
#include "r1/suites/registry.h"

namespace r1::suites {

void SuiteRegistry::Add(SuiteEntry entry) {
  std::string name = entry.name;
  entries_[name] = std::move(entry);
}

Result<const SuiteEntry*> SuiteRegistry::Find(const std::string& name) const {
  auto it = entries_.find(name);
  if (it != entries_.end()) return &it->second;
  std::string known;
  for (const auto& [key, entry] : entries_) known += (known.empty() ? "" : ", ") + key;
  return Fail(ErrorCode::kNotFound, "unknown suite '" + name + "' (known: " + known + ")");
}

std::vector<const SuiteEntry*> SuiteRegistry::List() const {
  std::vector<const SuiteEntry*> out;
  for (const auto& [key, entry] : entries_) out.push_back(&entry);
  return out;
}

void RegisterSuites(SuiteRegistry& registry) {
  RegisterAime(registry);
  RegisterGpqa(registry);
  RegisterR1Demos(registry);
  RegisterMath500(registry);
  RegisterLiveCodeBench(registry);
  RegisterCodeforces(registry);
}

}  // namespace r1::suites
