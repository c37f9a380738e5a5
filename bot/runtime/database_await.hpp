#pragma once
// co_await a database call from a coroutine on the io thread (database_calls.hpp): inline, the
// call runs at once and the coroutine goes on without suspending; threaded, the coroutine waits
// on the io thread, without blocking it, for the database thread's answer. A call that throws
// throws std::runtime_error with its error here (after DatabaseCalls logged it).
//
// The coroutine is suspended while the call runs, so the call may use the coroutine's locals by
// reference. While a call is under way, the io_context's run() does not return (the answer is
// counted as outstanding work), so a coroutine finishing at shutdown (a last lease release)
// still gets its answer.

#include "bot/runtime/database_calls.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace ritualbot::bot {

namespace detail {

// Starts `work` on the database thread; `handler` (the suspended coroutine) is completed on the
// io thread with its result or its error.
struct StartDatabaseCall {
    DatabaseCalls* calls;
    const char* name;

    template <typename Handler, typename Work>
    void operator()(Handler handler, Work work) const {
        using Result = std::invoke_result_t<Work&, storage::Database&>;
        const boost::asio::any_io_executor tracked =
            boost::asio::prefer(boost::asio::get_associated_executor(handler),
                                boost::asio::execution::outstanding_work.tracked);
        auto waiting = std::make_shared<Handler>(std::move(handler));
        if constexpr (std::is_void_v<Result>) {
            calls->run(
                name, std::move(work),
                [waiting, tracked] {
                    Handler resume = std::move(*waiting);
                    resume(std::exception_ptr());
                },
                [waiting, tracked](const std::string& error) {
                    Handler resume = std::move(*waiting);
                    resume(std::make_exception_ptr(std::runtime_error(error)));
                });
        } else {
            calls->run(
                name, std::move(work),
                [waiting, tracked](Result result) {
                    Handler resume = std::move(*waiting);
                    resume(std::exception_ptr(), std::move(result));
                },
                [waiting, tracked](const std::string& error) {
                    Handler resume = std::move(*waiting);
                    resume(std::make_exception_ptr(std::runtime_error(error)), Result{});
                });
        }
    }
};

}  // namespace detail

// `work(storage::Database&)` on the database side; its result here. `name` must be a literal
// (it names the call in logs).
template <typename Work>
boost::asio::awaitable<std::invoke_result_t<Work&, storage::Database&>> on_database_side(
    DatabaseCalls& calls, const char* name, Work work) {
    using Result = std::invoke_result_t<Work&, storage::Database&>;
    if (!calls.threaded()) {
        if constexpr (std::is_void_v<Result>) {
            work(calls.database());
            co_return;
        } else {
            co_return work(calls.database());
        }
    }
    if constexpr (std::is_void_v<Result>) {
        co_await boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&,
                                             void(std::exception_ptr)>(
            detail::StartDatabaseCall{&calls, name}, boost::asio::use_awaitable, std::move(work));
    } else {
        co_return co_await boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&,
                                                       void(std::exception_ptr, Result)>(
            detail::StartDatabaseCall{&calls, name}, boost::asio::use_awaitable, std::move(work));
    }
}

}  // namespace ritualbot::bot
