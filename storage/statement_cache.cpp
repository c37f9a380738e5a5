#include "storage/statement_cache.hpp"

#include <utility>

namespace ritualbot::storage {

CachedStatement::CachedStatement(SQLite::Statement* statement, bool* in_use,
                                 std::unique_ptr<SQLite::Statement> owned)
    : statement_(statement), in_use_(in_use), owned_(std::move(owned)) {}

CachedStatement::CachedStatement(CachedStatement&& other) noexcept
    : statement_(other.statement_),
      in_use_(std::exchange(other.in_use_, nullptr)),
      owned_(std::move(other.owned_)) {
    other.statement_ = nullptr;
}

CachedStatement::~CachedStatement() {
    if (statement_ == nullptr || owned_) return;  // moved from, or uncached (finalized by owned_)
    // tryReset: the step's error, if any, was already thrown to the user of the statement.
    statement_->tryReset();
    try {
        statement_->clearBindings();
    } catch (...) {  // sqlite3_clear_bindings cannot fail; a destructor must not throw anyway
    }
    *in_use_ = false;
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
