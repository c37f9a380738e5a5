// Wrong way: network code straight from a lower layer.
#include <boost/asio/steady_timer.hpp>
