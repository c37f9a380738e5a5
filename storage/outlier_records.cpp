#include "storage/outlier_records.hpp"

#include <SQLiteCpp/Statement.h>

#include "storage/column_values.hpp"

namespace ritualbot::storage {
namespace {

constexpr const char* kColumns =
    "channel, id, digest_date, kind, metric, dimension, segment, why, created_at";

OutlierRecord read_record(CachedStatement& query) {
    OutlierRecord record;
    read_columns(query, record.channel, record.id, record.digest_date, record.kind, record.metric,
                 record.dimension, record.segment, record.why, record.created_at);
    return record;
}

}  // namespace

bool OutlierRecords::insert(const OutlierRecord& record) {
    CachedStatement insert = db_.prepare(std::string("INSERT INTO outlier_records (") + kColumns +
                                         ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                                         "ON CONFLICT DO NOTHING");
    bind(*insert, record.channel, record.id, record.digest_date, record.kind, record.metric,
         record.dimension, record.segment, record.why, record.created_at);
    return insert->exec() == 1;
}

void OutlierRecords::update_why(const std::string& channel, const std::string& id,
                                const std::string& why) {
    CachedStatement update =
        db_.prepare("UPDATE outlier_records SET why = ? WHERE channel = ? AND id = ?");
    bind(*update, why, channel, id);
    update->exec();
}

std::vector<OutlierRecord> OutlierRecords::for_date(const std::string& channel,
                                                    const std::string& date) {
    CachedStatement query = db_.prepare(std::string("SELECT ") + kColumns +
                                        " FROM outlier_records WHERE channel = ? AND "
                                        "digest_date = ? ORDER BY created_at, id");
    bind(*query, channel, date);
    std::vector<OutlierRecord> records;
    while (query->executeStep()) records.push_back(read_record(*query));
    return records;
}

std::optional<OutlierRecord> OutlierRecords::find(const std::string& channel,
                                                  const std::string& id) {
    CachedStatement query = db_.prepare(std::string("SELECT ") + kColumns +
                                        " FROM outlier_records WHERE channel = ? AND id = ?");
    bind(query, channel, id);
    if (!query.executeStep()) return std::nullopt;
    return read_record(query);
}

}  // namespace ritualbot::storage
