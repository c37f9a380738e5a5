#include "commands/ticket_data/column_map.hpp"

#include <algorithm>

#include "commands/ticket_data/trim.hpp"

namespace ritualbot::commands {
namespace {

using C = TicketColumn;

std::string_view name(TicketColumn field) {
    return kTicketColumnNames[static_cast<unsigned>(field)];
}

bool is_time(TicketColumn field) {
    return field == C::created_at || field == C::first_response_at || field == C::resolved_at;
}

// How a --map column reads when the user says nothing more.
Convert default_convert(TicketColumn field) {
    if (is_time(field)) return Convert::time;
    if (field == C::csat) return Convert::satisfaction;
    return Convert::text;
}

std::optional<std::size_t> position_of(const std::vector<std::string>& header,
                                       std::string_view wanted) {
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (same_header(header[i], wanted)) return i;
    }
    return std::nullopt;
}

std::string field_list() {
    std::string out;
    for (const std::string_view field : kTicketColumnNames) {
        if (!out.empty()) out += ", ";
        out.append(field);
    }
    return out;
}

std::string missing_columns_error(const std::vector<TicketColumn>& missing) {
    std::string message = "the header has no ";
    for (std::size_t i = 0; i < missing.size(); ++i) {
        if (i > 0) message += " and no ";
        message.append(name(missing[i]));
    }
    message += missing.size() == 1 ? " column" : " columns";
    message += " (columns are named on the first line). Name them as the bot does (";
    message += field_list();
    message += "), upload a helpdesk export it knows (presets: ";
    message += describe_presets();
    message += "), or say which of your columns is which: --map 'id=Ticket,created_at=Opened at'";
    message += " (in Slack: @ritualbot import map id=Ticket,created_at=Opened at)";
    return message;
}

}  // namespace

Result<std::vector<ColumnRule>> parse_column_map(std::string_view text) {
    std::vector<ColumnRule> rules;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const std::size_t end = std::min(text.find(',', pos), text.size());
        const std::string_view item = trim_blanks(text.substr(pos, end - pos));
        pos = end + 1;
        if (item.empty()) continue;
        const std::size_t equals = item.find('=');
        if (equals == std::string_view::npos) {
            return Error{std::string("--map: \"").append(item).append(
                "\" is not FIELD=COLUMN (e.g. created_at=Opened at)")};
        }
        const auto field = ticket_column(item.substr(0, equals));
        if (!field) {
            return Error{std::string("--map: \"")
                             .append(trim_blanks(item.substr(0, equals)))
                             .append("\" is not a ticket field; the fields are ")
                             .append(field_list())};
        }
        std::string_view header = trim_blanks(item.substr(equals + 1));
        Convert convert = default_convert(*field);
        constexpr std::string_view kMinutes = "minutes:";
        if (header.starts_with(kMinutes)) {
            if (*field != C::first_response_at && *field != C::resolved_at) {
                return Error{std::string("--map: only first_response_at and resolved_at can be "
                                         "minutes after created_at, not ")
                                 .append(name(*field))};
            }
            header = trim_blanks(header.substr(kMinutes.size()));
            convert = Convert::minutes_after_created;
        }
        if (header.empty()) {
            return Error{std::string("--map: ").append(name(*field)).append(" names no column")};
        }
        rules.push_back({*field, std::string(header), convert});
    }
    if (rules.empty()) return Error{"--map is empty; write e.g. created_at=Opened at"};
    return rules;
}

Result<ColumnMap> ColumnMap::resolve(const std::vector<std::string>& header,
                                     const ImportOptions& options, const date::time_zone* zone) {
    ColumnMap map(zone);
    if (options.preset.empty()) {
        map.preset_ = recognise_preset(header);
    } else if (options.preset != kNoPreset) {
        map.preset_ = preset_named(options.preset);
        if (!map.preset_) {
            return Error{std::string("there is no preset \"")
                             .append(options.preset)
                             .append("\"; the presets are ")
                             .append(describe_presets())};
        }
    }
    map.by_position_.assign(header.size(), std::nullopt);

    const auto bind = [&](const ColumnRule& rule, std::size_t position) -> std::optional<Error> {
        const unsigned index = static_cast<unsigned>(rule.field);
        if (map.fed_[index]) return std::nullopt;  // an earlier rule won
        if (map.by_position_[position]) {
            return Error{std::string("the column \"")
                             .append(trim_blanks(header[position]))
                             .append("\" would feed both ")
                             .append(name(*map.by_position_[position]))
                             .append(" and ")
                             .append(name(rule.field))};
        }
        for (std::size_t later = position + 1; later < header.size(); ++later) {
            if (same_header(header[later], header[position])) {
                return Error{std::string("the header names column ")
                                 .append(trim_blanks(header[position]))
                                 .append(" twice")};
            }
        }
        map.fed_[index] = true;
        map.by_position_[position] = rule.field;
        map.bindings_.push_back({position, rule});
        map.needs_created_ms_ =
            map.needs_created_ms_ || rule.convert == Convert::minutes_after_created;
        return std::nullopt;
    };

    for (const ColumnRule& rule : options.map) {
        const auto position = position_of(header, rule.header);
        if (!position) {
            return Error{std::string("--map: the header has no column \"")
                             .append(rule.header)
                             .append("\" (for ")
                             .append(name(rule.field))
                             .append(")")};
        }
        if (auto error = bind(rule, *position)) return *error;
    }
    if (map.preset_) {
        for (const ColumnRule& rule : map.preset_->rules) {
            if (const auto position = position_of(header, rule.header)) {
                if (auto error = bind(rule, *position)) return *error;
            }
        }
        map.fed_[static_cast<unsigned>(C::source)] = true;
        map.fields_[static_cast<unsigned>(C::source)] = map.preset_->source;
    } else {
        // DESIGN's own names, read as written. (A preset's file never takes these: a
        // Freshdesk "Agent" column holds names, which must not be stored.)
        for (std::size_t i = 0; i < header.size(); ++i) {
            if (const auto field = ticket_column(header[i])) {
                if (auto error = bind({*field, header[i], Convert::text}, i)) return *error;
            }
        }
    }

    std::vector<TicketColumn> missing;
    for (const TicketColumn required : {C::id, C::created_at}) {
        if (!map.feeds(required)) missing.push_back(required);
    }
    if (!missing.empty()) return Error{missing_columns_error(missing)};
    std::stable_partition(map.bindings_.begin(), map.bindings_.end(),
                          [](const Binding& b) { return b.rule.field == C::created_at; });
    return map;
}

Result<const TicketFieldsText*> ColumnMap::fill(const std::vector<std::string>& record) {
    for (const Binding& binding : bindings_) {
        fields_[static_cast<unsigned>(binding.rule.field)].reset();
    }
    std::optional<std::int64_t> created_ms;
    for (const Binding& binding : bindings_) {
        const unsigned index = static_cast<unsigned>(binding.rule.field);
        const std::string_view value = record[binding.position];
        if (binding.rule.convert == Convert::text) {
            fields_[index] = value;
        } else {
            auto text = reader_.read(binding.rule, value, scratch_[index], created_ms);
            if (!text) return Error{text.error()};
            fields_[index] = *text;
        }
        if (binding.rule.field == C::created_at && needs_created_ms_) {
            created_ms = reader_.time_of(*fields_[index]);
        }
    }
    return &fields_;
}

}  // namespace ritualbot::commands
