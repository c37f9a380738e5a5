// `ritualbot doctor`: what a person setting up the app wants checked, in plain words.

#include "bot/cli/doctor.hpp"

#include "bot/slack/tls.hpp"
#include "bot/slack/web_api_client.hpp"
#include "config/manifest.hpp"
#include "config/url.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <set>
#include <sstream>

namespace ritualbot::bot {

namespace asio = boost::asio;

namespace {

std::set<std::string> split_scopes(const std::string& comma_list) {
    std::set<std::string> scopes;
    std::stringstream stream(comma_list);
    for (std::string scope; std::getline(stream, scope, ',');) {
        const auto first = scope.find_first_not_of(' ');
        if (first != std::string::npos) scopes.insert(scope.substr(first));
    }
    return scopes;
}

std::vector<std::string> scopes_in_manifest() {
    const auto manifest = nlohmann::json::parse(config::manifest_json());
    return manifest.at("oauth_config").at("scopes").at("bot").get<std::vector<std::string>>();
}

struct Findings {
    bool ok = true;
    std::string text;
    void pass(const std::string& line) { text += "  ok    " + line + "\n"; }
    void fail(const std::string& line) {
        ok = false;
        text += "  FAIL  " + line + "\n";
    }
};

asio::awaitable<void> check(slack::WebApiClient& bot_api, slack::WebApiClient& app_api,
                            Findings& findings) {
    const slack::ApiResult identity = co_await bot_api.call("auth.test", {});
    if (identity.ok()) {
        findings.pass("bot token: team \"" + identity.body.value("team", "") + "\" (" +
                      identity.body.value("team_id", "") + "), bot user " +
                      identity.body.value("user_id", ""));
        const auto granted = split_scopes(identity.oauth_scopes);
        std::string missing;
        for (const std::string& scope : scopes_in_manifest()) {
            if (!granted.count(scope)) missing += (missing.empty() ? "" : ", ") + scope;
        }
        if (identity.oauth_scopes.empty()) {
            findings.fail("Slack did not report the token's scopes; cannot check them");
        } else if (missing.empty()) {
            findings.pass("bot scopes: all the manifest asks for are granted");
        } else {
            findings.fail("bot scopes missing: " + missing +
                          ". Add them under OAuth & Permissions (or re-create the app from "
                          "`ritualbot manifest`) and reinstall the app");
        }
    } else {
        findings.fail("bot token rejected by auth.test: " + identity.error);
    }

    const slack::ApiResult socket = co_await app_api.call("apps.connections.open", {});
    if (socket.ok()) {
        findings.pass("app token: Socket Mode connections can be opened");
    } else {
        findings.fail("app token: apps.connections.open answered " + socket.error +
                      " (the App-Level Token needs connections:write, and Socket Mode must be on)");
    }
}

}  // namespace

int run_doctor(const config::Settings& settings) {
    const auto api_url = config::parse_url(settings.api_url);
    if (!api_url) {
        std::fprintf(stderr, "SLACK_API_URL is not a URL: %s\n", settings.api_url.c_str());
        return 1;
    }
    asio::io_context io(1);
    auto tls = slack::make_client_tls_context(settings.ca_file);
    slack::WebApiClient bot_api(io.get_executor(), tls, *api_url, settings.bot_token);
    slack::WebApiClient app_api(io.get_executor(), tls, *api_url, settings.app_token);
    Findings findings;
    auto done = asio::co_spawn(io, check(bot_api, app_api, findings), asio::use_future);
    io.run();
    done.get();
    std::printf("ritualbot doctor (Slack API at %s)\n%s", settings.api_url.c_str(),
                findings.text.c_str());
    std::printf(findings.ok ? "All checks passed.\n" : "Some checks failed; see above.\n");
    return findings.ok ? 0 : 1;
}

}  // namespace ritualbot::bot
