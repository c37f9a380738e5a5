#include "commands/schedule/quarters.hpp"

namespace ritualbot::commands {
namespace {

constexpr const char* kMonths[] = {"Jan–Mar", "Apr–Jun", "Jul–Sep", "Oct–Dec"};

}  // namespace

std::chrono::year_month_day Quarter::first_day() const {
    return std::chrono::year{year} / std::chrono::month{static_cast<unsigned>(3 * number - 2)} / 1;
}

std::chrono::year_month_day Quarter::last_day() const {
    return std::chrono::year_month_day{std::chrono::year{year} /
                                       std::chrono::month{static_cast<unsigned>(3 * number)} /
                                       std::chrono::last};
}

int Quarter::days() const {
    using std::chrono::sys_days;
    return static_cast<int>((sys_days{last_day()} - sys_days{first_day()}).count()) + 1;
}

Quarter Quarter::previous() const {
    return number == 1 ? Quarter{year - 1, 4} : Quarter{year, number - 1};
}

std::string Quarter::label() const {
    return std::to_string(year).append(" Q").append(std::to_string(number));
}

std::string Quarter::months() const {
    return kMonths[number - 1];
}

Quarter quarter_of(std::chrono::year_month_day day) {
    const auto month = static_cast<unsigned>(day.month());
    return {static_cast<int>(day.year()), static_cast<int>((month - 1) / 3 + 1)};
}

std::optional<LocalDate> quarter_fire_date(const Quarter& quarter, date::weekday weekday,
                                           const std::function<bool(LocalDate)>& works) {
    const LocalDate first{std::chrono::sys_days{quarter.first_day()}.time_since_epoch()};
    const LocalDate end = first + date::days{quarter.days()};
    LocalDate day = first + (weekday - date::weekday{first});
    while (day < end && !works(day)) day += date::days{1};
    if (day >= end) return std::nullopt;
    return day;
}

}  // namespace ritualbot::commands
