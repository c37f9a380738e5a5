#include "bot/slack/chart_upload.hpp"

#include "commands/outliers/trend_chart.hpp"
#include "commands/render/chart_png.hpp"

namespace ritualbot::bot::slack {

namespace asio = boost::asio;

namespace {

ApiResult refused(std::string why) {
    ApiResult result;
    result.kind = ApiErrorKind::slack_error;
    result.error = std::move(why);
    return result;
}

constexpr int kHistoryPages = 10;  // up to 2,000 messages since the row was queued

// The ts of a message in `history` that shares a file named `filename` (trend-<date>.png, the
// name the bot gives its picture of that week).
std::optional<std::string> shared_in(const nlohmann::json& history, const std::string& filename) {
    for (const auto& message : history.value("messages", nlohmann::json::array())) {
        const auto files = message.find("files");
        if (files == message.end() || !files->is_array()) continue;
        for (const auto& file : *files) {
            if (file.is_object() && file.value("name", std::string()) == filename)
                return message.value("ts", std::string());
        }
    }
    return std::nullopt;
}

}  // namespace

asio::awaitable<ApiResult> upload_chart(WebApiClient& api, nlohmann::json args,
                                        std::optional<std::int64_t> retry_of_row_since_ms) {
    const std::string filename = args.value("filename", std::string("trend.png"));
    if (retry_of_row_since_ms) {
        const nlohmann::json query = {
            {"channel", args.value("channel_id", std::string())},
            {"oldest", std::to_string(*retry_of_row_since_ms / 1000 - 1)},
            {"limit", 200}};
        ApiResult history =
            co_await api.paginate("conversations.history", query, "messages", kHistoryPages);
        // Slack busy: look again on the next retry. History refused for good (a missing
        // scope): a second picture is better than none.
        if (history.retryable() || history.kind == ApiErrorKind::auth) co_return history;
        const auto ts = history.ok() ? shared_in(history.body, filename) : std::nullopt;
        if (ts) {
            history.body = {{"ok", true}, {"ts", *ts}};
            co_return history;
        }
    }
    const auto chart = commands::chart_from_json(args.value("chart", nlohmann::json()));
    if (!chart) co_return refused("the queued chart is not a trend chart");
    std::string png = commands::render::chart_png(*chart);

    nlohmann::json ask = {{"filename", filename}, {"length", png.size()}};
    const std::string alt_text = args.value("alt_txt", std::string());
    if (!alt_text.empty()) ask["alt_txt"] = alt_text;
    const std::string get_url = "files.getUploadURLExternal";
    const ApiResult granted = co_await api.call(get_url, ask);
    if (!granted.ok()) co_return granted;
    const std::string upload_url = granted.body.value("upload_url", std::string());
    const std::string file_id = granted.body.value("file_id", std::string());
    if (upload_url.empty() || file_id.empty())
        co_return refused("files.getUploadURLExternal gave no upload_url or file_id");

    const ApiResult sent = co_await api.upload(upload_url, std::move(png));
    if (!sent.ok()) co_return sent;

    nlohmann::json complete = {
        {"files",
         nlohmann::json::array({{{"id", file_id}, {"title", args.value("title", std::string())}}})},
        {"channel_id", args.value("channel_id", std::string())}};
    const std::string comment = args.value("initial_comment", std::string());
    if (!comment.empty()) complete["initial_comment"] = comment;
    const std::string complete_upload = "files.completeUploadExternal";
    co_return co_await api.call(complete_upload, complete);
}

}  // namespace ritualbot::bot::slack
