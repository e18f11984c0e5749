// JUnit XML; see junit.h.
#include "r1/reports/junit.h"

#include <fmt/format.h>

#include "r1/reports/html_escape.h"

namespace r1::reports {

std::string RenderJUnit(const GateResult& result) {
  int failures = 0;
  for (const auto& v : result.suites) failures += v.failed;
  const std::size_t tests = result.suites.size();
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"r1-eval gate\" tests=\"{0}\" failures=\"{1}\" errors=\"0\">\n"
                     "  <testsuite name=\"r1-eval gate\" tests=\"{0}\" failures=\"{1}\" errors=\"0\" skipped=\"0\">\n",
                     tests, failures);
  for (const auto& v : result.suites) {
    out += fmt::format("    <testcase classname=\"r1-eval.gate\" name=\"{}\" time=\"0\">\n", EscapeXml(v.suite));
    if (v.failed) {
      out += fmt::format("      <failure type=\"{0}\" message=\"{1}\">{1}</failure>\n",
                         v.regressed ? "regression" : "incomplete", EscapeXml(v.message));
    } else {
      out += fmt::format("      <system-out>{}</system-out>\n", EscapeXml(v.message));
    }
    out += "    </testcase>\n";
  }
  if (!result.notes.empty()) {
    std::string notes;
    for (const auto& n : result.notes) notes += n + "\n";
    out += fmt::format("    <system-out>{}</system-out>\n", EscapeXml(notes));
  }
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

}  // namespace r1::reports
