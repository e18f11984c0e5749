// The number of requests kept in flight: --concurrency when given, else what the server runs at
// once plus a small queue, else a fixed default. Said at run start with where it came from.
#pragma once

#include <optional>
#include <string>

#include "r1/models/server_capacity.h"

namespace r1::cli {

/// Without --concurrency and without a server that says its slots.
inline constexpr int kDefaultConcurrency = 64;

struct ConcurrencyChoice {
  int value = kDefaultConcurrency;
  std::string why;  ///< e.g. "4 slots (llama.cpp GET /props total_slots) + 2 queued"
};

/// Requests kept waiting in the server's queue beyond its slots: enough that a slot that frees
/// is refilled at once (the next request is already there), few enough that no request waits
/// long for a byte: an eighth of the slots, at least 2.
int QueueFor(int slots);

/// `flag` is --concurrency, 0 when not given.
ConcurrencyChoice ChooseConcurrency(int flag, const std::optional<models::ServerCapacity>& server);

/// Open files r1-eval needs besides one connection per request: 128 for the store and its WAL
/// files, stdio and libcurl's own descriptors, and, when the run judges code, 16 per CPU for
/// the sandbox (one program per CPU at a time, each with its pipes, pidfd and cgroup files).
int OpenFilesBesideConnections(bool judges_code);

/// Makes room for `choice.value` connections: raises this process's soft open-file limit
/// (RLIMIT_NOFILE) up to what they need, never beyond the hard limit. Where the hard limit is
/// too low the concurrency is lowered to fit and `why` says so: a connection that cannot be
/// opened would otherwise only be retried, silently, and the run would go slower than the
/// concurrency it shows.
ConcurrencyChoice FitOpenFileLimit(ConcurrencyChoice choice, bool judges_code);

}  // namespace r1::cli
