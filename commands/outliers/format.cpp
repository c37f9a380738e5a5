#include "commands/outliers/format.hpp"

#include <cmath>
#include <cstdio>

namespace ritualbot::commands {

std::string format_duration(double seconds) {
    const long long s = std::llround(std::max(seconds, 0.0));
    char buffer[32];
    if (s < 60) {
        std::snprintf(buffer, sizeof buffer, "%llds", s);
    } else if (s < 3600) {
        std::snprintf(buffer, sizeof buffer, "%lldm", (s + 30) / 60);
    } else if (s < 86400) {
        const long long m = (s + 30) / 60;
        std::snprintf(buffer, sizeof buffer, "%lldh%02lldm", m / 60, m % 60);
    } else {
        const long long h = (s + 1800) / 3600;
        std::snprintf(buffer, sizeof buffer, "%lldd%lldh", h / 24, h % 24);
    }
    return buffer;
}

std::string format_percent(double rate) {
    char buffer[32];
    const double pct = rate * 100;
    if (std::abs(pct) >= 10 || pct == 0) {
        std::snprintf(buffer, sizeof buffer, "%.0f%%", pct);
    } else {
        std::snprintf(buffer, sizeof buffer, "%.1f%%", pct);
    }
    return buffer;
}

std::string format_points(double change) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%s%.1f pts", change < 0 ? "−" : "+",
                  std::abs(change * 100));
    return buffer;
}

std::string format_count(double mean) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f", mean);
    std::string text = buffer;
    if (text.ends_with(".0")) text.resize(text.size() - 2);
    return text;
}

std::string format_score(double z) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f", z);
    return buffer;
}

std::string format_p(double p) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, p >= 0.001 ? "%.4f" : "%.1e", p);
    return buffer;
}

}  // namespace ritualbot::commands
