// Wrong way, one header removed: a lower-layer header that pulls in the bot.
#include "pulls_in_bot.hpp"
