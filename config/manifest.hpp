#pragma once

// The Slack app manifest for ritualbot as a Socket Mode app: what `ritualbot manifest` prints
// and what a workspace admin pastes into "Create New App > From a manifest".
// config/slack-app-manifest.json is the single source; the build embeds it verbatim.
// Immutable data; safe from any thread.

#include <string_view>

namespace ritualbot::config {

// The manifest as JSON text, exactly as in config/slack-app-manifest.json.
std::string_view manifest_json();

}  // namespace ritualbot::config
