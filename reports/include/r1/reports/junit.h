// JUnit XML for CI systems that show test reports (GitLab, Jenkins, GitHub test reporters).
#pragma once

#include <string>

#include "r1/reports/gate.h"

namespace r1::reports {

/// <testsuites><testsuite name="r1-eval gate"> with one <testcase> per compared suite and a
/// <failure> in each failing one; every text is XML-escaped (EscapeXml), so model and label
/// names cannot break the document.
std::string RenderJUnit(const GateResult& result);

}  // namespace r1::reports
