#pragma once
// Values to and from columns, the one way repositories convert them. NULL is std::nullopt,
// never zero. read_columns fills a struct's fields from the current result row (columns 0, 1,
// …) and bind (statement_cache.hpp) binds them as parameters ?1, ?2, …, so a repository lists
// its columns once per direction.

#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>

#include "storage/statement_cache.hpp"

namespace ritualbot::storage {

// no_copy: SQLite reads the text where it is, so the value must outlive the statement's step
// and be bound again before the next one (the tickets upsert, where copies cost a tenth of an
// import).
enum class TextBinding { copy, no_copy };

template <class T>
void bind_optional(CachedStatement& statement, int index, const std::optional<T>& value,
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

inline std::optional<std::int64_t> int64_or_null(const Column& column) {
    if (column.isNull()) return std::nullopt;
    return column.getInt64();
}

inline std::optional<std::string> text_or_null(const Column& column) {
    if (column.isNull()) return std::nullopt;
    return column.getString();
}

inline std::optional<bool> bool_or_null(const Column& column) {
    if (column.isNull()) return std::nullopt;
    return column.getInt() != 0;
}

inline void read_column(const Column& column, std::string& out) {
    out = column.getString();
}
inline void read_column(const Column& column, std::int64_t& out) {
    out = column.getInt64();
}
inline void read_column(const Column& column, std::optional<std::int64_t>& out) {
    out = int64_or_null(column);
}

template <class... Fields>
void read_columns(CachedStatement& query, Fields&... fields) {
    int index = 0;
    (read_column(query.getColumn(index++), fields), ...);
}

}  // namespace ritualbot::storage
