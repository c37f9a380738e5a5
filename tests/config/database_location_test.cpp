#include <catch2/catch.hpp>

#include <string>

#include "config/database_location.hpp"

using ritualbot::config::DatabaseEngine;
using ritualbot::config::mask_database_url;
using ritualbot::config::parse_database_location;

TEST_CASE("RITUALBOT_DB: only the scheme picks the engine") {
    struct Row {
        const char* text;
        DatabaseEngine engine;
        const char* target;
    };
    const Row rows[] = {
        {"./ritualbot.db", DatabaseEngine::sqlite, "./ritualbot.db"},
        {"/var/lib/ritualbot/db", DatabaseEngine::sqlite, "/var/lib/ritualbot/db"},
        {"sqlite:///var/lib/ritualbot/db", DatabaseEngine::sqlite, "/var/lib/ritualbot/db"},
        {"sqlite://relative.db", DatabaseEngine::sqlite, "relative.db"},
        {"data:2026.db", DatabaseEngine::sqlite, "data:2026.db"},  // a colon, but no URL
        {"postgresql://bot@db.internal/ritualbot", DatabaseEngine::postgresql,
         "postgresql://bot@db.internal/ritualbot"},
        {"postgres://db/rb", DatabaseEngine::postgresql, "postgres://db/rb"},
        {"POSTGRESQL://db/rb", DatabaseEngine::postgresql, "POSTGRESQL://db/rb"},
        {"postgresql://", DatabaseEngine::postgresql, "postgresql://"},  // all from PG*
    };
    for (const Row& row : rows) {
        INFO(row.text);
        const auto location = parse_database_location(row.text);
        REQUIRE(location);
        CHECK(location->engine == row.engine);
        CHECK(location->target == row.target);
    }
}

TEST_CASE("RITUALBOT_DB: an unknown scheme or an empty path is refused") {
    for (const char* text : {"", "mysql://db/rb", "sqlite://", "http://db/rb"}) {
        INFO(text);
        CHECK_FALSE(parse_database_location(text));
    }
}

TEST_CASE("a PostgreSQL URL is shown without its password") {
    CHECK(mask_database_url("postgresql://bot:s3cret@db:5432/rb") ==
          "postgresql://bot:***@db:5432/rb");
    CHECK(mask_database_url("postgresql://bot@db/rb") == "postgresql://bot@db/rb");
    CHECK(mask_database_url("postgresql://db/rb?user=bot&password=s3cret&sslmode=require") ==
          "postgresql://db/rb?user=bot&password=***&sslmode=require");
    CHECK(mask_database_url("postgresql://bot:p%40ss@db/rb?password=x") ==
          "postgresql://bot:***@db/rb?password=***");
    const auto location = parse_database_location("postgresql://bot:s3cret@db/rb");
    REQUIRE(location);
    CHECK(location->shown.find("s3cret") == std::string::npos);
    CHECK(location->target.find("s3cret") != std::string::npos);  // libpq needs it
}
