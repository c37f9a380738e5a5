#include "bot/slack/tls.hpp"

#include <boost/asio/ip/address.hpp>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace ritualbot::bot::slack {
namespace {

// The system store as a hashed directory (c_rehash links such as 3513523f.0, which Debian's
// ca-certificates maintains), or empty when there is none.
std::string hashed_cert_dir() {
    const char* from_env = std::getenv(X509_get_default_cert_dir_env());
    const std::filesystem::path dir = from_env != nullptr ? from_env : X509_get_default_cert_dir();
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        if (entry.path().extension() == ".0") return dir.string();
    }
    return {};
}

// Looking roots up in the hashed directory loads only the one a handshake needs; loading the
// whole bundle (~140 certificates) cost 0.6 MiB of resident memory and 236 million
// instructions at start-up (measured on Debian bookworm).
void trust_system_store(boost::asio::ssl::context& context) {
    const std::string dir = hashed_cert_dir();
    if (dir.empty() || std::getenv(X509_get_default_cert_file_env()) != nullptr ||
        SSL_CTX_load_verify_dir(context.native_handle(), dir.c_str()) != 1) {
        context.set_default_verify_paths();
    }
}

}  // namespace

boost::asio::ssl::context make_client_tls_context(const std::string& extra_ca_file) {
    namespace ssl = boost::asio::ssl;
    ssl::context context(ssl::context::tls_client);
    context.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                        ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                        ssl::context::no_tlsv1_1);
    trust_system_store(context);
    if (!extra_ca_file.empty()) {
        boost::system::error_code ec;
        context.load_verify_file(extra_ca_file, ec);
        if (ec) {
            throw std::runtime_error("cannot load the CA file " + extra_ca_file +
                                     " (RITUALBOT_CA_FILE): " + ec.message());
        }
    }
    context.set_verify_mode(ssl::verify_peer);
    return context;
}

bool expect_peer_name(SSL* ssl, const std::string& host) {
    boost::system::error_code ec;
    boost::asio::ip::make_address(host, ec);
    if (!ec) {
        return X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str()) == 1;
    }
    return SSL_set_tlsext_host_name(ssl, host.c_str()) == 1 && SSL_set1_host(ssl, host.c_str()) == 1;
}

std::string describe_tls_error(const boost::system::error_code& ec, SSL* ssl) {
    std::string text = ec.message();
    const long verdict = ssl ? SSL_get_verify_result(ssl) : X509_V_OK;
    if (verdict != X509_V_OK) {
        text += " (";
        text += X509_verify_cert_error_string(verdict);
        text += ")";
    }
    return text;
}

}  // namespace ritualbot::bot::slack
