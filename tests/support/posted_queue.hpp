#pragma once
// The io thread of tests of thread-owning runtime pieces (the worker, the database calls): what
// they post is queued here and run by the test thread in run_until().

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>

namespace ritualbot::test {

class PostedQueue {
public:
    std::function<void(std::function<void()>)> post() {
        return [this](std::function<void()> f) {
            {
                const std::lock_guard lock(mutex_);
                posted_.push_back(std::move(f));
            }
            wake_.notify_one();
        };
    }

    // Runs posted functions until `done()` holds; false when it still does not after `timeout`.
    template <typename Done>
    bool run_until(Done done, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!done()) {
            std::unique_lock lock(mutex_);
            if (!wake_.wait_until(lock, deadline, [this] { return !posted_.empty(); }))
                return false;
            auto f = std::move(posted_.front());
            posted_.pop_front();
            lock.unlock();
            f();
        }
        return true;
    }

    std::size_t waiting() {
        const std::lock_guard lock(mutex_);
        return posted_.size();
    }

private:
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> posted_;
};

}  // namespace ritualbot::test
