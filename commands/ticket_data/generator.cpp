#include "commands/ticket_data/generator.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <sstream>

#include <date/tz.h>

#include "commands/ticket_data/iso_time.hpp"

namespace ritualbot::commands {
namespace {

using namespace std::chrono;
using storage::TicketRow;

struct RequestType {
    const char* name;
    double weight;
    double first_response_median_s;
    double resolution_median_s;
};
constexpr RequestType kRequestTypes[] = {
    {"billing", 0.25, 20 * 60, 4 * 3600}, {"login", 0.20, 10 * 60, 1 * 3600},
    {"bug", 0.20, 40 * 60, 20 * 3600},    {"how_to", 0.20, 30 * 60, 3 * 3600},
    {"refund", 0.15, 25 * 60, 6 * 3600},
};
// The path sets how fast a first answer comes (a chat in minutes, an e-mail within the hour),
// so a request type's first responses mix very different paths.
struct ContactPath {
    const char* name;
    double weight;
    double escalation_rate;
    double first_response_factor;  // times the request type's median
};
constexpr ContactPath kPaths[] = {
    {"email", 0.50, 0.06, 2.0}, {"chat", 0.35, 0.05, 0.1}, {"phone", 0.15, 0.12, 0.5}};

constexpr double kFirstResponseSigma = 0.6;  // of the natural log of seconds
constexpr double kResolutionSigma = 0.7;
constexpr double kReopenRate = 0.05;
constexpr double kRecontactRate = 0.06;
constexpr double kChecklistSkipRate = 0.04;
constexpr double kManualRetryRate = 0.03;
constexpr double kRatedShare = 0.6;
constexpr double kLowCsatShare = 0.08;
constexpr int kRequesters = 2000;
// The planted slow tickets: a billing e-mail first answered at 40 times its usual (40 min), a
// login chat resolved after 60 hours.
constexpr std::int64_t kSlowFirstResponseMs = std::int64_t{40} * 40 * 60 * 1000;
constexpr std::int64_t kSlowResolutionMs = std::int64_t{60} * 3600 * 1000;

class Maker {
public:
    explicit Maker(const GeneratorOptions& options)
        : options_(options),
          rng_(options.seed),
          zone_(options.zone != nullptr ? options.zone : date::locate_zone("UTC")) {}

    double uniform() { return std::uniform_real_distribution<double>(0.0, 1.0)(rng_); }
    bool chance(double p) { return uniform() < p; }
    double normal() { return std::normal_distribution<double>(0.0, 1.0)(rng_); }
    int poisson(double mean) { return std::poisson_distribution<int>(mean)(rng_); }

    template <class T, std::size_t N>
    const T& pick(const T (&items)[N]) {
        double u = uniform();
        for (const T& item : items) {
            if (u < item.weight) return item;
            u -= item.weight;
        }
        return items[N - 1];
    }

    // A ticket created at a random time of local business hours (07:00–19:00) on `day`.
    Ticket ticket(year_month_day day, const RequestType& type, const ContactPath& path,
                  double checklist_rate) {
        Ticket t;
        TicketRow& row = t.row;
        const auto local = date::local_days{sys_days{day}.time_since_epoch()} + hours{7} +
                           milliseconds{static_cast<std::int64_t>(uniform() * 12 * 3600 * 1000)};
        const auto created = zone_->to_sys(local, date::choose::earliest);
        row.created_at = duration_cast<milliseconds>(created.time_since_epoch()).count();
        double first_response = type.first_response_median_s * path.first_response_factor *
                                std::exp(kFirstResponseSigma * normal());
        const double resolution = type.resolution_median_s * std::exp(kResolutionSigma * normal());
        if (first_response > resolution) first_response = resolution * (0.2 + 0.7 * uniform());
        row.first_response_at = row.created_at + static_cast<std::int64_t>(first_response * 1000);
        row.resolved_at = row.created_at + static_cast<std::int64_t>(resolution * 1000);
        row.request_type = type.name;
        row.contact_channel = path.name;
        row.agent = "agent-" + std::to_string(1 + static_cast<int>(uniform() * options_.agents));
        row.reopens = chance(kReopenRate) ? (chance(0.2) ? 2 : 1) : 0;
        row.escalated = chance(path.escalation_rate);
        if (chance(kRatedShare)) {
            row.csat = chance(kLowCsatShare) ? 1 + static_cast<int>(uniform() * 2)
                                             : 3 + static_cast<int>(uniform() * 3);
        }
        row.recontact = chance(kRecontactRate);
        row.checklist_skipped = chance(checklist_rate) ? 1 : 0;
        row.manual_retries = chance(kManualRetryRate) ? 1 + static_cast<int>(uniform() * 3) : 0;
        std::string tags;
        for (const char* tag : {"vip", "eu", "mobile"}) {
            if (chance(0.2)) tags += (tags.empty() ? "" : ";") + std::string(tag);
        }
        if (!tags.empty()) row.tags = tags;
        t.requester =
            "user-" + std::to_string(static_cast<int>(uniform() * kRequesters)) + "@example.com";
        row.source = "synthetic";
        row.fields = storage::kAllTicketFields;
        return t;
    }

