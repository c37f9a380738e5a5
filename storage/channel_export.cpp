#include "storage/channel_export.hpp"

namespace ritualbot::storage {
namespace {

nlohmann::json rows(Database& db, const std::string& sql, const std::string& channel) {
    CachedStatement query = db.prepare(sql);
    query.bind(1, channel);
    nlohmann::json out = nlohmann::json::array();
    while (query.executeStep()) {
        nlohmann::json row = nlohmann::json::object();
        for (int i = 0; i < query.getColumnCount(); ++i) {
            const Column column = query.getColumn(i);
            const std::string name = query.getColumnName(i);
            if (column.isNull()) {
                row[name] = nullptr;
            } else if (column.isInteger()) {
                row[name] = column.getInt64();
            } else if (column.isFloat()) {
                row[name] = column.getDouble();
            } else {
                row[name] = column.getString();
            }
        }
        out.push_back(std::move(row));
    }
    return out;
}

}  // namespace

nlohmann::json export_channel(Database& db, const std::string& channel) {
    const auto all = [&](const std::string& table) {
        return rows(db, "SELECT * FROM " + table + " WHERE channel = ?1", channel);
    };
    return {
        {"channel", channel},
        {"schema_version", db.schema_version()},
        {"settings", all("channel_settings")},
        {"setting_changes", all("setting_changes")},
        {"paused", all("channel_pauses")},
        {"admins", all("channel_admins")},
        {"captain",
         {{"rotation", all("captain_rotation")},
          {"roster",
           rows(db, "SELECT * FROM captain_roster WHERE channel = ?1 ORDER BY position", channel)},
          {"shifts", rows(db, "SELECT * FROM captain_shifts WHERE channel = ?1 ORDER BY start_date",
                          channel)},
          {"overrides", all("captain_overrides")},
          {"holidays", all("captain_holidays")}}},
        {"suggestions",
         {{"settings", all("suggestion_settings")},
          {"rounds",
           rows(db, "SELECT * FROM suggestion_rounds WHERE channel = ?1 ORDER BY number", channel)},
          {"suggestions",
           rows(
               db,
               "SELECT id, round_id, CASE WHEN anonymous <> 0 THEN NULL ELSE author END AS author, "
               "anonymous, text, procedure, procedure_id, state, created_at FROM suggestions "
               "WHERE channel = ?1 ORDER BY id",
               channel)},
          {"vote_counts",
           rows(db,
                "SELECT v.round_id, v.suggestion_id, COUNT(*) AS votes FROM suggestion_votes v "
                "JOIN suggestions s ON s.id = v.suggestion_id WHERE s.channel = ?1 "
                "GROUP BY v.round_id, v.suggestion_id ORDER BY v.round_id, v.suggestion_id",
                channel)},
          {"improvements", all("improvements")}}},
        {"outliers",
         {{"settings", all("outlier_settings")},
          {"records", all("outlier_records")},
          {"investigations", all("investigations")},
          {"ticket_count",
           rows(db, "SELECT COUNT(*) AS tickets FROM tickets WHERE channel = ?1", channel)
               .at(0)
               .at("tickets")}}},
        {"playbook",
         {{"procedures", all("procedures")},
          {"history", all("procedure_history")},
          {"customer_voices", all("customer_voices")}}},
        {"incidents",
         {{"reviews", all("incidents")},
          {"notes", rows(db,
                         "SELECT n.* FROM incident_notes n JOIN incidents i ON i.id = "
                         "n.incident_id WHERE i.channel = ?1 ORDER BY n.id",
                         channel)},
          {"contributors",
           rows(db,
                "SELECT c.* FROM incident_contributors c JOIN incidents i ON i.id = "
                "c.incident_id WHERE i.channel = ?1 ORDER BY c.incident_id, c.first_at",
                channel)}}},
        {"scheduled_runs", all("scheduled_runs")},
        {"audit_log", rows(db, "SELECT * FROM audit_log WHERE channel = ?1 ORDER BY id", channel)},
    };
}

}  // namespace ritualbot::storage
