// A unique temporary folder per test, removed afterwards.
#pragma once

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace r1::testing {

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("r1-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

  /// Writes `text` to `name` (creating folders) and returns the full path.
  std::string Write(const std::string& name, const std::string& text) const {
    auto full = path_ / name;
    std::filesystem::create_directories(full.parent_path());
    std::ofstream(full, std::ios::binary) << text;
    return full.string();
  }

 private:
  std::filesystem::path path_;
};

/// The whole content of a file ("" when unreadable).
inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// ../shared next to the checkout, or $R1_SHARED_DIR (tests of the CI=true rule point it away).
inline std::filesystem::path SharedDir() {
  const char* env = std::getenv("R1_SHARED_DIR");
  return env ? std::filesystem::path(env) : std::filesystem::path(R1_SOURCE_DIR) / ".." / "shared";
}

/// The shared real data folder (SharedDir()/data); empty if absent.
inline std::string SharedDataDir() {
  std::filesystem::path p = SharedDir() / "data";
  return std::filesystem::is_directory(p) ? std::filesystem::canonical(p).string() : "";
}

}  // namespace r1::testing
