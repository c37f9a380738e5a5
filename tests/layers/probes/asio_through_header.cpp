// Wrong way, one header removed: a lower-layer header that pulls in Asio.
#include "pulls_in_asio.hpp"
