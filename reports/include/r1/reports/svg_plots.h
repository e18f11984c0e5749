// Small inline SVG charts for the HTML report: no script, no external fonts or files.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace r1::reports {

struct Series {
  std::string name;
  std::vector<std::pair<double, double>> points;  ///< (x, y), drawn in order
};

struct PlotSpec {
  std::string title;
  std::string x_label;
  std::string y_label;
  bool x_log2 = false;    ///< x axis in powers of two (pass@k against k)
  bool y_percent = true;  ///< y is a fraction shown as percent, axis fixed to [0, 100]
  bool steps = false;     ///< draw each series as a histogram outline
  double x_min = 0;       ///< linear axes only; x_max <= x_min means "from the data"
  double x_max = 0;
};

/// An SVG line chart with markers, axes, ticks and a legend; every text is escaped. Series
/// are coloured by position in a fixed palette so a run keeps its colour across charts.
std::string LineChart(const PlotSpec& spec, const std::vector<Series>& series);

/// Colour of the i-th series (hex), shared by the charts and the HTML legend.
const char* SeriesColor(std::size_t i);

}  // namespace r1::reports
