#pragma once
// Stands for a lower-layer header that includes Asio for some type of its own.

#include "storage/database.hpp"

#include <boost/asio.hpp>
