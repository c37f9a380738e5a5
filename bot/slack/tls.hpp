#pragma once
// TLS set-up shared by the Web API client and the Socket Mode client: peer verification is
// always on (system store plus RITUALBOT_CA_FILE), and the expected host name or IP is set on
// each connection so a mismatch is reported as such.

#include <boost/asio/ssl/context.hpp>

#include <string>

namespace ritualbot::bot::slack {

// Throws std::runtime_error naming the file when the extra CA cannot be loaded.
boost::asio::ssl::context make_client_tls_context(const std::string& extra_ca_file);

// SNI (for host names only, never IP literals) and the name the certificate must carry.
// Returns false when OpenSSL refused either setting.
bool expect_peer_name(SSL* ssl, const std::string& host);

// "certificate verify failed (self-signed certificate in certificate chain)": the error code's
// text plus OpenSSL's verification verdict when there is one.
std::string describe_tls_error(const boost::system::error_code& ec, SSL* ssl);

}  // namespace ritualbot::bot::slack
