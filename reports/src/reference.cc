// Reference tables; see reference.h.
#include "r1/reports/reference.h"

#include <nlohmann/json.hpp>

#include <cmath>

#include "embedded_data.h"

namespace r1::reports {

Result<ReferenceTable> ParseReference(const std::string& json_text) {
  auto doc = nlohmann::json::parse(json_text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("rows") || !doc["rows"].is_array()) {
    return Fail(ErrorCode::kInvalidArgument, "reference table: not an object with \"rows\"");
  }
  ReferenceTable table;
  table.name = doc.value("name", "");
  table.title = doc.value("title", table.name);
  table.settings = doc.value("settings", "");
  const auto sources = doc.value("sources", nlohmann::json::object());
  for (const auto& row : doc["rows"]) {
    if (!row.is_object() || !row.contains("model") || !row.contains("values")) {
      return Fail(ErrorCode::kInvalidArgument, "reference table: a row lacks \"model\" or \"values\"");
    }
    ReferenceRow r;
    r.model = row["model"].get<std::string>();
    const std::string source = row.value("source", "");
    r.source = sources.contains(source) ? sources[source].get<std::string>() : source;
    r.note = row.value("note", "");
    for (const auto& [suite, metrics] : row["values"].items()) {
      for (const auto& [metric, value] : metrics.items()) {
        if (!value.is_number()) {
          return Fail(ErrorCode::kInvalidArgument,
                      "reference table: " + r.model + " " + suite + " " + metric + " is not a number");
        }
        // Published in percent; reports carry fractions like the JSON contract.
        // Rounded to the published precision so 79.8 reads back as 0.798, not 0.797999....
        double v = value.get<double>();
        r.values[suite][metric] = metric == "rating" ? v : std::round(v * 1e4) / 1e6;
      }
    }
    table.rows.push_back(std::move(r));
  }
  return table;
}

Result<ReferenceTable> LoadReference(const std::string& name) {
  if (name == "r1") return ParseReference(embedded::kReferenceR1);
  return Fail(ErrorCode::kNotFound, "unknown reference '" + name + "' (known: r1)");
}

}  // namespace r1::reports
