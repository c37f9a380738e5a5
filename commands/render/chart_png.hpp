#pragma once
// Draws a TrendChart as a PNG with cairo: one panel per indicator stacked over a shared week
// axis, the weekly values as a line with dots, the baseline dashed, and every mark (procedure
// change, improvement done) as a vertical line in its kind's colour across all panels. Its
// own target (ritualbot_chart_png) so that only what uploads pictures links cairo. Pure and
// thread-safe: each call owns its surface.

#include <cstdint>
#include <string>

#include "commands/outliers/trend_chart.hpp"

namespace ritualbot::commands::render {

struct Rgb {
    std::uint8_t r = 0, g = 0, b = 0;
    bool operator==(const Rgb&) const = default;
};

inline constexpr int kChartWidth = 800;
inline constexpr Rgb kProcedureChangeColour{214, 39, 40};  // red
inline constexpr Rgb kImprovementDoneColour{44, 160, 44};  // green

Rgb mark_colour(MarkKind kind);
int chart_height(const TrendChart& chart);
// The pixel column of a mark's line, and the rows its line spans (top, bottom exclusive).
int mark_x(const TrendChart& chart, const ChartMark& mark);
std::pair<int, int> marks_rows(const TrendChart& chart);

// The PNG file's bytes, kChartWidth × chart_height(chart).
std::string chart_png(const TrendChart& chart);

}  // namespace ritualbot::commands::render
