#include "commands/render/chart_png.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <numbers>
#include <stdexcept>

#include <cairo.h>

#include "commands/outliers/metrics.hpp"
#include "commands/tokenizer.hpp"

namespace ritualbot::commands::render {
namespace {

constexpr int kTitleHeight = 36;
constexpr int kPanelHeight = 96;  // the plot and the gap below it
constexpr int kPlotHeight = 72;
constexpr int kAxisHeight = 28;  // week labels under the last panel
constexpr int kLegendHeight = 26;
constexpr int kLeft = 64;  // room for the y labels
constexpr int kRight = 24;
constexpr int kMarkWidth = 3;

constexpr Rgb kInk{33, 33, 33};
constexpr Rgb kGrid{221, 221, 221};
constexpr Rgb kSeries{31, 95, 153};
constexpr Rgb kBaseline{130, 130, 130};

using Surface = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;
using Context = std::unique_ptr<cairo_t, decltype(&cairo_destroy)>;

void set_colour(cairo_t* cr, Rgb colour) {
    cairo_set_source_rgb(cr, colour.r / 255.0, colour.g / 255.0, colour.b / 255.0);
}

int plot_width() {
    return kChartWidth - kLeft - kRight;
}

double day_x(const TrendChart& chart, double day) {
    return kLeft + day * plot_width() / (chart.weeks * 7.0);
}

int panel_top(std::size_t index) {
    return kTitleHeight + static_cast<int>(index) * kPanelHeight;
}

void text_at(cairo_t* cr, double x, double y, const std::string& text, Rgb colour, double size) {
    set_colour(cr, colour);
    cairo_set_font_size(cr, size);
    cairo_move_to(cr, x, y);
    cairo_show_text(cr, text.c_str());
}

std::string value_text(const ChartSeries& series, double value) {
    const auto metric = find_metric(series.metric);
    return metric ? format_value(*metric, value) : std::to_string(value);
}

void draw_panel(cairo_t* cr, const TrendChart& chart, const ChartSeries& series, int top) {
    double high = series.baseline.value_or(0);
    for (const auto& value : series.values) high = std::max(high, value.value_or(0));
    high = high > 0 ? high * 1.15 : 1;
    const int bottom = top + kPlotHeight;
    const auto y_of = [&](double value) { return bottom - value / high * kPlotHeight; };

    set_colour(cr, kGrid);
    cairo_set_line_width(cr, 1);
    cairo_rectangle(cr, kLeft + 0.5, top + 0.5, plot_width(), kPlotHeight);
    cairo_stroke(cr);
    std::string heading = series.label;
    if (!series.values.empty() && series.values.back()) {
        heading.append(": ").append(value_text(series, *series.values.back())).append(" last week");
    }
    text_at(cr, kLeft + 6, top + 14, heading, kInk, 12);
    text_at(cr, 4, top + 10, value_text(series, high), kBaseline, 10);
    text_at(cr, 4, bottom, series.duration ? "0" : "0%", kBaseline, 10);

    if (series.baseline) {
        const double dashes[] = {6, 4};
        cairo_set_dash(cr, dashes, 2, 0);
        set_colour(cr, kBaseline);
        cairo_set_line_width(cr, 1.5);
        cairo_move_to(cr, kLeft, y_of(*series.baseline));
        cairo_line_to(cr, kLeft + plot_width(), y_of(*series.baseline));
        cairo_stroke(cr);
        cairo_set_dash(cr, nullptr, 0, 0);
    }
    set_colour(cr, kSeries);
    cairo_set_line_width(cr, 2);
    bool drawing = false;  // a week without data breaks the line
    for (std::size_t w = 0; w < series.values.size(); ++w) {
        if (!series.values[w]) {
            drawing = false;
            continue;
        }
        const double x = day_x(chart, static_cast<double>(w) * 7 + 3.5);
        const double y = y_of(*series.values[w]);
        if (drawing)
            cairo_line_to(cr, x, y);
        else
            cairo_move_to(cr, x, y);
        drawing = true;
    }
    cairo_stroke(cr);
    for (std::size_t w = 0; w < series.values.size(); ++w) {
        if (!series.values[w]) continue;
        cairo_arc(cr, day_x(chart, static_cast<double>(w) * 7 + 3.5), y_of(*series.values[w]), 3, 0,
                  2 * std::numbers::pi);
        cairo_fill(cr);
    }
}

void draw_week_axis(cairo_t* cr, const TrendChart& chart, int top) {
    using namespace std::chrono;
    const sys_days first{*parse_date(chart.first_day)};  // chart_from_json checked it
    for (int w = 0; w < chart.weeks; ++w) {
        const std::string label = format_date(year_month_day{first + days{7 * w}}).substr(5);
        text_at(cr, day_x(chart, w * 7.0 + 2), top + 16, label, kInk, 10);
    }
}

void draw_legend(cairo_t* cr, int top) {
    struct Entry {
        Rgb colour;
        const char* text;
    };
    const Entry entries[] = {{kSeries, "weekly value"},
                             {kBaseline, "baseline (4 weeks before)"},
                             {kProcedureChangeColour, "procedure changed"},
                             {kImprovementDoneColour, "improvement done"}};
    double x = kLeft;
    for (const Entry& entry : entries) {
        set_colour(cr, entry.colour);
        cairo_rectangle(cr, x, top + 6, 14, 4);
        cairo_fill(cr);
        text_at(cr, x + 18, top + 12, entry.text, kInk, 10);
        x += 165;
    }
}

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

}  // namespace

Rgb mark_colour(MarkKind kind) {
    return kind == MarkKind::procedure_change ? kProcedureChangeColour : kImprovementDoneColour;
}

int chart_height(const TrendChart& chart) {
    return kTitleHeight + static_cast<int>(chart.series.size()) * kPanelHeight + kAxisHeight +
           kLegendHeight;
}

int mark_x(const TrendChart& chart, const ChartMark& mark) {
    return static_cast<int>(std::lround(day_x(chart, mark.day + 0.5)));
}

std::pair<int, int> marks_rows(const TrendChart& chart) {
    return {kTitleHeight, panel_top(chart.series.size() - 1) + kPlotHeight};
}

std::string chart_png(const TrendChart& chart) {
    const int height = chart_height(chart);
    Surface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, kChartWidth, height),
                    &cairo_surface_destroy);
    Context context(cairo_create(surface.get()), &cairo_destroy);
    cairo_t* cr = context.get();
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    text_at(cr, kLeft, 22,
            std::string("Leading indicators, ")
                .append(chart.first_day)
                .append(" to ")
                .append(chart.last_day),
            kInk, 14);
    for (std::size_t i = 0; i < chart.series.size(); ++i)
        draw_panel(cr, chart, chart.series[i], panel_top(i));

    // Marks last, square-edged and without antialiasing, so their columns keep their colour.
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
    const auto [mark_top, mark_bottom] = marks_rows(chart);
    for (const ChartMark& mark : chart.marks) {
        set_colour(cr, mark_colour(mark.kind));
        cairo_rectangle(cr, mark_x(chart, mark) - kMarkWidth / 2, mark_top, kMarkWidth,
                        mark_bottom - mark_top);
        cairo_fill(cr);
    }
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT);
    const int axis_top = panel_top(chart.series.size() - 1) + kPlotHeight;
    draw_week_axis(cr, chart, axis_top);
    draw_legend(cr, axis_top + kAxisHeight);

    std::string png;
    cairo_surface_flush(surface.get());
    const cairo_status_t status =
        cairo_surface_write_to_png_stream(surface.get(), &append_bytes, &png);
    if (status != CAIRO_STATUS_SUCCESS) {
        throw std::runtime_error(std::string("cairo could not encode the trend chart: ")
                                     .append(cairo_status_to_string(status)));
    }
    return png;
}

}  // namespace ritualbot::commands::render
