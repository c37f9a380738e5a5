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

}  // namespace

asio::awaitable<ApiResult> upload_chart(WebApiClient& api, nlohmann::json args) {
    const auto chart = commands::chart_from_json(args.value("chart", nlohmann::json()));
    if (!chart) co_return refused("the queued chart is not a trend chart");
    std::string png = commands::render::chart_png(*chart);

    nlohmann::json ask = {{"filename", args.value("filename", std::string("trend.png"))},
                          {"length", png.size()}};
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
