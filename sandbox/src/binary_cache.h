// The on-disk cache of compiled binaries shared across processes (RunnerOptions::cache_dir),
// bounded in bytes: without a bound, every distinct program of every run stays forever (a
// 64-sample Codeforces run compiles thousands). Least recently used first: a hit refreshes the
// file's mtime, eviction removes the oldest until the cache is back under 80% of its bound.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>

namespace r1::sandbox::internal {

class BinaryCache {
 public:
  /// `dir` empty: a cache that holds nothing. Counts what `dir` holds now and trims it.
  BinaryCache(std::filesystem::path dir, std::uintmax_t max_bytes);

  bool enabled() const { return !dir_.empty(); }
  /// The binary stored under `key`, refreshed as recently used; nullopt when absent.
  std::optional<std::string> Get(const std::string& key);
  /// Stores `binary` under `key` (best effort: a cache that cannot be written is only slower),
  /// then evicts the least recently used files while the cache is over its bound.
  void Put(const std::string& key, const std::string& binary);
  /// Bytes in the cache by this process's last count (other processes' writes show up at the
  /// next trim).
  std::uintmax_t bytes() const { return bytes_.load(); }

 private:
  std::filesystem::path PathOf(const std::string& key) const;
  void Trim();

  std::filesystem::path dir_;
  std::uintmax_t max_bytes_;
  std::atomic<std::uintmax_t> bytes_{0};
  std::mutex trim_mu_;
};

}  // namespace r1::sandbox::internal
