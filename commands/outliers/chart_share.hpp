#pragma once
// "Share chart in channel", the button under `/outliers trend`'s private answer: a click
// shares that metric's trend picture (the metric first, then the leading indicators, over the
// weeks asked for, to yesterday) into the channel as a file, through the outbox. Reads the
// database through Context; never performs I/O.

#include <string>
#include <string_view>

#include "commands/command_table.hpp"

namespace ritualbot::commands::outliers {

// The button's value: {"metric":…,"weeks":…}.
std::string share_chart_value(std::string_view metric, int weeks);

struct ShareChartClick {
    std::string channel;
    std::string user;
    std::string value;      // share_chart_value
    std::string action_ts;  // Slack's, so a repeated delivery of one click shares once
};

// The share, announced by the clicker's name; a value that names no metric (or bad weeks)
// answers the clicker privately and shares nothing.
Effects share_chart_click(const ShareChartClick& click, Context& context);

}  // namespace ritualbot::commands::outliers
