// The digest as mrkdwn text (a Slack reply or a terminal), and the lines it shares with the
// Block Kit rendering.

#include "commands/outliers/digest_text.hpp"

#include "commands/outliers/format.hpp"
#include "commands/outliers/open_investigations.hpp"
#include "commands/schedule/local_time.hpp"
#include "commands/tokenizer.hpp"

namespace ritualbot::commands {
namespace {

std::string segment_text(const Segment& segment) {
    if (segment.dimension == "all") return "all tickets";
    if (segment.dimension == "channel") return "via " + escape_mrkdwn(segment.value);
    return escape_mrkdwn(segment.value);
}

std::string counted(std::size_t n, std::string_view one, std::string_view many) {
    return std::to_string(n) + std::string(n == 1 ? one : many);
}

}  // namespace

std::string_view metric_label(std::string_view metric) {
    if (const auto* d = find_duration_metric(metric)) return d->label;
    if (const auto* r = find_rate_metric(metric)) return r->label;
    return metric;
}

std::string digest_header(const Digest& d) {
    std::string header = "Outlier digest for " + format_date(d.first_date());
    if (d.multi_day()) header += " to " + format_date(d.date);
    return header;
}

std::string day_heading(std::chrono::year_month_day date) {
    return format_day(LocalDate{std::chrono::sys_days{date}.time_since_epoch()});
}

std::string digest_summary(const Digest& d) {
    std::string text = escape_mrkdwn(d.timezone) + " · " +
                       counted(d.tickets, " ticket", " tickets") + " · " +
                       counted(d.outliers.size(), " outlier", " outliers");
    if (d.suppressed > 0) {
        text += " (" + std::to_string(d.suppressed) + " more held back: under investigation)";
    }
    return text;
}

std::string crew_metric_line(const Digest& d) {
    if (!d.channel_has_tickets) return "";
    const CrewMetric& m = d.crew_metric;
    const auto value = [&m](double v) {
        return m.duration ? format_duration(v) : format_percent(v);
    };
    std::string line = "*";
    line.append(metric_label(m.metric)).append("*, the crew's metric: ");
    if (m.value) {
        line +=
            value(*m.value) + (m.duration ? " (median of " : " (of ") + std::to_string(m.n) + ")";
    } else {
        line += "no data";
    }
    line += m.baseline ? "; usual " + value(*m.baseline) + " over the days before"
                       : "; no baseline yet";
    return line;
}

std::string no_outliers_line(const Digest& d) {
    if (d.channel_has_tickets) return "Nothing unusual.";
    return std::string(kNoTicketDataHint);
}

std::string outlier_line(const Outlier& o) {
    std::string line = "`" + o.id + "` *" + std::string(metric_label(o.metric)) + "* · " +
                       segment_text(o.segment) + " — " + escape_mrkdwn(o.why);
    if (!o.tickets.empty()) {
        line += " · ";
        for (std::size_t i = 0; i < o.tickets.size(); ++i) {
            line += (i > 0 ? ", " : "") + escape_mrkdwn(o.tickets[i]);
        }
        if (o.ticket_count > o.tickets.size()) {
            line += " +" + std::to_string(o.ticket_count - o.tickets.size());
        }
    }
    return line;
}

std::string indicator_line(const Indicator& i) {
    std::string line = '*' + std::string(metric_label(i.metric)) + "* `" + i.sparkline + "`";
    // The digest's day without a ticket the metric counts is "no data", never 0% and never an
    // older day's value passed off as the latest.
    if (!i.values.empty()) {
        const auto& last = i.values.back();
        line += last ? ' ' + format_percent(*last) + " latest" : " no data on the last day";
    }
    if (i.week_change) line += " · " + format_points(*i.week_change) + " week over week";
    return line;
}

std::string investigation_line(const OpenInvestigation& i) {
    return "`" + i.outlier_id + "` " + std::string(metric_label(i.metric)) + " · " +
           segment_text(i.segment) + " — owner <@" + i.owner + ">, " +
           (i.cause.empty() ? "no cause yet" : "cause: " + escape_mrkdwn(i.cause)) + " (open " +
           std::to_string(i.days_open) + (i.days_open == 1 ? " day)" : " days)") +
           (i.days_open > kOverdueInvestigationDays ? " — *open over a week*" : "");
}

std::string signals_heading(const Digest& d) {
    if (d.signals.empty()) return "";
    std::string dates = format_date(d.first_date());
    if (d.multi_day()) dates += " to " + format_date(d.date);
    return "*Post-release signals* (" + dates + ")";
}

std::string signal_line(const Signal& s) {
    std::string line = "*";
    line.append(metric_label(s.metric)).append("* ");
    if (!s.value) return line + "no data";
    if (find_duration_metric(s.metric) != nullptr) {
        return line + format_duration(*s.value) + " (median of " + std::to_string(s.n) + ")";
    }
    return line + format_percent(*s.value) + " (" + std::to_string(s.k) + " of " +
           std::to_string(s.n) + ")";
}

std::string more_outliers_note(const Digest& d, std::size_t listed) {
    std::string command = "/outliers list " + format_date(d.first_date());
    if (d.multi_day()) command += ' ' + format_date(d.date);
    return "…and " + std::to_string(d.outliers.size() - listed) + " more: `" + command +
           "` lists them all";
}

std::string digest_to_text(const Digest& d, std::size_t max_outliers) {
    std::string text = '*' + digest_header(d) + "* — " + digest_summary(d) + "\n";
    if (const std::string lead = crew_metric_line(d); !lead.empty()) text += lead + "\n";
    if (d.outliers.empty()) {
        text += no_outliers_line(d) + "\n";
    } else {
        for (std::size_t i = 0; i < d.outliers.size() && i < max_outliers; ++i) {
            const Outlier& o = d.outliers[i];
            if (d.multi_day() && (i == 0 || d.outliers[i - 1].date != o.date)) {
                text += '_' + day_heading(o.date) + "_\n";
            }
            text += "• " + outlier_line(o) + "\n";
        }
        if (d.outliers.size() > max_outliers) text += more_outliers_note(d, max_outliers) + "\n";
    }
    if (!d.indicators.empty()) {
        text += "*Leading indicators* (" + std::to_string(d.indicators.front().days.size()) +
                " days)\n";
        for (const Indicator& i : d.indicators) text += "• " + indicator_line(i) + "\n";
    }
    if (!d.signals.empty()) {
        text += signals_heading(d) + "\n";
        for (const Signal& s : d.signals) text += "• " + signal_line(s) + "\n";
    }
    if (!d.investigations.empty()) {
        text += "*Open investigations*\n";
        for (const auto& i : d.investigations) text += "• " + investigation_line(i) + "\n";
    }
    return text;
}

}  // namespace ritualbot::commands
