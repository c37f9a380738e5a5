#include "commands/incidents/countermeasures.hpp"

#include "commands/playbook/procedure_names.hpp"
#include "commands/render/ids.hpp"
#include "commands/tokenizer.hpp"

namespace ritualbot::commands::incidents {
namespace {

// A Slack member id: U or W, then capitals and digits.
bool is_member_id(std::string_view text) {
    if (text.size() < 2 || (text[0] != 'U' && text[0] != 'W')) return false;
    for (const char c : text) {
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
    }
    return true;
}

// `@U123ABC` or `<@U123ABC>` / `<@U123ABC|name>`: the id; nullopt when the word is no owner;
// an error when it looks like one but is not an id.
Result<std::optional<std::string>> owner_of(std::string_view word) {
    std::string_view id;
    if (word.starts_with("<@") && word.ends_with(">")) {
        id = word.substr(2, word.size() - 3);
        id = id.substr(0, id.find('|'));
    } else if (word.starts_with("@")) {
        id = word.substr(1);
    } else {
        return std::optional<std::string>();
    }
    if (!is_member_id(id)) {
        return Error{std::string("`")
                         .append(escape_mrkdwn(word))
                         .append("` is not a member ID: write @ and the ID Slack's profile menu "
                                 "copies (e.g. `@U123ABC`), or leave the owner out and use "
                                 "`/suggest assign` after publishing.")};
    }
    return std::optional<std::string>(std::string(id));
}

bool looks_like_date(std::string_view word) {
    return word.size() == 10 && word[4] == '-' && word[7] == '-';
}

std::vector<std::string_view> words_of(std::string_view line) {
    std::vector<std::string_view> words;
    std::size_t at = 0;
    while (at < line.size()) {
        const std::size_t begin = line.find_first_not_of(" \t", at);
        if (begin == std::string_view::npos) break;
        const std::size_t end = std::min(line.find_first_of(" \t", begin), line.size());
        words.push_back(line.substr(begin, end - begin));
        at = end;
    }
    return words;
}

Error twice(std::string_view what) {
    return Error{std::string("give one ").append(what).append(" at most.")};
}

}  // namespace

std::vector<std::string> lines_of(std::string_view text) {
    std::vector<std::string> lines;
    std::size_t at = 0;
    while (at <= text.size()) {
        const std::size_t end = std::min(text.find('\n', at), text.size());
        std::string line = trim(text.substr(at, end - at));
        for (const std::string_view bullet : {"- ", "* ", "• "}) {
            if (line.starts_with(bullet)) line = trim(std::string_view(line).substr(bullet.size()));
        }
        if (!line.empty()) lines.push_back(std::move(line));
        at = end + 1;
    }
    return lines;
}

Result<Countermeasure> parse_countermeasure(storage::Database& db, const std::string& channel,
                                            std::string_view line, LocalDate today) {
    Countermeasure measure;
    std::string text;
    const auto words = words_of(line);
    for (std::size_t i = 0; i < words.size(); ++i) {
        std::string_view word = words[i];
        const bool due_word =
            to_lower(word) == "due" && i + 1 < words.size() && looks_like_date(words[i + 1]);
        if (due_word) word = words[++i];
        if (looks_like_date(word)) {
            if (measure.due) return twice("due date");
            const auto due = parse_user_date(word);
            if (!due) return Error{due.error()};
            if (*due < today) {
                return Error{std::string("the due date ").append(word).append(" is in the past.")};
            }
            measure.due = *due;
            continue;
        }
        const auto owner = owner_of(word);
        if (!owner) return Error{owner.error()};
        if (*owner) {
            if (!measure.owner.empty()) return twice("owner");
            measure.owner = **owner;
            continue;
        }
        if (word.size() > 1 && word.starts_with('#')) {
            if (measure.procedure) return twice("procedure");
            const auto name = playbook::parse_name(word);
            if (!name) return Error{playbook::bad_name_message(word)};
            auto procedure = playbook::find_procedure(db, channel, *name);
            if (!procedure) return Error{procedure.error()};
            measure.procedure = std::move(*procedure);
            continue;
        }
        if (!text.empty()) text += ' ';
        text += word;
    }
    if (text.empty()) return Error{"say what to do, not only who, when or which procedure."};
    measure.text = std::move(text);
    return measure;
}

Result<std::vector<Countermeasure>> parse_countermeasures(storage::Database& db,
                                                          const std::string& channel,
                                                          std::string_view text, LocalDate today) {
    const auto lines = lines_of(text);
    if (lines.size() > kMaxCountermeasures) {
        return Error{std::string("Keep it to ")
                         .append(std::to_string(kMaxCountermeasures))
                         .append(" countermeasures; there are ")
                         .append(std::to_string(lines.size()))
                         .append(".")};
    }
    std::vector<Countermeasure> measures;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        auto measure = parse_countermeasure(db, channel, lines[i], today);
        if (!measure) {
            return Error{std::string("Line ")
                             .append(std::to_string(i + 1))
                             .append(": ")
                             .append(measure.error())};
        }
        measures.push_back(std::move(*measure));
    }
    return measures;
}

}  // namespace ritualbot::commands::incidents
