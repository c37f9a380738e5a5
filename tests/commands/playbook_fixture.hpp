#pragma once
// A crew with a playbook on an in-memory database with a hand-moved clock (Friday 27 Nov 2026,
// 10:00 UTC), driven through the real command table as bot/ drives it.

#include <string>

#include "suggestions_fixture.hpp"

namespace ritualbot::test {

struct PlaybookFixture : SuggestFixture {
    commands::Reply playbook(std::string text, std::string user = "U1") {
        return run("/playbook", std::move(text), std::move(user));
    }
    commands::Reply outliers(std::string text, std::string user = "U1") {
        return run("/outliers", std::move(text), std::move(user));
    }
    std::int64_t procedure_id(const std::string& name_key) {
        return count("SELECT COALESCE(MAX(id), 0) FROM procedures WHERE name_key = '" + name_key +
                     "'");
    }
};

}  // namespace ritualbot::test
