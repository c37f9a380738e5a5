#pragma once
// Throw-away X.509 material for the emulator's loopback TLS (tests and `ritualbot sandbox`):
// a self-signed CA and a server certificate it signs, generated with the OpenSSL 3 C API at
// every start and written as PEM files, so no key ever ships with the binary.
// Keys are P-256; certificates are valid from now-1h to now+1d. Pure functions, no shared
// state: safe to call from any thread.

#include <string>
#include <vector>

namespace ritualbot::emulator {

struct CertificateSet {
    std::string ca_file;    // PEM certificate of the CA (what a client should trust)
    std::string cert_file;  // PEM server certificate signed by that CA
    std::string key_file;   // PEM private key of the server certificate
};

struct CertificateOptions {
    std::string ca_name = "ritualbot sandbox CA";
    // subjectAltName entries in OpenSSL config syntax ("IP:127.0.0.1", "DNS:localhost").
    std::vector<std::string> subject_alt_names = {"IP:127.0.0.1", "DNS:localhost"};
    std::string
        file_prefix;  // files are <dir>/<prefix>ca.pem, <prefix>server.pem, <prefix>server.key
};

// Creates a fresh CA and a server certificate for 127.0.0.1/localhost in `dir` (which must
// exist). Throws std::runtime_error naming the failing OpenSSL step.
CertificateSet make_certificates(const std::string& dir,
                                 const std::string& ca_name = "ritualbot sandbox CA");
CertificateSet make_certificates(const std::string& dir, const CertificateOptions& options);

}  // namespace ritualbot::emulator
