// Price presets and cost; see pricing.h.
#include "r1/reports/pricing.h"

#include <nlohmann/json.hpp>

#include "embedded_data.h"

namespace r1::reports {
namespace {

const nlohmann::json& Prices() {
  static const nlohmann::json prices = nlohmann::json::parse(embedded::kPrices);
  return prices;
}

}  // namespace

std::vector<std::string> PricingPresetNames() {
  std::vector<std::string> names;
  for (const auto& [name, _] : Prices()["presets"].items()) names.push_back(name);
  return names;
}

Result<Pricing> PricingPreset(const std::string& name) {
  const auto& presets = Prices()["presets"];
  auto it = presets.find(name);
  if (it == presets.end()) {
    std::string known;
    for (const auto& n : PricingPresetNames()) known += (known.empty() ? "" : ", ") + n;
    return Fail(ErrorCode::kNotFound, "unknown price preset '" + name + "' (known: " + known + ")");
  }
  Pricing p;
  p.name = name;
  p.input_per_million = (*it)["input"].get<double>();
  p.output_per_million = (*it)["output"].get<double>();
  p.note = (*it).value("note", "") + "; " + Prices()["source"].get<std::string>();
  return p;
}

double CostUsd(const Diagnostics& d, const Pricing& p) {
  return (static_cast<double>(d.prompt_tokens) * p.input_per_million +
          static_cast<double>(d.completion_tokens) * p.output_per_million) /
         1e6;
}

}  // namespace r1::reports
