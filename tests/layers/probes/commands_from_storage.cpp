// Wrong way: storage/ reaching up into commands/.
#include "commands/clock.hpp"
