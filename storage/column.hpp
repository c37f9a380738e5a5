#pragma once

// One value of the current result row, read the same way whichever engine produced it:
// CachedStatement::getColumn() hands it out, valid until the statement steps again or goes out
// of scope. NULL reads as 0 or "" (as SQLiteCpp does); isNull() tells the two apart.

#include <cstdint>
#include <string>

namespace SQLite {
class Statement;
}

namespace ritualbot::storage {

class PgStatement;

class Column {
public:
    Column(SQLite::Statement* sqlite, const PgStatement* pg, int index)
        : sqlite_(sqlite), pg_(pg), index_(index) {}

    bool isNull() const;
    bool isInteger() const;  // an integer value (SQLite) or an integer column (PostgreSQL)
    bool isFloat() const;    // a real value (SQLite) or a float or numeric column (PostgreSQL)
    bool isBlob() const;     // a BLOB value (SQLite) or a BYTEA column (PostgreSQL)
    int getInt() const { return static_cast<int>(getInt64()); }
    std::int64_t getInt64() const;
    double getDouble() const;
    std::string getString() const;
    std::string getBlob() const;  // the bytes of a BLOB (SQLite) or BYTEA (PostgreSQL)

private:
    SQLite::Statement* sqlite_;
    const PgStatement* pg_;
    int index_;
};

}  // namespace ritualbot::storage
