#pragma once
// A chart.upload outbox row carried out as Slack's file upload (files.upload is retired): draw
// the trend picture (render/chart_png), files.getUploadURLExternal (filename, length, alt_txt),
// POST the bytes to the signed upload URL, files.completeUploadExternal into the channel with
// the comment. Returns the first failed step's result, or the last call's; the sender retries
// the row (an upload never completed is discarded by Slack). Runs on the io thread.
// On a retry, Slack may have shared the picture already and only its answer was lost (an
// internal error or a timeout after the call went out): the channel's history since the row
// was queued is read first, and a picture of the same file name there ends the row, with that
// message's ts, instead of sharing it twice. While the history is unavailable for a while,
// the row waits for its next retry; when it is refused for good, the picture is uploaded.

#include "bot/slack/web_api_client.hpp"

#include <cstdint>
#include <optional>

namespace ritualbot::bot::slack {

// `args` is chart_share_args (outbox_writer.hpp). `retry_of_row_since_ms`: set on a retry, when
// the row was queued (unix ms).
boost::asio::awaitable<ApiResult> upload_chart(WebApiClient& api, nlohmann::json args,
                                               std::optional<std::int64_t> retry_of_row_since_ms);

}  // namespace ritualbot::bot::slack
