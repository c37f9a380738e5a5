#pragma once
// Where an acked Socket Mode envelope goes: the socket reads it, the handler (the bot's
// wiring, which routes it to the rituals) decides the ack's payload.

#include "bot/slack/envelope.hpp"

#include <nlohmann/json.hpp>

namespace ritualbot::bot::slack {

class EnvelopeHandler {
public:
    // Returns the ack payload for the envelope (null for a bare ack). Called on the io
    // thread; must not throw nor block for long.
    virtual nlohmann::json handle(const Envelope& envelope) = 0;

protected:
    ~EnvelopeHandler() = default;
};

}  // namespace ritualbot::bot::slack
