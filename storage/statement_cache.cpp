#include "storage/statement_cache.hpp"

#include <charconv>
#include <cstdlib>
#include <utility>

#include "storage/postgres_connection.hpp"

namespace ritualbot::storage {

CachedStatement::CachedStatement(SQLite::Statement* statement, bool* in_use,
                                 std::unique_ptr<SQLite::Statement> owned)
    : sqlite_(statement), in_use_(in_use), owned_(std::move(owned)) {}

CachedStatement::CachedStatement(PgStatement* statement, bool* in_use,
                                 std::unique_ptr<PgStatement> owned)
    : pg_(statement), in_use_(in_use), owned_pg_(std::move(owned)) {}

CachedStatement::CachedStatement(CachedStatement&& other) noexcept
    : sqlite_(std::exchange(other.sqlite_, nullptr)),
      pg_(std::exchange(other.pg_, nullptr)),
      in_use_(std::exchange(other.in_use_, nullptr)),
      owned_(std::move(other.owned_)),
      owned_pg_(std::move(other.owned_pg_)) {}

CachedStatement::~CachedStatement() {
    if (in_use_ == nullptr) return;  // moved from, or uncached (freed by owned_)
    if (sqlite_ != nullptr) {
        // tryReset: the step's error, if any, was already thrown to the user of the statement.
        sqlite_->tryReset();
        try {
            sqlite_->clearBindings();
        } catch (...) {  // sqlite3_clear_bindings cannot fail; a destructor must not throw anyway
        }
    } else {
        pg_->clear();
    }
    *in_use_ = false;
}

void CachedStatement::bind(int index) {
    if (sqlite_ != nullptr) return sqlite_->bind(index);
    pg_->bind_null(index);
}

void CachedStatement::bind(int index, int value) {
    if (sqlite_ != nullptr) return sqlite_->bind(index, value);
    pg_->bind_text(index, std::to_string(value));
}

void CachedStatement::bind(int index, std::int64_t value) {
    if (sqlite_ != nullptr) return sqlite_->bind(index, value);
    pg_->bind_text(index, std::to_string(value));
}

void CachedStatement::bind(int index, double value) {
    if (sqlite_ != nullptr) return sqlite_->bind(index, value);
    char text[32];
    const auto written = std::to_chars(text, text + sizeof text, value);
    pg_->bind_text(index, std::string(text, written.ptr));
}

void CachedStatement::bind(int index, const std::string& value) {
    if (sqlite_ != nullptr) return sqlite_->bind(index, value);
    pg_->bind_text(index, value);
}

void CachedStatement::bind(int index, const char* value) {
    if (sqlite_ != nullptr) return sqlite_->bind(index, value);
    pg_->bind_text(index, value);
}

void CachedStatement::bindNoCopy(int index, const std::string& value) {
    if (sqlite_ != nullptr) return sqlite_->bindNoCopy(index, value);
    pg_->bind_text(index, value);
}

void CachedStatement::bind_blob(int index, std::string_view bytes) {
    if (sqlite_ != nullptr) {
        return sqlite_->bind(index, bytes.data(), static_cast<int>(bytes.size()));
    }
    pg_->bind_bytes(index, bytes);
}

bool CachedStatement::executeStep() {
    if (sqlite_ != nullptr) return sqlite_->executeStep();
    return pg_->step();
}

int CachedStatement::exec() {
    if (sqlite_ != nullptr) return sqlite_->exec();
    return pg_->exec();
}

int CachedStatement::getColumnCount() const {
    if (sqlite_ != nullptr) return sqlite_->getColumnCount();
    return pg_->column_count();
}

std::string CachedStatement::getColumnName(int index) const {
    if (sqlite_ != nullptr) return sqlite_->getColumnName(index);
    return pg_->column_name(index);
}

void CachedStatement::reset() {
    if (sqlite_ != nullptr) return sqlite_->reset();
    pg_->reset();
}

bool Column::isNull() const {
    if (sqlite_ != nullptr) return sqlite_->getColumn(index_).isNull();
    return pg_->is_null(index_);
}

bool Column::isInteger() const {
    if (sqlite_ != nullptr) return sqlite_->getColumn(index_).isInteger();
    return pg_->is_integer(index_);
}

bool Column::isFloat() const {
    if (sqlite_ != nullptr) return sqlite_->getColumn(index_).isFloat();
    return pg_->is_float(index_);
}

bool Column::isBlob() const {
    if (sqlite_ != nullptr) return sqlite_->getColumn(index_).isBlob();
    return pg_->is_bytes(index_);
}

std::int64_t Column::getInt64() const {
    if (sqlite_ != nullptr) return sqlite_->getColumn(index_).getInt64();
    if (pg_->is_null(index_)) return 0;
    const std::string_view text = pg_->text(index_);
    if (text == "t") return 1;  // a boolean expression
    if (text == "f") return 0;
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error == std::errc{} && end != text.data() + text.size() && *end == '.') {
        return static_cast<std::int64_t>(getDouble());  // numeric (AVG, SUM of a division)
    }
    return value;
}

double Column::getDouble() const {
    if (sqlite_ != nullptr) return sqlite_->getColumn(index_).getDouble();
    if (pg_->is_null(index_)) return 0;
    return std::strtod(std::string(pg_->text(index_)).c_str(), nullptr);
}

std::string Column::getString() const {
    if (sqlite_ != nullptr) return sqlite_->getColumn(index_).getString();
    return std::string(pg_->text(index_));
}

std::string Column::getBlob() const {
    if (sqlite_ != nullptr) {
        const SQLite::Column column = sqlite_->getColumn(index_);
        return std::string(static_cast<const char*>(column.getBlob()),
                           static_cast<std::size_t>(column.getBytes()));
    }
    return pg_->bytes(index_);
}

CachedStatement StatementCache::prepare(SQLite::Database& db, std::string_view sql) {
    auto found = entries_.find(sql);
    if (found == entries_.end()) {
        Entry entry{std::make_unique<SQLite::Statement>(db, std::string(sql)), false};
        found = entries_.emplace(std::string(sql), std::move(entry)).first;
    }
    Entry& entry = found->second;
    if (entry.in_use) {
        auto fresh = std::make_unique<SQLite::Statement>(db, std::string(sql));
        SQLite::Statement* raw = fresh.get();
        return CachedStatement(raw, nullptr, std::move(fresh));
    }
    entry.in_use = true;
    return CachedStatement(entry.statement.get(), &entry.in_use, nullptr);
}

void StatementCache::clear() {
    std::erase_if(entries_, [](const auto& item) { return !item.second.in_use; });
}

}  // namespace ritualbot::storage
