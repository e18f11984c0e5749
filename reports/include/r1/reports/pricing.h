// Token prices, so a report can say what a run cost (or would cost) on a paid API.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "r1/core/error.h"
#include "r1/reports/diagnostics.h"

namespace r1::reports {

struct Pricing {
  std::string name;  ///< a preset's name, or "custom"
  double input_per_million = 0;   ///< US dollars per million prompt tokens
  double output_per_million = 0;  ///< US dollars per million completion tokens (thinking included)
  std::string note;               ///< where the numbers come from
};

/// A preset from data/reference/prices.json (compiled in): "deepseek-r1" (DeepSeek-R1's
/// published API price at release), "deepseek-v3", "deepseek-2025-09". kNotFound lists them.
Result<Pricing> PricingPreset(const std::string& name);
std::vector<std::string> PricingPresetNames();

/// Dollars for the tokens a run used; prompt tokens at the (cache-miss) input price.
double CostUsd(const Diagnostics& diagnostics, const Pricing& pricing);

}  // namespace r1::reports
