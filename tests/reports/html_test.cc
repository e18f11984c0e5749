// The HTML report: structure, the policy that pins its script and style, and injection.
#include <catch2/catch.hpp>

#include <cctype>
#include <set>

#include "golden_runs.h"
#include "r1/core/sha256.h"
#include "r1/reports/html_leaderboard.h"

using r1::testing::FixtureSample;
using r1::testing::FixtureStore;
namespace reports = r1::reports;

namespace {

// Hostile text in every place the store can put text: label, model, suite, question, gold,
// thinking (with its own </think>), answer, extracted answer and error message.
void AddHostileRun(FixtureStore& fx) {
  std::vector<r1::Problem> problems = {
      {"p<1>", "<script>window.pwned=1</script> Find x.", "\"><img src=x onerror=alert(0)>", {}}};
  std::vector<FixtureSample> samples(3);
  samples[0].problem = samples[1].problem = samples[2].problem = "p<1>";
  samples[0].content =
      "<think>I will close early </think><script>alert(2)</script> and keep thinking</think>\n\n"
      "\\boxed{<b>5</b>}";
  samples[0].answer = "\"onmouseover=\"alert(4)";
  samples[1].index = 1;
  samples[1].reasoning = "</think></pre></details><script>alert(3)</script><iframe src=//evil>";
  samples[1].content = "<a href=\"javascript:alert(6)\">click</a>";
  samples[1].answer = "5";
  samples[1].correct = true;
  samples[2].index = 2;
  samples[2].error = true;
  fx.AddRun("x\"><svg onload=alert(5)>", "<img src=x onerror=alert(1)>", "\"><script>alert(7)</script>", 3,
            problems, samples);
}

const std::set<std::string> kTags = {"!DOCTYPE", "html", "head", "meta", "title", "style", "body", "header",
                                     "h1", "h2", "h3", "p", "nav", "a", "section", "table", "thead", "tbody",
                                     "tr", "th", "td", "span", "br", "div", "svg", "text", "line", "polyline",
                                     "circle", "rect", "details", "summary", "pre", "code", "strong", "footer",
                                     "script"};

// Walks every tag of the page: names must be ours, attribute values quoted, no event handlers,
// no javascript: links. Untrusted text that escaped escaping would break one of these.
void CheckMarkup(const std::string& html) {
  std::size_t scripts = 0;
  for (std::size_t i = html.find('<'); i != std::string::npos; i = html.find('<', i + 1)) {
    std::size_t j = i + 1;
    if (j < html.size() && html[j] == '/') ++j;
    std::size_t name_end = j;
    while (name_end < html.size() && (std::isalnum(static_cast<unsigned char>(html[name_end])) || html[name_end] == '!' ||
                                      html[name_end] == '-')) {
      ++name_end;
    }
    const std::string name = html.substr(j, name_end - j);
    INFO("tag at " << i << ": " << html.substr(i, 80));
    REQUIRE(kTags.contains(name));
    if (name == "script" && html[i + 1] != '/') ++scripts;
    // Attributes: name="value" pairs up to '>'.
    std::size_t k = name_end;
    while (k < html.size() && html[k] != '>') {
      if (std::isspace(static_cast<unsigned char>(html[k])) || html[k] == '/') {
        ++k;
        continue;
      }
      std::size_t eq = html.find('=', k);
      REQUIRE(eq != std::string::npos);
      const std::string attr = html.substr(k, eq - k);
      CHECK_FALSE(attr.starts_with("on"));
      REQUIRE(html[eq + 1] == '"');
      std::size_t close = html.find('"', eq + 2);
      REQUIRE(close != std::string::npos);
      const std::string value = html.substr(eq + 2, close - eq - 2);
      CHECK(value.find('<') == std::string::npos);
      CHECK(value.find("javascript:") == std::string::npos);
      k = close + 1;
    }
    if (name == "script" || name == "style") i = html.find("</" + name, i);  // raw text
  }
  CHECK(scripts == 1);
}

std::string Between(const std::string& s, const std::string& open, const std::string& close) {
  const std::size_t a = s.find(open);
  const std::size_t b = s.find(close, a + open.size());
  REQUIRE(a != std::string::npos);
  REQUIRE(b != std::string::npos);
  return s.substr(a + open.size(), b - a - open.size());
}

std::string Base64OfHex(const std::string& hex) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string bytes;
  for (std::size_t i = 0; i < hex.size(); i += 2) bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[n >> 18 & 63];
    out += kAlphabet[n >> 12 & 63];
    out += i + 1 < bytes.size() ? kAlphabet[n >> 6 & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[n & 63] : '=';
  }
  return out;
}

}  // namespace

