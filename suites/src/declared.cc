#include "r1/suites/declared.h"

namespace r1::suites {

bool RatedLikeCodeforces(const Suite& suite) {
  const auto* declared = dynamic_cast<const DeclaredProperties*>(&suite);
  return declared != nullptr && declared->RatedLikeCodeforces();
}

std::vector<std::pair<std::string, std::string>> Skipped(const Suite& suite) {
  const auto* declared = dynamic_cast<const DeclaredProperties*>(&suite);
  return declared != nullptr ? declared->Skipped() : std::vector<std::pair<std::string, std::string>>{};
}

}  // namespace r1::suites
