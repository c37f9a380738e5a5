#pragma once
// Stands for a lower-layer header that includes a bot/ header.

#include "storage/database.hpp"
#include "bot/runtime/log.hpp"
