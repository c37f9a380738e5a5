// The right way, compiled with the same flags as the wrong-way probe: an emulator/ file may
// include itself, config/ and the network libraries.
#include "config/url.hpp"
#include "emulator/emulator.hpp"

#include <boost/asio/io_context.hpp>
