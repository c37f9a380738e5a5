// Wrong way: network code straight from a lower layer.
#include <boost/beast/http.hpp>
