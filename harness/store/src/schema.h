// The store's schema as an ordered list of migrations; PRAGMA user_version is the number
// applied. Append, never edit: old stores migrate forward on open.
#pragma once

#include <string_view>
#include <vector>

namespace r1::store::internal {

/// 'R1ev' marks a file as an r1-eval store (PRAGMA application_id).
constexpr int kApplicationId = 0x52316576;

const std::vector<std::string_view>& Migrations();

}  // namespace r1::store::internal
