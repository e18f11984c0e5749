#include "r1/core/registry.h"

#include <catch2/catch.hpp>

namespace {
struct Widget {
  int size;
};
}  // namespace

TEST_CASE("registry builds registered names and lists known ones for unknown names", "[core]") {
  r1::Registry<Widget, int> registry;
  registry.Add("small", "a small widget", [](int n) -> r1::Result<std::unique_ptr<Widget>> {
    return std::make_unique<Widget>(Widget{n});
  });
  auto made = registry.Make("small", 3);
  REQUIRE(made.has_value());
  CHECK((*made)->size == 3);
  auto unknown = registry.Make("large", 1);
  REQUIRE_FALSE(unknown.has_value());
  CHECK(unknown.error().code == r1::ErrorCode::kNotFound);
  CHECK(unknown.error().message.find("small") != std::string::npos);
}
