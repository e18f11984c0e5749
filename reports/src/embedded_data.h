// Data files compiled into the library (generated from data/reference/ by CMake).
#pragma once

namespace r1::reports::embedded {

extern const char kReferenceR1[];  ///< data/reference/r1.json
extern const char kPrices[];       ///< data/reference/prices.json

}  // namespace r1::reports::embedded
