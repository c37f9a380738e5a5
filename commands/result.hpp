#pragma once
// Expected outcomes in commands/ (bad syntax, out of range, not found) are values, not
// exceptions: a Result holds either the value or an Error whose message is written for the person
// who typed the command, so it can go straight into an ephemeral reply.
//
// The surface mirrors std::optional (has_value, operator bool, operator*, ->) so call sites read
// the same; error() is the extra. std::expected would do this, but it is C++23.

#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace ritualbot::commands {

struct Error {
    std::string message;  // Slack mrkdwn, user text already escaped
};

template <class T>
class Result {
public:
    Result(T value) : state_(std::move(value)) {}
    Result(Error error) : state_(std::move(error)) {}

    bool has_value() const { return std::holds_alternative<T>(state_); }
    explicit operator bool() const { return has_value(); }

    // Reading the value of a failed Result is a bug in the caller, hence an exception.
    const T& value() const& {
        check();
        return std::get<T>(state_);
    }
    T& value() & {
        check();
        return std::get<T>(state_);
    }
    T&& value() && {
        check();
        return std::get<T>(std::move(state_));
    }
    const T& operator*() const& { return value(); }
    T& operator*() & { return value(); }
    const T* operator->() const { return &value(); }
    T* operator->() { return &value(); }

    // Empty when the Result holds a value.
    const std::string& error() const {
        static const std::string kNone;
        return has_value() ? kNone : std::get<Error>(state_).message;
    }

private:
    void check() const {
        if (!has_value()) {
            throw std::logic_error("Result::value() on an error: " + error());
        }
    }

    std::variant<T, Error> state_;
};

}  // namespace ritualbot::commands
