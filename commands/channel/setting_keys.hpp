#pragma once
// Every setting of a channel, one row each (setting_keys.cpp): its dotted key, the ritual it
// shapes, how a value is read from the command's tokens and validated, how it is written and
// read back, and its help line. `/ritual config set KEY VALUE` and the per-ritual `config`
// shortcuts (`/captain config tz …`, `/suggest config votes …`, `/outliers config time …`)
// all go through this table (config_commands.hpp), so a value has one validator whatever the
// way in. A new setting is one new row. Pure data and functions; the table is built once.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "commands/command_table.hpp"
#include "commands/result.hpp"
#include "commands/tokenizer.hpp"
#include "storage/database.hpp"

namespace ritualbot::commands {

// A validated value, ready to be written inside the caller's transaction.
struct SettingValue {
    std::function<void(storage::Database&, const std::string& channel, std::int64_t now_ms)> write;
    std::string shown;  // the new value as a reply shows it (mrkdwn, user text escaped)
};

struct SettingKey {
    std::string name;    // "captain.period"; the part before the dot is the ritual it shapes
    std::string values;  // the accepted values, for help: "daily|weekly"
    std::string help;    // one line: what the setting changes
    // The value's tokens (everything after the key), validated; or the key's own error.
    std::function<Result<SettingValue>(const std::vector<Token>& value)> parse;
    // The current value as shown (mrkdwn); the defaults when the channel never set it.
    std::function<std::string(storage::Database&, const std::string& channel)> read;
    // The captain's rotation depends on it: shifts that have started are settled before the
    // change, so it shapes only the shifts to come.
    bool shapes_rotation = false;
    // Beyond being an admin, what setting this key asks of the person: the refusal, or a note
    // for the reply (may be empty). Unset: nothing more.
    std::function<Result<std::string>(const Context&, const Request&, const std::vector<Token>&)>
        authorize{};

    // "captain" for "captain.period"; empty for keys every ritual shares (tz, metric).
    std::string_view ritual() const;
};

// In the order `/ritual config show` lists them.
const std::vector<SettingKey>& setting_keys();
// Case-insensitive; nullptr when there is no such key.
const SettingKey* find_setting_key(std::string_view name);

// The metrics a crew may make its one customer-centric metric (`metric`).
inline constexpr std::string_view kCrewMetrics[] = {"resolution", "first_response", "low_csat_rate",
                                                    "recontact_rate"};

}  // namespace ritualbot::commands
