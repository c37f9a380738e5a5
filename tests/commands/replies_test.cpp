// The small reply builders: counts are grouped by thousands as people read them.

#include "commands/replies.hpp"

#include <catch2/catch.hpp>

using ritualbot::commands::with_thousands;

TEST_CASE("counts are grouped by thousands") {
    CHECK(with_thousands(0) == "0");
    CHECK(with_thousands(999) == "999");
    CHECK(with_thousands(1000) == "1,000");
    CHECK(with_thousands(8412) == "8,412");
    CHECK(with_thousands(1234567) == "1,234,567");
    CHECK(with_thousands(-1234) == "-1,234");
    CHECK(with_thousands(-123) == "-123");
}
