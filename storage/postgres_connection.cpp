#include "storage/postgres_connection.hpp"

#include <charconv>
#include <cstdlib>
#include <utility>

#include <pqxx/pqxx>

namespace ritualbot::storage {
namespace {

// SQLSTATEs after which the same work is worth trying again: lock_not_available (lock_timeout),
// deadlock_detected, serialization_failure.
bool is_retryable(const std::string& state) {
    return state == "55P03" || state == "40P01" || state == "40001";
}

// PostgreSQL's type oids for the integer types (pg_type.h).
constexpr pqxx::oid kBytea = 17;
constexpr pqxx::oid kInt8 = 20;
constexpr pqxx::oid kInt2 = 21;
constexpr pqxx::oid kInt4 = 23;
constexpr pqxx::oid kFloat4 = 700;
constexpr pqxx::oid kFloat8 = 701;
constexpr pqxx::oid kNumeric = 1700;

}  // namespace

struct PgConnection::Session {
    explicit Session(const std::string& url) : connection(url), work(connection) {}
    pqxx::connection connection;
    pqxx::nontransaction work;
};

std::string postgres_parameters(std::string_view sql, int* count) {
    std::string out;
    out.reserve(sql.size() + 16);
    int highest = 0;
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (c == '\'' || c == '"') {  // a literal or quoted identifier; '' and "" escape
            const std::size_t close = sql.find(c, i + 1);
            const std::size_t end = close == std::string_view::npos ? sql.size() : close + 1;
            out.append(sql.substr(i, end - i));
            i = end - 1;
        } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            const std::size_t newline = sql.find('\n', i);
            const std::size_t end = newline == std::string_view::npos ? sql.size() : newline;
            out.append(sql.substr(i, end - i));
            i = end - 1;
        } else if (c == '?') {
            std::size_t digits = i + 1;
            while (digits < sql.size() && sql[digits] >= '0' && sql[digits] <= '9') ++digits;
            int number = highest + 1;
            if (digits > i + 1) {
                std::from_chars(sql.data() + i + 1, sql.data() + digits, number);
            }
            if (number > highest) highest = number;
            out.append("$").append(std::to_string(number));
            i = digits - 1;
        } else {
            out.push_back(c);
        }
    }
    if (count != nullptr) *count = highest;
    return out;
}

PgStatement::PgStatement(PgConnection& connection, const std::string& name, int parameters)
    : connection_(connection), name_(name), parameters_(parameters) {}

PgStatement::~PgStatement() = default;

void PgStatement::bind_null(int index) {
    if (static_cast<std::size_t>(index) > params_.size()) params_.resize(index);
    params_[index - 1].reset();
}

void PgStatement::bind_text(int index, std::string value) {
    if (static_cast<std::size_t>(index) > params_.size()) params_.resize(index);
    params_[index - 1] = std::move(value);
}

// BYTEA's hex input form: \x followed by two hex digits a byte.
void PgStatement::bind_bytes(int index, std::string_view bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string text = "\\x";
    for (const char byte : bytes) {
        const auto b = static_cast<unsigned char>(byte);
        text.push_back(kHex[b >> 4]);
        text.push_back(kHex[b & 15]);
    }
    bind_text(index, std::move(text));
}

void PgStatement::run() {
    if (params_.size() < static_cast<std::size_t>(parameters_)) params_.resize(parameters_);
    result_ = std::make_unique<pqxx::result>(connection_.run_prepared(name_, params_));
    row_ = -1;
}

int PgStatement::exec() {
    run();
    return static_cast<int>(result_->affected_rows());
}

bool PgStatement::step() {
    if (!result_) run();
    if (row_ < static_cast<long>(result_->size())) ++row_;
    return row_ < static_cast<long>(result_->size());
}

void PgStatement::reset() {
    result_.reset();
    row_ = -1;
}

void PgStatement::clear() {
    reset();
    params_.clear();
}

const pqxx::result& PgStatement::rows() const {
    if (!result_ || row_ < 0 || row_ >= static_cast<long>(result_->size())) {
        throw std::runtime_error("no current row to read a column of");
    }
    return *result_;
}

bool PgStatement::is_null(int column) const {
    return rows()[row_][column].is_null();
}

std::string_view PgStatement::text(int column) const {
    const pqxx::field field = rows()[row_][column];
    return {field.c_str(), field.size()};
}

bool PgStatement::is_integer(int column) const {
    const pqxx::oid type = rows().column_type(column);
    return !is_null(column) && (type == kInt8 || type == kInt4 || type == kInt2);
}

