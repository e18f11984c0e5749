// Suite data resolution and pinned downloads; see dataset_cache.h.
#include "r1/data/dataset_cache.h"

#include <curl/curl.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "r1/core/sha256.h"

namespace r1::data {
namespace {

namespace fs = std::filesystem;

struct Sink {
  std::FILE* file;
  const std::string* name;
  const DownloadProgress* progress;
  long long offset;
};

std::size_t WriteBody(char* data, std::size_t size, std::size_t n, void* user) {
  auto* sink = static_cast<Sink*>(user);
  return std::fwrite(data, size, n, sink->file) * size;
}

int OnProgress(void* user, curl_off_t total, curl_off_t now, curl_off_t, curl_off_t) {
  auto* sink = static_cast<Sink*>(user);
  if (*sink->progress) {
    (*sink->progress)(*sink->name, sink->offset + now, total > 0 ? sink->offset + total : -1);
  }
  return 0;
}

// Downloads url to `part`, continuing a previous partial file with an HTTP range request.
bool IsHuggingFace(const std::string& url) {
  return url.starts_with("https://huggingface.co/") || url.starts_with("https://www.huggingface.co/");
}

Status Download(const std::string& url, const fs::path& part, const std::string& name,
                const DownloadProgress& progress, const std::string& hf_token) {
  std::error_code ec;
  long long offset = fs::exists(part, ec) ? static_cast<long long>(fs::file_size(part, ec)) : 0;
  std::FILE* file = std::fopen(part.c_str(), offset > 0 ? "ab" : "wb");
  if (!file) return Fail(ErrorCode::kUnavailable, part.string() + ": cannot write");
  Sink sink{file, &name, &progress, offset};
  CURL* curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 15L);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, 60L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, OnProgress);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &sink);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "r1-eval");
  // An error status (404 page, 403 login page, 5xx) must not become bytes of the file: curl
  // stops at the headers and nothing reaches the .part file.
  curl_easy_setopt(curl, CURLOPT_FAILONERROR, 1L);
  if (offset > 0) curl_easy_setopt(curl, CURLOPT_RESUME_FROM_LARGE, static_cast<curl_off_t>(offset));
  curl_slist* headers = nullptr;
  if (!hf_token.empty() && IsHuggingFace(url)) {
    headers = curl_slist_append(headers, ("Authorization: Bearer " + hf_token).c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  }
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(curl);
  std::fclose(file);
  // The server cannot resume: start over next time. An error status (curl may also call it a
  // range error) says nothing about resuming: the bytes already here stay.
  if (status == 416 || (rc == CURLE_RANGE_ERROR && status < 400)) fs::remove(part, ec);
  if (fs::exists(part, ec) && fs::file_size(part, ec) == 0) fs::remove(part, ec);
  if ((status == 401 || status == 403) && IsHuggingFace(url)) {
    return Fail(ErrorCode::kUnavailable,
                url + ": HTTP " + std::to_string(status) +
                    (hf_token.empty() ? " (a gated dataset: set HF_TOKEN and accept its terms on "
                                        "the dataset page)"
                                      : " (is HF_TOKEN valid, and are the dataset's terms accepted?)"));
  }
  if (status >= 400) {
    return Fail(ErrorCode::kUnavailable, url + ": HTTP " + std::to_string(status));
  }
  if (rc != CURLE_OK) {
    return Fail(ErrorCode::kUnavailable, url + ": " + curl_easy_strerror(rc));
  }
  // A server that ignored the range sent the whole file again after the partial bytes.
  if (offset > 0 && status == 200) {
    fs::remove(part, ec);
    return Fail(ErrorCode::kUnavailable, url + ": server does not support resuming; retry");
  }
  return {};
}

std::string OfflineHelp(const std::string& suite, const std::vector<DataFile>& files,
                        const fs::path& cache) {
  std::string msg = "suite '" + suite + "': data not available offline. Put these files in "
                    "DIR/" + suite + "/ and pass --data-dir DIR (or set R1_EVAL_DATA_DIR), or in " +
                    (cache / suite).string() + "/:";
  for (const auto& f : files) msg += " " + f.name + " (from " + f.url + ", sha256 " + f.sha256 + ")";
  return msg;
}

}  // namespace

Result<std::string> FileSha256(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, path + ": cannot read");
  Sha256 hasher;
  char buf[1 << 16];
  while (in) {
    in.read(buf, sizeof buf);
    hasher.Update(std::string_view(buf, static_cast<std::size_t>(in.gcount())));
  }
  return hasher.HexDigest();
}

Result<std::string> EnsureSuiteDir(const std::string& suite, const std::vector<DataFile>& files,
                                   const DataOptions& options, const DownloadProgress& progress) {
  std::error_code ec;
  if (!options.data_dir.empty()) {
    fs::path dir = fs::path(options.data_dir) / suite;
    if (!fs::is_directory(dir, ec)) {
      return Fail(ErrorCode::kNotFound, dir.string() + ": no such folder (--data-dir " +
                                            options.data_dir + " has no '" + suite + "' folder)");
    }
    return dir.string();
  }
  fs::path dir = fs::path(options.cache_dir) / suite;
  if (files.empty()) {
    return Fail(ErrorCode::kNotFound,
                "suite '" + suite + "' has no canonical download; pass --data-dir DIR with DIR/" +
                    suite + "/");
  }
  for (const auto& f : files) {
    fs::path target = dir / f.name;
    if (fs::exists(target, ec)) {
      if (!options.reverify) continue;
      auto digest = FileSha256(target.string());
      if (digest && *digest == f.sha256) continue;
      fs::remove(target, ec);  // changed since it was verified: fetch it again
    }
    if (!options.allow_download) return Fail(ErrorCode::kNotFound, OfflineHelp(suite, files, options.cache_dir));
    fs::create_directories(dir, ec);
    if (ec) return Fail(ErrorCode::kUnavailable, dir.string() + ": " + ec.message());
    fs::path part = target;
    part += ".part";
    const std::string url =
        options.mirror.empty() ? f.url : options.mirror + "/" + suite + "/" + f.name;
    if (auto s = Download(url, part, f.name, progress, options.hf_token); !s) {
      return Fail(ErrorCode::kUnavailable,
                  s.error().message + ". " + OfflineHelp(suite, files, options.cache_dir));
    }
    auto digest = FileSha256(part.string());
    if (!digest) return std::unexpected(digest.error());
    if (*digest != f.sha256) {
      fs::remove(part, ec);
      return Fail(ErrorCode::kDataLoss, url + ": sha256 " + *digest + " does not match the pin " +
                                            f.sha256 + " (file discarded)");
    }
    fs::rename(part, target, ec);
    if (ec) return Fail(ErrorCode::kUnavailable, target.string() + ": " + ec.message());
  }
  return dir.string();
}

}  // namespace r1::data
