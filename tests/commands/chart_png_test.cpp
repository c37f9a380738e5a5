// The trend picture as cairo draws it: the PNG decodes (with cairo again), has the promised
// size, and each mark's column carries its kind's colour from the first panel to the last,
// where a column without a mark carries neither. No pixel-exact snapshot: fonts may differ.

#include <catch2/catch.hpp>

#include <cstring>
#include <memory>

#include <cairo.h>

#include "commands/render/chart_png.hpp"

using namespace ritualbot::commands;
using render::Rgb;

namespace {

TrendChart two_series_chart() {
    TrendChart chart;
    chart.first_day = "2026-10-02";
    chart.last_day = "2026-11-26";
    chart.time_zone = "UTC";
    chart.weeks = 8;
    chart.series.push_back({"resolution",
                            "resolution",
                            true,
                            {14400, 14400, std::nullopt, 15000, 16200, 18000, 19800, 21600},
                            14400});
    chart.series.push_back({"reopen_rate",
                            "reopen rate",
                            false,
                            {0.0, 0.02, 0.01, 0.0, 0.25, 0.25, 0.2, 0.3},
                            std::nullopt});
    chart.marks.push_back({MarkKind::procedure_change, "2026-11-12", 41, "refunds changed"});
    chart.marks.push_back({MarkKind::improvement_done, "2026-11-16", 45, "improvement #1 done"});
    return chart;
}

struct PngReader {
    const std::string& bytes;
    std::size_t offset = 0;
};

cairo_status_t read_bytes(void* closure, unsigned char* data, unsigned int length) {
    auto* reader = static_cast<PngReader*>(closure);
    if (reader->bytes.size() - reader->offset < length) return CAIRO_STATUS_READ_ERROR;
    std::memcpy(data, reader->bytes.data() + reader->offset, length);
    reader->offset += length;
    return CAIRO_STATUS_SUCCESS;
}

using Surface = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;

Rgb pixel(cairo_surface_t* surface, int x, int y) {
    const unsigned char* row =
        cairo_image_surface_get_data(surface) + y * cairo_image_surface_get_stride(surface);
    std::uint32_t value = 0;
    std::memcpy(&value, row + 4 * x, 4);  // 0xAARRGGBB in native order
    return {static_cast<std::uint8_t>(value >> 16), static_cast<std::uint8_t>(value >> 8),
            static_cast<std::uint8_t>(value)};
}

}  // namespace

TEST_CASE("the trend picture decodes at its size and shows each mark in its colour",
          "[chart_png]") {
    const TrendChart chart = two_series_chart();
    const std::string png = render::chart_png(chart);
    REQUIRE(png.size() > 8);
    CHECK(png.compare(1, 3, "PNG") == 0);

    PngReader reader{png};
    Surface surface(cairo_image_surface_create_from_png_stream(&read_bytes, &reader),
                    &cairo_surface_destroy);
    REQUIRE(cairo_surface_status(surface.get()) == CAIRO_STATUS_SUCCESS);
    CHECK(cairo_image_surface_get_width(surface.get()) == render::kChartWidth);
    CHECK(cairo_image_surface_get_height(surface.get()) == render::chart_height(chart));
    cairo_surface_flush(surface.get());

    const auto [top, bottom] = render::marks_rows(chart);
    REQUIRE(bottom - top > 100);
    for (const ChartMark& mark : chart.marks) {
        const int x = render::mark_x(chart, mark);
        INFO(mark.label << " at x=" << x);
        for (int y = top; y < bottom; y += 7) {
            INFO("y=" << y);
            CHECK(pixel(surface.get(), x, y) == render::mark_colour(mark.kind));
        }
    }
    // Halfway between the two marks nothing is drawn in a mark's colour.
    const int between =
        (render::mark_x(chart, chart.marks[0]) + render::mark_x(chart, chart.marks[1])) / 2;
    for (int y = top; y < bottom; ++y) {
        const Rgb seen = pixel(surface.get(), between, y);
        CHECK_FALSE(seen == render::kProcedureChangeColour);
        CHECK_FALSE(seen == render::kImprovementDoneColour);
    }
}

TEST_CASE("the trend picture grows with its series", "[chart_png]") {
    TrendChart chart = two_series_chart();
    const int two = render::chart_height(chart);
    chart.series.pop_back();
    CHECK(render::chart_height(chart) < two);
    CHECK_FALSE(render::chart_png(chart).empty());
}