bool PgStatement::is_float(int column) const {
    const pqxx::oid type = rows().column_type(column);
    return !is_null(column) && (type == kFloat4 || type == kFloat8 || type == kNumeric);
}

bool PgStatement::is_bytes(int column) const {
    return !is_null(column) && rows().column_type(column) == kBytea;
}

std::string PgStatement::bytes(int column) const {
    const pqxx::binarystring value(rows()[row_][column]);
    return value.str();
}

int PgStatement::column_count() const {
    if (!result_) throw std::runtime_error("the statement has not run");
    return static_cast<int>(result_->columns());
}

std::string PgStatement::column_name(int column) const {
    if (!result_) throw std::runtime_error("the statement has not run");
    return result_->column_name(static_cast<pqxx::row::size_type>(column));
}

PgConnection::PgConnection(const std::string& url, const std::string& shown)
    : url_(url), shown_(shown) {
    connect();
}

void PgConnection::connect() {
    try {
        session_.reset();
        session_ = std::make_unique<Session>(url_);
        // Quiet NOTICEs ("relation already exists, skipping"), and UTC for any time function.
        session_->work.exec("SET client_min_messages = warning; SET TIME ZONE 'UTC'");
        for (auto& [sql, entry] : statements_) session_->connection.prepare(entry.name, entry.text);
    } catch (const std::exception& e) {
        // libpq's message names host and user, never the password.
        throw std::runtime_error("cannot connect to database " + shown_ + ": " + e.what());
    }
}

void PgConnection::reconnect_if_broken() {
    if (!broken_ || depth > 0) return;
    connect();
    broken_ = false;
}

// Out of line: Session is complete only here. statements_, declared after session_, go first.
PgConnection::~PgConnection() = default;

CachedStatement PgConnection::prepare(std::string_view sql) {
    reconnect_if_broken();
    auto found = statements_.find(sql);
    if (found == statements_.end()) {
        Entry entry;
        entry.name = "s";  // appended, not "s" + …: g++ 12 -O3 warns falsely (-Wrestrict)
        entry.name += std::to_string(++prepared_);
        entry.text = postgres_parameters(sql, &entry.parameters);
        try {
            session_->connection.prepare(entry.name, entry.text);
        } catch (const std::exception& e) {
            rethrow(e.what());
        }
        found = statements_.emplace(std::string(sql), std::move(entry)).first;
        found->second.statement =
            std::make_unique<PgStatement>(*this, found->second.name, found->second.parameters);
    }
    Entry& entry = found->second;
    if (entry.in_use) {
        auto fresh = std::make_unique<PgStatement>(*this, entry.name, entry.parameters);
        PgStatement* raw = fresh.get();
        return CachedStatement(raw, nullptr, std::move(fresh));
    }
    entry.in_use = true;
    return CachedStatement(entry.statement.get(), &entry.in_use, nullptr);
}

void PgConnection::exec(std::string_view sql) {
    reconnect_if_broken();
    try {
        session_->work.exec(std::string(sql));
    } catch (const std::exception& e) {
        rethrow(e.what());
    }
}

void PgConnection::forget_statements() {
    for (auto it = statements_.begin(); it != statements_.end();) {
        if (it->second.in_use) {
            ++it;
            continue;
        }
        try {
            session_->connection.unprepare(it->second.name);
        } catch (...) {  // the connection is gone: nothing left to free
        }
        it = statements_.erase(it);
    }
}

pqxx::result PgConnection::run_prepared(const std::string& name,
                                        const std::vector<std::optional<std::string>>& params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& param : params) values.push_back(param ? param->c_str() : nullptr);
    reconnect_if_broken();
    try {
        return session_->work.exec_prepared(name, pqxx::prepare::make_dynamic_params(values));
    } catch (const std::exception& e) {
        rethrow(e.what());
    }
}

void PgConnection::rethrow(const std::string& what) {
    if (depth > 0) aborted = true;
    try {
        throw;
    } catch (const pqxx::sql_error& e) {
        if (is_retryable(e.sqlstate())) throw PgBusy(what);
        throw std::runtime_error("database " + shown_ + ": " + what);
    } catch (const pqxx::transaction_rollback&) {  // serialization failure, deadlock
        throw PgBusy(what);
    } catch (const pqxx::broken_connection&) {
        broken_ = true;
        throw std::runtime_error("lost the connection to database " + shown_ + ": " + what);
    } catch (...) {
        throw std::runtime_error("database " + shown_ + ": " + what);
    }
}

}  // namespace ritualbot::storage