TEST_CASE("html: hostile text everywhere is shown as text - never as markup", "[reports][html]") {
  FixtureStore fx;
  AddHostileRun(fx);
  r1::testing::AddGoldenRuns(fx);
  const std::string html = reports::RenderHtml(fx.Summaries({.viewer_samples = 3}), {});
  CheckMarkup(html);
  CHECK(html.find("&lt;script&gt;window.pwned=1&lt;/script&gt;") != std::string::npos);
  // The </think> inside a thought is text in the thinking block, not the end of it.
  CHECK(html.find("I will close early &lt;/think&gt;&lt;script&gt;alert(2)&lt;/script&gt; and keep thinking") !=
        std::string::npos);
  CHECK(html.find("&lt;/think&gt;&lt;/pre&gt;&lt;/details&gt;&lt;script&gt;alert(3)") != std::string::npos);
  CHECK(html.find("&quot;onmouseover=&quot;alert(4)") != std::string::npos);
  CHECK(html.find("&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
  CHECK(html.find("x&quot;&gt;&lt;svg onload=alert(5)&gt;") != std::string::npos);
  CHECK(html.find("&lt;a href=&quot;javascript:alert(6)&quot;&gt;") != std::string::npos);
  CHECK(html.find("&quot;&gt;&lt;script&gt;alert(7)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("HTTP 503 after 6 attempts") != std::string::npos);
}

TEST_CASE("html: the policy allows exactly the page's own script and style", "[reports][html]") {
  FixtureStore fx;
  r1::testing::AddGoldenRuns(fx);
  const std::string html = reports::RenderHtml(fx.Summaries({.viewer_samples = 2}), {});
  const std::string policy = Between(html, "http-equiv=\"Content-Security-Policy\" content=\"", "\"");
  const std::string script = Between(html, "<script>", "</script>");
  const std::string style = Between(html, "<style>", "</style>");
  CHECK(policy.find("default-src 'none'") != std::string::npos);
  CHECK(policy.find("script-src 'sha256-" + Base64OfHex(r1::Sha256Hex(script)) + "'") != std::string::npos);
  CHECK(policy.find("style-src 'sha256-" + Base64OfHex(r1::Sha256Hex(style)) + "'") != std::string::npos);
  CHECK(policy.find("unsafe-inline") == std::string::npos);
  // Nothing is fetched: no external URL anywhere but the SVG namespace name.
  std::string rest = html;
  for (std::size_t p = rest.find("http"); p != std::string::npos; p = rest.find("http", p + 1)) {
    const std::string url = rest.substr(p, 26);
    CHECK((url == "http://www.w3.org/2000/svg" || url.starts_with("http-equiv") || url.starts_with("http://127.0.0.1")));
  }
}

TEST_CASE("html: sections - charts - heatmap and a collapsed sample viewer", "[reports][html]") {
  FixtureStore fx;
  r1::testing::AddGoldenRuns(fx);
  reports::ReportOptions options;
  options.reference = *reports::LoadReference("r1");
  options.pricing = *reports::PricingPreset("deepseek-r1");
  const std::string html = reports::RenderHtml(fx.Summaries({.viewer_samples = 2}), options);
  CheckMarkup(html);
  CHECK(html.find("id=\"board\"") != std::string::npos);
  CHECK(html.find("id=\"runs-table\"") != std::string::npos);
  CHECK(html.find("<h2>AIME 2024</h2>") != std::string::npos);
  CHECK(html.find("<h2>MATH-500</h2>") != std::string::npos);
  CHECK(html.find("DeepSeek-R1<span class=\"badge\">paper</span>") != std::string::npos);
  CHECK(html.find("Accuracy against completion length") != std::string::npos);
  CHECK(html.find("pass@k") != std::string::npos);
  CHECK(html.find("Completion length") != std::string::npos);
  CHECK(html.find("class=\"sortable heat\"") != std::string::npos);
  CHECK(html.find("<details class=\"think\"><summary>thinking") != std::string::npos);
  CHECK(html.find("<details open") == std::string::npos);  // everything starts collapsed
  CHECK(html.find("1 sample ended in errors") != std::string::npos);
  // 79.8 for DeepSeek-R1 on AIME 2024 sits in the same table as the measured runs.
  CHECK(html.find("data-v=\"0.798000\">79.8</td>") != std::string::npos);
}

TEST_CASE("html: long thoughts are abbreviated - keeping head and tail", "[reports][html]") {
  FixtureStore fx;
  FixtureSample s;
  s.problem = "p1";
  s.content = "<think>BEGIN" + std::string(200000, 'x') + "END</think>\\boxed{1}";
  s.answer = "1";
  s.correct = true;
  fx.AddRun("aime2024", "m", "long", 1, r1::testing::EnglishProblems(1), {s});
  const std::string html = reports::RenderHtml(fx.Summaries({.viewer_samples = 1}), {});
  CHECK(html.find("BEGIN") != std::string::npos);
  CHECK(html.find("END") != std::string::npos);
  CHECK(html.find("bytes omitted") != std::string::npos);
  CHECK(html.size() < 60000);
}
