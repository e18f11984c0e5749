// See binary_cache.h.
#include "binary_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <system_error>
#include <vector>

namespace r1::sandbox::internal {
namespace fs = std::filesystem;

BinaryCache::BinaryCache(fs::path dir, std::uintmax_t max_bytes)
    : dir_(std::move(dir)), max_bytes_(max_bytes) {
  if (enabled()) Trim();
}

fs::path BinaryCache::PathOf(const std::string& key) const {
  return dir_ / key.substr(0, 2) / key;
}

std::optional<std::string> BinaryCache::Get(const std::string& key) {
  if (!enabled()) return std::nullopt;
  const fs::path path = PathOf(key);
  // O_NOFOLLOW: the cache folder is ours, but never follow a link planted in it.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return std::nullopt;
  }
  std::string data;
  char buf[1 << 16];
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) data.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  std::error_code ec;
  fs::last_write_time(path, fs::file_time_type::clock::now(), ec);  // recently used
  return data;
}

void BinaryCache::Put(const std::string& key, const std::string& binary) {
  if (!enabled()) return;
  const fs::path path = PathOf(key);
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  // Written aside and renamed, so a reader in another process never sees half a binary.
  const fs::path part = path.string() + ".part" + std::to_string(::getpid());
  {
    std::ofstream out(part, std::ios::binary | std::ios::trunc);
    out.write(binary.data(), static_cast<std::streamsize>(binary.size()));
    if (!out) {
      fs::remove(part, ec);
      return;
    }
  }
  fs::permissions(part, fs::perms(0755), ec);
  fs::rename(part, path, ec);
  if (ec) {
    fs::remove(part, ec);
    return;
  }
  if ((bytes_ += binary.size()) > max_bytes_) Trim();
}

void BinaryCache::Trim() {
  std::lock_guard lock(trim_mu_);
  struct Entry {
    fs::file_time_type used;
    std::uintmax_t size;
    fs::path path;
  };
  std::vector<Entry> entries;
  std::uintmax_t total = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir_, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    std::error_code e;
    if (!it->is_regular_file(e)) continue;
    const std::uintmax_t size = it->file_size(e);
    if (e) continue;
    entries.push_back({it->last_write_time(e), size, it->path()});
    total += size;
  }
  if (total > max_bytes_) {
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.used < b.used; });
    const std::uintmax_t target = max_bytes_ / 10 * 8;
    for (const Entry& e : entries) {
      if (total <= target) break;
      std::error_code r;
      if (fs::remove(e.path, r)) total -= e.size;
    }
  }
  bytes_ = total;
}

}  // namespace r1::sandbox::internal
