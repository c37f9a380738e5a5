// The weekly review's defect clusters: exact spellings (cause_key), typos and a word added or
// left out merge; different defects that share one word do not.

#include <catch2/catch.hpp>

#include "commands/outliers/cause_clusters.hpp"

using namespace ritualbot::commands;

TEST_CASE("edit distance counts insertions deletions and substitutions", "[cause_clusters]") {
    CHECK(edit_distance("", "") == 0);
    CHECK(edit_distance("kitten", "sitting") == 3);
    CHECK(edit_distance("skiped", "skipped") == 1);
    CHECK(edit_distance("abc", "") == 3);
}

TEST_CASE("near duplicate causes are typos or mostly the same words", "[cause_clusters]") {
    CHECK(near_duplicate_causes("credit note step skipped", "credit note step skiped"));
    CHECK(near_duplicate_causes("credit note step skipped", "credit-note step skipped"));
    CHECK(near_duplicate_causes("credit note step skipped", "credit note skipped"));
    CHECK(near_duplicate_causes("vpn outage", "vpn outage"));
    CHECK_FALSE(near_duplicate_causes("vpn outage", "vpn password expired"));
    CHECK_FALSE(near_duplicate_causes("macro outdated", "macro missing"));
    CHECK_FALSE(near_duplicate_causes("sla", "slo"));  // too short for a typo to be safe
}

TEST_CASE("clusters merge spellings rank by size and list their procedures", "[cause_clusters]") {
    const std::vector<ritualbot::storage::ProcedureCause> causes = {
        {"Credit note step skipped", 10, "Refunds"},
        {"VPN outage", 20, ""},
        {"credit note step skiped", 30, "Refunds"},
        {"Credit note skipped", 40, "Credits"},
        {"vpn  outage", 50, ""},
        {"Credit note step skipped", 60, ""},
        {"Macro missing", 70, "Macros"},
    };
    const auto clusters = cluster_causes(causes);
    REQUIRE(clusters.size() == 3);
    CHECK(clusters[0].cause == "Credit note step skipped");
    CHECK(clusters[0].count == 4);
    CHECK(clusters[0].spellings == 3);
    CHECK(clusters[0].procedures == std::vector<std::string>{"Credits", "Refunds"});
    CHECK(clusters[1].cause == "vpn  outage");  // two spellings once each: the most recent
    CHECK(clusters[1].count == 2);
    CHECK(clusters[1].procedures.empty());
    CHECK(clusters[2].cause == "Macro missing");
    CHECK(cluster_causes({}).empty());
}
