#pragma once
// The helpdesk connectors' HTTPS client: GET a URL of a Zendesk or Freshdesk account with that
// helpdesk's credentials (Zendesk: basic auth "EMAIL/token:TOKEN"; Freshdesk: the API key as
// user, "X" as password). Certificates are checked against the system store plus
// RITUALBOT_CA_FILE, so tests point a source at a fake over loopback TLS. Every step has a
// deadline; a failure is an HttpReply with status 0 and the reason, never an exception.
// Credentials never appear in a reply, an error or a log line.
// Blocking: it runs its own io_context on the calling thread (the worker, or the CLI), never
// on the bot's io thread. One client per thread.

#include <memory>
#include <string>

#include "commands/connectors/sync_step.hpp"
#include "config/settings.hpp"

namespace ritualbot::bot::connectors {

class HelpdeskClient final : public commands::HelpdeskFetcher {
public:
    // Throws std::runtime_error naming the file when RITUALBOT_CA_FILE cannot be loaded.
    explicit HelpdeskClient(const config::Settings& settings);
    ~HelpdeskClient() override;
    HelpdeskClient(const HelpdeskClient&) = delete;
    HelpdeskClient& operator=(const HelpdeskClient&) = delete;

    commands::HttpReply get(const std::string& kind, const std::string& url) override;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Empty when the server has what `kind` needs; else which settings are missing.
std::string missing_credentials(const config::Settings& settings, const std::string& kind);

}  // namespace ritualbot::bot::connectors
