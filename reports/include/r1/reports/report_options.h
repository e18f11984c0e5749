// What a report shows besides the runs: a price for the cost column and reference rows.
#pragma once

#include <optional>

#include "r1/reports/pricing.h"
#include "r1/reports/reference.h"

namespace r1::reports {

struct ReportOptions {
  std::optional<Pricing> pricing;           ///< absent: cost is not shown (JSON: null)
  std::optional<ReferenceTable> reference;  ///< absent: no reference rows
};

}  // namespace r1::reports
