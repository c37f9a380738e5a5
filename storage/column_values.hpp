#pragma once
// Optional values to and from SQLite columns: NULL is std::nullopt, never zero. Shared by the
// repositories whose rows have optional columns (tickets, helpdesk sources).

#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>

namespace ritualbot::storage {

// no_copy: SQLite reads the text where it is, so the value must outlive the statement's step
// and be bound again before the next one (the tickets upsert, where copies cost a tenth of an
// import).
enum class TextBinding { copy, no_copy };

template <class T>
void bind_optional(SQLite::Statement& statement, int index, const std::optional<T>& value,
                   TextBinding text = TextBinding::copy) {
    if (!value) {
        statement.bind(index);  // NULL
    } else if constexpr (std::is_same_v<T, bool>) {
        statement.bind(index, *value ? 1 : 0);
    } else if constexpr (std::is_same_v<T, std::string>) {
        if (text == TextBinding::no_copy) {
            statement.bindNoCopy(index, *value);
        } else {
            statement.bind(index, *value);
        }
    } else {
        statement.bind(index, *value);
    }
}

inline std::optional<std::int64_t> int64_or_null(const SQLite::Column& column) {
    if (column.isNull()) return std::nullopt;
    return column.getInt64();
}

inline std::optional<std::string> text_or_null(const SQLite::Column& column) {
    if (column.isNull()) return std::nullopt;
    return column.getString();
}

inline std::optional<bool> bool_or_null(const SQLite::Column& column) {
    if (column.isNull()) return std::nullopt;
    return column.getInt() != 0;
}

}  // namespace ritualbot::storage
