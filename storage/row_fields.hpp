#pragma once
// A repository's struct and its table row, field by field in column order: read_columns fills
// the fields from the current result row (columns 0, 1, …); SQLite::bind (VariadicBind.h)
// binds them as parameters ?1, ?2, …. So each repository lists its columns once per direction.

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/VariadicBind.h>

#include <cstdint>
#include <optional>
#include <string>

namespace ritualbot::storage {

inline void read_column(const SQLite::Column& column, std::string& out) {
    out = column.getString();
}
inline void read_column(const SQLite::Column& column, std::int64_t& out) {
    out = column.getInt64();
}
inline void read_column(const SQLite::Column& column, std::optional<std::int64_t>& out) {
    if (column.isNull()) {
        out.reset();
    } else {
        out = column.getInt64();
    }
}

template <class... Fields>
void read_columns(SQLite::Statement& query, Fields&... fields) {
    int index = 0;
    (read_column(query.getColumn(index++), fields), ...);
}

}  // namespace ritualbot::storage
