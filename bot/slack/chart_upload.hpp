#pragma once
// A chart.upload outbox row carried out as Slack's file upload (files.upload is retired): draw
// the trend picture (render/chart_png), files.getUploadURLExternal (filename, length, alt_txt),
// POST the bytes to the signed upload URL, files.completeUploadExternal into the channel with
// the comment. Returns the first failed step's result, or the last call's; the sender retries
// the row as a whole (an upload never completed is discarded by Slack). Runs on the io thread.

#include "bot/slack/web_api_client.hpp"

namespace ritualbot::bot::slack {

// `args` is chart_share_args (outbox_writer.hpp).
boost::asio::awaitable<ApiResult> upload_chart(WebApiClient& api, nlohmann::json args);

}  // namespace ritualbot::bot::slack
