// Wrong way: TLS straight from a lower layer.
#include <openssl/ssl.h>
