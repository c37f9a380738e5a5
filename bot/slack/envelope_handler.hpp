#pragma once
// Where an acked Socket Mode envelope goes: the socket reads it, the handler (the bot's
// wiring, which routes it to the rituals) decides the ack's payload.

#include "bot/slack/envelope.hpp"

#include <nlohmann/json.hpp>

#include <functional>

namespace ritualbot::bot::slack {

// Sends the envelope's ack with this payload (null for a bare ack). Dropped when the
// connection closed meanwhile (Slack then redelivers what it redelivers).
using AckSender = std::function<void(const nlohmann::json& payload)>;

class EnvelopeHandler {
public:
    // Calls `ack` exactly once, on the io thread: at once, or after a short asynchronous
    // look-up that keeps within Slack's 3 s. Must not throw nor block for long.
    virtual void handle(const Envelope& envelope, AckSender ack) = 0;

protected:
    ~EnvelopeHandler() = default;
};

}  // namespace ritualbot::bot::slack