    const GeneratorOptions& options_;
    std::mt19937_64 rng_;
    const date::time_zone* zone_;
};

const RequestType& request_type(std::string_view name) {
    for (const RequestType& type : kRequestTypes) {
        if (name == type.name) return type;
    }
    return kRequestTypes[0];
}

const ContactPath& path(std::string_view name) {
    for (const ContactPath& p : kPaths) {
        if (name == p.name) return p;
    }
    return kPaths[0];
}

void write_field(std::string& line, std::string_view value) {
    if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
        line += value;
        return;
    }
    line += '"';
    for (const char c : value) {
        if (c == '"') line += '"';
        line += c;
    }
    line += '"';
}

}  // namespace

SyntheticTickets generate_tickets(const GeneratorOptions& options) {
    Maker maker(options);
    SyntheticTickets out;
    const sys_days first{options.first_day};
    const int days = std::max(options.days, 0);

    // Day offsets of the anomalies, counted back from the last day so the newest data holds
    // them all; each needs its baseline (28 days, the creep 41) inside the range.
    const int drift_day = days - 1;
    const int fr_day = days - 9;
    const int resolution_day = days - 17;
    const int reopen_day = days - 25;
    const int escalation_day = days - 33;
    const bool plant = options.plant_outliers;
    const auto fits = [&](int day, int history) { return plant && day >= history; };
    constexpr int kCreepDays = 14;

    for (int d = 0; d < days; ++d) {
        const year_month_day day{first + std::chrono::days{d}};
        const weekday wd{sys_days{day}};
        const bool weekend = wd == Saturday || wd == Sunday;
        const double rate = options.tickets_per_weekday * (weekend ? 1.0 / 3.0 : 1.0);
        double checklist_rate = kChecklistSkipRate;
        if (fits(drift_day, 41) && d > drift_day - kCreepDays) {
            // A creep from 4% to 24% over two weeks: no single day stands out at first.
            const int step = d - (drift_day - kCreepDays);
            checklist_rate = kChecklistSkipRate + 0.20 * step / kCreepDays;
        }
        std::vector<Ticket> today;
        const int count = maker.poisson(rate);
        for (int i = 0; i < count; ++i) {
            today.push_back(
                maker.ticket(day, maker.pick(kRequestTypes), maker.pick(kPaths), checklist_rate));
        }
        if (d == fr_day && fits(fr_day, 28)) {
            Ticket slow = maker.ticket(day, request_type("billing"), path("email"), checklist_rate);
            slow.row.first_response_at = slow.row.created_at + kSlowFirstResponseMs;
            slow.row.resolved_at = *slow.row.first_response_at + 3600 * 1000;
            today.push_back(std::move(slow));
            out.planted.push_back(
                {day, "ticket", "first_response", "request_type+channel", "billing+email", ""});
        }
        if (d == resolution_day && fits(resolution_day, 28)) {
            Ticket slow = maker.ticket(day, request_type("login"), path("chat"), checklist_rate);
            slow.row.resolved_at = slow.row.created_at + kSlowResolutionMs;
            today.push_back(std::move(slow));
            out.planted.push_back(
                {day, "ticket", "resolution", "request_type+channel", "login+chat", ""});
        }
        if (d == reopen_day && fits(reopen_day, 28)) {
            for (int i = 0; i < 9; ++i) {
                Ticket t =
                    maker.ticket(day, request_type("refund"), maker.pick(kPaths), checklist_rate);
                t.row.reopens = 1;
                today.push_back(std::move(t));
            }
            out.planted.push_back({day, "rate", "reopen_rate", "request_type", "refund", ""});
        }
        if (d == escalation_day && fits(escalation_day, 28)) {
            for (int i = 0; i < 12; ++i) {
                Ticket t =
                    maker.ticket(day, maker.pick(kRequestTypes), path("phone"), checklist_rate);
                t.row.escalated = i < 11;
                today.push_back(std::move(t));
            }
            out.planted.push_back({day, "rate", "escalation_rate", "channel", "phone", ""});
        }
        if (d == drift_day && fits(drift_day, 41)) {
            out.planted.push_back({day, "drift", "checklist_skipped_rate", "all", "all", ""});
        }
        std::sort(today.begin(), today.end(), [](const Ticket& a, const Ticket& b) {
            return a.row.created_at < b.row.created_at;
        });
        for (Ticket& t : today) out.tickets.push_back(std::move(t));
    }

    // Ids in creation order; the slow tickets' ids are filled in now that they are known.
    char id[32];
    for (std::size_t i = 0; i < out.tickets.size(); ++i) {
        std::snprintf(id, sizeof id, "%07zu", i + 1);
        out.tickets[i].row.id = options.id_prefix + id;
    }
    for (PlantedOutlier& planted : out.planted) {
        if (planted.kind != "ticket") continue;
        for (const Ticket& t : out.tickets) {
            const auto& row = t.row;
            const bool slow_first_response =
                planted.metric == "first_response" &&
                *row.first_response_at - row.created_at == kSlowFirstResponseMs;
            const bool slow_resolution = planted.metric == "resolution" &&
                                         *row.resolved_at - row.created_at == kSlowResolutionMs;
            if (slow_first_response || slow_resolution) planted.ticket_id = row.id;
        }
    }
    return out;
}

