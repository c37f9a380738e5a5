#include "commands/playbook/procedure_names.hpp"

#include <algorithm>
#include <charconv>
#include <numeric>

namespace ritualbot::commands::playbook {
namespace {

std::vector<std::string> active_names(storage::Database& db, const std::string& channel) {
    std::vector<std::string> names;
    for (const auto& procedure : storage::Procedures(db).active(channel)) {
        names.push_back(procedure.name);
    }
    return names;
}

}  // namespace

std::optional<std::string> parse_name(std::string_view text) {
    if (text.starts_with('#')) text.remove_prefix(1);
    if (text.empty() || text.size() > kMaxNameLength) return std::nullopt;
    for (const char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '/';
        if (!ok) return std::nullopt;
    }
    return std::string(text);
}

std::optional<std::string> name_of(const Token& token) {
    if (token.kind == TokenKind::word) return parse_name(token.value);
    if (token.kind == TokenKind::channel) {
        return parse_name(token.label.empty() ? token.value : token.label);
    }
    return std::nullopt;
}

std::string bad_name_message(std::string_view as_typed) {
    return std::string("\"").append(escape_mrkdwn(as_typed))
        .append("\" is not a procedure name: use one word of letters, digits, - _ . / (at most ")
        .append(std::to_string(kMaxNameLength))
        .append(").");
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    std::iota(row.begin(), row.end(), std::size_t{0});
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                               diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::optional<std::string> nearest(std::string_view name,
                                   const std::vector<std::string>& candidates) {
    const std::string key = to_lower(name);
    const std::size_t allowed = key.size() <= 4 ? 1 : 2;
    std::optional<std::string> best;
    std::size_t best_distance = allowed + 1;
    for (const std::string& candidate : candidates) {
        const std::size_t distance = edit_distance(key, to_lower(candidate));
        if (distance < best_distance) {
            best = candidate;
            best_distance = distance;
        }
    }
    return best;
}

Result<storage::Procedure> find_procedure(storage::Database& db, const std::string& channel,
                                          std::string_view name) {
    if (auto found = storage::Procedures(db).find_active(channel, to_lower(name))) {
        return std::move(*found);
    }
    std::string message = std::string("There is no procedure `").append(escape_mrkdwn(name))
                              .append("` in this channel's playbook.");
    if (const auto near = nearest(name, active_names(db, channel))) {
        message.append(" Did you mean `").append(escape_mrkdwn(*near)).append("`?");
    } else {
        message.append(" `/playbook list` shows them; `/playbook add ")
            .append(escape_mrkdwn(name))
            .append("` adds it.");
    }
    return Error{std::move(message)};
}

std::optional<storage::Procedure> find_procedure_by_id(storage::Database& db,
                                                       const std::string& channel,
                                                       std::string_view id_text) {
    std::int64_t id = 0;
    const char* end = id_text.data() + id_text.size();
    if (id_text.empty() || std::from_chars(id_text.data(), end, id).ptr != end) return std::nullopt;
    auto procedure = storage::Procedures(db).find(id);
    if (!procedure || procedure->channel != channel || procedure->retired_at) return std::nullopt;
    return procedure;
}

Result<Tag> resolve_tag(storage::Database& db, const std::string& channel, std::string_view name) {
    Tag tag{to_lower(name), std::nullopt};
    if (const auto found = storage::Procedures(db).find_active(channel, tag.key)) {
        tag.linked = found->id;
        return tag;
    }
    if (const auto near = nearest(name, active_names(db, channel))) {
        return Error{std::string("There is no procedure #").append(escape_mrkdwn(name))
                         .append(" in the playbook. Did you mean #")
                         .append(escape_mrkdwn(*near))
                         .append("? If #")
                         .append(escape_mrkdwn(name))
                         .append(" is a new one, `/playbook add ")
                         .append(escape_mrkdwn(name))
                         .append("` first.")};
    }
    return tag;
}

}  // namespace ritualbot::commands::playbook
