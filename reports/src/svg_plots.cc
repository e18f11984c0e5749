// Inline SVG charts; see svg_plots.h.
#include "r1/reports/svg_plots.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "r1/reports/html_escape.h"

namespace r1::reports {
namespace {

// Okabe-Ito: distinguishable with the common colour-vision deficiencies.
constexpr const char* kPalette[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                    "#D55E00", "#56B4E9", "#F0E442", "#000000"};

constexpr double kWidth = 360, kHeight = 240;
constexpr double kLeft = 48, kRight = 12, kTop = 28, kBottom = 52;

std::string Tick(double v) {
  if (std::fabs(v) >= 1000) return fmt::format("{:.0f}k", v / 1000);
  if (v == std::floor(v)) return fmt::format("{:.0f}", v);
  return fmt::format("{:.2g}", v);
}

// A "nice" step (1, 2 or 5 times a power of ten) giving about `n` ticks over `span`.
double NiceStep(double span, int n) {
  const double raw = span / n;
  const double mag = std::pow(10, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (raw <= m * mag) return m * mag;
  }
  return 10 * mag;
}

}  // namespace

const char* SeriesColor(std::size_t i) { return kPalette[i % std::size(kPalette)]; }

std::string LineChart(const PlotSpec& spec, const std::vector<Series>& series) {
  double x_lo = spec.x_min, x_hi = spec.x_max;
  if (x_hi <= x_lo) {
    x_lo = INFINITY;
    x_hi = -INFINITY;
    for (const auto& s : series) {
      for (auto [x, _] : s.points) {
        x_lo = std::min(x_lo, x);
        x_hi = std::max(x_hi, x);
      }
    }
    if (!std::isfinite(x_lo)) x_lo = 0, x_hi = 1;
    if (!spec.x_log2) x_lo = std::min(x_lo, 0.0);
  }
  if (spec.x_log2) {
    x_lo = std::log2(std::max(x_lo, 1.0));
    x_hi = std::log2(std::max(x_hi, 1.0));
  }
  if (x_hi <= x_lo) x_hi = x_lo + 1;
  double y_lo = 0, y_hi = 1;
  if (!spec.y_percent) {
    for (const auto& s : series) {
      for (auto [_, y] : s.points) y_hi = std::max(y_hi, y);
    }
    y_hi *= 1.05;
  }
  const double pw = kWidth - kLeft - kRight, ph = kHeight - kTop - kBottom;
  auto sx = [&](double x) { return kLeft + ((spec.x_log2 ? std::log2(std::max(x, 1.0)) : x) - x_lo) / (x_hi - x_lo) * pw; };
  auto sy = [&](double y) { return kTop + ph - (y - y_lo) / (y_hi - y_lo) * ph; };

  std::string out = fmt::format(
      "<svg class=\"plot\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" "
      "role=\"img\" aria-label=\"{}\">\n<title>{}</title>\n",
      kWidth, kHeight, kWidth, kHeight, EscapeHtml(spec.title), EscapeHtml(spec.title));
  out += fmt::format("<text x=\"{}\" y=\"16\" class=\"ptitle\">{}</text>\n", kLeft, EscapeHtml(spec.title));
  // Axes with ticks.
  const double y_step = spec.y_percent ? 0.25 : NiceStep(y_hi - y_lo, 4);
  for (double y = y_lo; y <= y_hi + 1e-9; y += y_step) {
    out += fmt::format("<line x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{:.1f}\" y2=\"{:.1f}\" class=\"grid\"/>"
                       "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"tick\" text-anchor=\"end\">{}</text>\n",
                       kLeft, kLeft + pw, sy(y), sy(y), kLeft - 4, sy(y) + 3,
                       spec.y_percent ? Tick(100 * y) : Tick(y));
  }
  if (spec.x_log2) {
    for (double e = std::ceil(x_lo); e <= x_hi + 1e-9; ++e) {
      const double x = kLeft + (e - x_lo) / (x_hi - x_lo) * pw;
      out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"tick\" text-anchor=\"middle\">{}</text>\n", x,
                         kTop + ph + 14, Tick(std::exp2(e)));
    }
  } else {
    const double step = NiceStep(x_hi - x_lo, 4);
    for (double x = std::ceil(x_lo / step) * step; x <= x_hi + 1e-9; x += step) {
      out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"tick\" text-anchor=\"middle\">{}</text>\n",
                         sx(x), kTop + ph + 14, Tick(x));
    }
  }
  out += fmt::format("<line x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" class=\"axis\"/>"
                     "<line x1=\"{0}\" x2=\"{3}\" y1=\"{2}\" y2=\"{2}\" class=\"axis\"/>\n",
                     kLeft, kTop, kTop + ph, kLeft + pw);
  out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"label\" text-anchor=\"middle\">{}</text>\n",
                     kLeft + pw / 2, kTop + ph + 28, EscapeHtml(spec.x_label));
  out += fmt::format("<text x=\"12\" y=\"{:.1f}\" class=\"label\" text-anchor=\"middle\" "
                     "transform=\"rotate(-90 12 {:.1f})\">{}</text>\n",
                     kTop + ph / 2, kTop + ph / 2, EscapeHtml(spec.y_label));

  for (std::size_t i = 0; i < series.size(); ++i) {
    const auto& s = series[i];
    if (s.points.empty()) continue;
    const char* color = SeriesColor(i);
    std::string path;
    if (spec.steps) {
      // Histogram outline: points are (bin start, count); the last bin is as wide as the one before.
      for (std::size_t k = 0; k < s.points.size(); ++k) {
        const double x0 = s.points[k].first;
        const double x1 = k + 1 < s.points.size() ? s.points[k + 1].first
                          : k > 0 ? 2 * x0 - s.points[k - 1].first : x0 + 1;
        path += fmt::format("{:.1f},{:.1f} {:.1f},{:.1f} ", sx(x0), sy(s.points[k].second), sx(x1),
                            sy(s.points[k].second));
      }
    } else {
      for (auto [x, y] : s.points) path += fmt::format("{:.1f},{:.1f} ", sx(x), sy(y));
    }
    out += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.8\"><title>{}</title></polyline>\n",
                       path, color, EscapeHtml(s.name));
    if (!spec.steps) {
      for (auto [x, y] : s.points) {
        out += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"2.5\" fill=\"{}\"><title>{}: {} → {}</title></circle>\n",
                           sx(x), sy(y), color, EscapeHtml(s.name), Tick(x),
                           spec.y_percent ? fmt::format("{:.1f}%", 100 * y) : Tick(y));
      }
    }
  }
  // Legend under the x label.
  double lx = kLeft;
  for (std::size_t i = 0; i < series.size() && i < 6; ++i) {
    std::string name(Utf8Prefix(series[i].name, 18));
    out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"10\" height=\"4\" fill=\"{}\"/>"
                       "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"tick\">{}</text>\n",
                       lx, kHeight - 10, SeriesColor(i), lx + 13, kHeight - 6, EscapeHtml(name));
    lx += 20 + 5.5 * static_cast<double>(name.size());
    if (lx > kWidth - 40) break;
  }
  out += "</svg>\n";
  return out;
}

}  // namespace r1::reports
