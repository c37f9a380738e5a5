#include "commands/ticket_data/csv_presets.hpp"

#include "commands/ticket_data/trim.hpp"

namespace ritualbot::commands {
namespace {

using C = TicketColumn;

std::vector<CsvPreset> make_presets() {
    return {
        {"zendesk",
         "Zendesk ticket export",
         "zendesk",
         {"Id", "Created at", "Solved at", "Satisfaction Score"},
         {
             {C::id, "Id"},
             {C::created_at, "Created at", Convert::time},
             {C::first_response_at, "First reply time in minutes", Convert::minutes_after_created},
             {C::resolved_at, "Solved at", Convert::time},
             {C::request_type, "Ticket type", Convert::lower},
             {C::channel, "Via", Convert::lower},
             {C::reopens, "Reopens"},
             {C::escalated, "Group stations", Convert::more_than_one},
             {C::csat, "Satisfaction Score", Convert::satisfaction},
             {C::tags, "Tags", Convert::space_list},
             {C::requester, "Requester id"},
         }},
        {"freshdesk",
         "Freshdesk ticket export",
         "freshdesk",
         {"Ticket ID", "Created time", "Resolved time", "Initial response time"},
         {
             {C::id, "Ticket ID"},
             {C::created_at, "Created time", Convert::time},
             {C::first_response_at, "Initial response time", Convert::time},
             {C::resolved_at, "Resolved time", Convert::time},
             {C::request_type, "Type", Convert::lower},
             {C::channel, "Source", Convert::lower},
             {C::tags, "Tags", Convert::comma_list},
             {C::requester, "Contact ID"},
             {C::requester, "Email"},
         }},
    };
}

}  // namespace

const std::vector<CsvPreset>& csv_presets() {
    static const std::vector<CsvPreset> presets = make_presets();
    return presets;
}

bool same_header(std::string_view a, std::string_view b) {
    a = trim_blanks(a);
    b = trim_blanks(b);
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i];
        char y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

const CsvPreset* preset_named(std::string_view name) {
    for (const CsvPreset& preset : csv_presets()) {
        if (same_header(preset.name, name)) return &preset;
    }
    return nullptr;
}

const CsvPreset* recognise_preset(const std::vector<std::string>& header) {
    for (const CsvPreset& preset : csv_presets()) {
        bool all = true;
        for (const std::string_view wanted : preset.recognised_by) {
            bool found = false;
            for (const std::string& column : header) found = found || same_header(column, wanted);
            all = all && found;
        }
        if (all) return &preset;
    }
    return nullptr;
}

std::string describe_presets() {
    std::string out;
    for (const CsvPreset& preset : csv_presets()) {
        if (!out.empty()) out += "; ";
        out.append(preset.name).append(" (").append(preset.title).append(": ");
        for (std::size_t i = 0; i < preset.recognised_by.size(); ++i) {
            if (i > 0) out += ", ";
            out.append(preset.recognised_by[i]);
        }
        out += ')';
    }
    return out;
}

}  // namespace ritualbot::commands
