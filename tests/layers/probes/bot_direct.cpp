// Wrong way: the bot straight from a lower layer.
#include "bot/slack/envelope.hpp"
