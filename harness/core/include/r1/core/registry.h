// A name -> factory table. Registration is explicit (no static self-registration): each module
// exposes a Register...() function that the CLI calls once.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "r1/core/error.h"

namespace r1 {

template <class T, class... Args>
class Registry {
 public:
  using Factory = std::function<Result<std::unique_ptr<T>>(Args...)>;

  /// Adds a factory; a second registration of a name replaces the first.
  void Add(std::string name, std::string description, Factory factory) {
    entries_[std::move(name)] = Entry{std::move(description), std::move(factory)};
  }

  bool Has(const std::string& name) const { return entries_.contains(name); }

  /// Builds the named item; kNotFound lists the known names.
  Result<std::unique_ptr<T>> Make(const std::string& name, Args... args) const {
    auto it = entries_.find(name);
    if (it == entries_.end()) {
      std::string known;
      for (const auto& [key, entry] : entries_) known += (known.empty() ? "" : ", ") + key;
      return Fail(ErrorCode::kNotFound, "unknown name '" + name + "' (known: " + known + ")");
    }
    return it->second.factory(std::forward<Args>(args)...);
  }

  /// (name, description) pairs in name order.
  std::vector<std::pair<std::string, std::string>> List() const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [key, entry] : entries_) out.emplace_back(key, entry.description);
    return out;
  }

 private:
  struct Entry {
    std::string description;
    Factory factory;
  };
  std::map<std::string, Entry> entries_;
};

}  // namespace r1
