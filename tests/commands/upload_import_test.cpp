// The rules of an import uploaded to Slack: the words after `import`, the files refused before
// a download, and the threaded answer.

#include <catch2/catch.hpp>

#include <sstream>

#include "commands/ticket_data/upload_import.hpp"
#include "support/test_database.hpp"

namespace rc = ritualbot::commands;
namespace rs = ritualbot::storage;
using Catch::Contains;

TEST_CASE("import request words: a preset - a map - or nothing", "[upload]") {
    CHECK_FALSE(rc::parse_import_request("help"));
    CHECK_FALSE(rc::parse_import_request("imports"));
    auto plain = rc::parse_import_request("import");
    REQUIRE(plain);
    REQUIRE(*plain);
    CHECK((*plain)->preset.empty());
    CHECK((*plain)->map.empty());

    auto zendesk = rc::parse_import_request("Import Zendesk");
    REQUIRE((zendesk && *zendesk));
    CHECK((*zendesk)->preset == "zendesk");

    auto mapped =
        rc::parse_import_request("import map \u201Cid=Ticket, created_at=Opened &amp; logged\u201D");
    REQUIRE((mapped && *mapped));
    REQUIRE((*mapped)->map.size() == 2);
    CHECK((*mapped)->map[1].header == "Opened & logged");  // unescaped, unquoted

    auto wrong = rc::parse_import_request("import <@U1>");
    REQUIRE(wrong);
    CHECK_FALSE(*wrong);
    CHECK_THAT(wrong->error(), Contains("preset") && Contains("&lt;@U1&gt;"));
    CHECK_FALSE(*rc::parse_import_request("import zendesk please"));
    CHECK_THAT(rc::parse_import_request("import map nope")->error(), Contains("FIELD=COLUMN"));
}

TEST_CASE("uploads refused before a download: not a CSV - over the size limit", "[upload]") {
    CHECK_FALSE(rc::refuse_upload({"F1", "tickets.csv", "csv", "text/csv", 1000}));
    CHECK_FALSE(rc::refuse_upload({"F1", "export.CSV", "text", "text/plain", {}}));
    const auto pdf = rc::refuse_upload({"F1", "report.pdf", "pdf", "application/pdf", 1000});
    REQUIRE(pdf);
    CHECK_THAT(*pdf, Contains("report.pdf") && Contains("not a CSV") && Contains("Nothing"));
    const auto big =
        rc::refuse_upload({"F1", "all.csv", "csv", "text/csv", rc::kMaxUploadBytes + 1});
    REQUIRE(big);
    CHECK_THAT(*big, Contains("20 MB") && Contains("Nothing was imported"));
    CHECK(rc::refuse_content({"F1", "x.csv", "csv", "text/csv", 3}, std::string("a\0b", 3)));
    CHECK_FALSE(rc::refuse_content({"F1", "x.csv", "csv", "text/csv", 3}, "a,b"));
}

TEST_CASE("the threaded answer: summary - the first 20 rejected lines - then a count",
          "[upload]") {
    rs::Database db = ritualbot::test::test_database();
    std::string csv = "id,created_at,csat\n1,2026-11-20T09:00:00Z,5\n";
    for (int i = 0; i < 25; ++i) {
        csv.append("<b").append(std::to_string(i)).append(">,2026-11-20T09:00:00Z,9\n");
    }
    std::istringstream in(csv);
    const auto report = rc::import_tickets_csv(db, "C1", in);
    const rc::UploadedFile file{"F1", "a<b>.csv", "csv", "text/csv", csv.size()};
    const std::string text = rc::upload_reply_text(file, report, nullptr);
    CHECK_THAT(text, Contains("Imported *a&lt;b&gt;.csv*: 1 ticket, created 2026-11-20."));
    CHECK_THAT(text, Contains("csat present on 100%"));
    CHECK_THAT(text, Contains("25 lines were rejected"));
    CHECK_THAT(text, Contains("• line 3: csat") && Contains("• line 22:"));
    CHECK_THAT(text, !Contains("• line 23:"));
    CHECK_THAT(text, Contains("…and 5 more."));

    std::istringstream header_only("Ticket,Opened\nA,2026\n");
    const auto refused = rc::import_tickets_csv(db, "C1", header_only);
    CHECK_THAT(rc::upload_reply_text(file, refused, nullptr),
               Contains("Nothing was imported from *a&lt;b&gt;.csv*: the header has no id"));
}
