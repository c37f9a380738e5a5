// Asio, Asio SSL and Beast compiled once for every target that links ritualbot_asio
// (BOOST_ASIO_SEPARATE_COMPILATION): saves ~20 s per Beast translation unit on two cores.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