void write_tickets_csv(std::ostream& out, const std::vector<Ticket>& tickets) {
    std::string line;
    for (std::size_t i = 0; i < kTicketColumnCount; ++i) {
        if (i > 0) line += ',';
        line += kTicketColumnNames[i];
    }
    line += "\r\n";
    out << line;
    const auto time = [](const std::optional<std::int64_t>& ms) {
        return ms ? format_iso8601_utc(*ms) : std::string();
    };
    const auto number = [](const auto& value) {
        return value ? std::to_string(static_cast<long long>(*value)) : std::string();
    };
    const auto text = [](const std::optional<std::string>& value) { return value.value_or(""); };
    for (const Ticket& t : tickets) {
        const TicketRow& r = t.row;
        // In kTicketColumnNames' order.
        const std::array<std::string, kTicketColumnCount> fields = {
            r.id,
            format_iso8601_utc(r.created_at),
            time(r.first_response_at),
            time(r.resolved_at),
            text(r.request_type),
            text(r.contact_channel),
            text(r.agent),
            number(r.reopens),
            number(r.escalated),
            number(r.csat),
            number(r.recontact),
            number(r.checklist_skipped),
            number(r.manual_retries),
            text(r.tags),
            text(t.requester),
            text(r.source),
            time(r.escalated_at),
            number(r.deflected),
            number(r.repeat_info),
            number(r.policy_exception)};
        line.clear();
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (i > 0) line += ',';
            write_field(line, fields[i]);
        }
        line += "\r\n";
        out << line;
    }
}

std::size_t write_synthetic_csv(std::ostream& out, std::size_t rows) {
    constexpr int kBlockDays = 100;
    std::size_t written = 0;
    for (int b = 0; written < rows; ++b) {
        GeneratorOptions options;
        options.seed = 1000 + static_cast<std::uint64_t>(b);
        options.first_day =
            year_month_day{sys_days{year{2020} / January / 1} + days{b * kBlockDays}};
        options.days = kBlockDays;
        options.tickets_per_weekday = 1000;  // ~80k rows a block
        options.plant_outliers = false;
        options.id_prefix = std::string("B").append(std::to_string(b)).append("-");
        SyntheticTickets data = generate_tickets(options);
        if (data.tickets.size() > rows - written) data.tickets.resize(rows - written);
        if (b == 0) {
            write_tickets_csv(out, data.tickets);
        } else {
            // write_tickets_csv always writes the header; drop it for the later blocks.
            std::ostringstream text;
            write_tickets_csv(text, data.tickets);
            const std::string csv = text.str();
            out << csv.substr(csv.find('\n') + 1);
        }
        written += data.tickets.size();
    }
    return written;
}

}  // namespace ritualbot::commands
