#include "emulator/certificates.hpp"

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <memory>
#include <stdexcept>

namespace ritualbot::emulator {
namespace {

struct PkeyFree {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct X509Free {
    void operator()(X509* p) const { X509_free(p); }
};
struct BnFree {
    void operator()(BIGNUM* p) const { BN_free(p); }
};
struct FileClose {
    void operator()(std::FILE* f) const { std::fclose(f); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using Cert = std::unique_ptr<X509, X509Free>;

[[noreturn]] void fail(const std::string& step) {
    char buf[256] = "no OpenSSL error queued";
    if (unsigned long e = ERR_get_error(); e != 0) ERR_error_string_n(e, buf, sizeof buf);
    ERR_clear_error();
    throw std::runtime_error("test certificates: " + step + " failed: " + buf);
}

void check(int ok, const std::string& step) {
    if (ok != 1) fail(step);
}

Pkey make_key() {
    Pkey key(EVP_EC_gen("P-256"));
    if (!key) fail("EVP_EC_gen(P-256)");
    return key;
}

void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    if (ext == nullptr) fail(std::string("extension ") + OBJ_nid2sn(nid) + "=" + value);
    const int ok = X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    check(ok, "X509_add_ext");
}

// A certificate with a random serial, the validity window and the subject CN; the caller
// adds extensions and signs.
Cert make_cert(EVP_PKEY* subject_key, const std::string& common_name) {
    Cert cert(X509_new());
    if (!cert) fail("X509_new");
    check(X509_set_version(cert.get(), 2), "X509_set_version");

    std::unique_ptr<BIGNUM, BnFree> serial(BN_new());
    if (!serial || BN_rand(serial.get(), 63, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1)
        fail("BN_rand serial");
    if (BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) == nullptr)
        fail("BN_to_ASN1_INTEGER");

    if (X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) == nullptr ||
        X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600) == nullptr)
        fail("X509_gmtime_adj");
    check(X509_set_pubkey(cert.get(), subject_key), "X509_set_pubkey");

    X509_NAME* name = X509_get_subject_name(cert.get());
    check(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>("ritualbot tests"), -1,
                                     -1, 0),
          "subject O");
    check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>(common_name.c_str()),
                                     -1, -1, 0),
          "subject CN");
    return cert;
}

void write_pem_cert(const std::string& path, X509* cert) {
    std::unique_ptr<std::FILE, FileClose> f(std::fopen(path.c_str(), "wb"));
    if (!f) throw std::runtime_error("test certificates: cannot write " + path);
    check(PEM_write_X509(f.get(), cert), "PEM_write_X509 " + path);
}

void write_pem_key(const std::string& path, EVP_PKEY* key) {
    std::unique_ptr<std::FILE, FileClose> f(std::fopen(path.c_str(), "wb"));
    if (!f) throw std::runtime_error("test certificates: cannot write " + path);
    check(PEM_write_PrivateKey(f.get(), key, nullptr, nullptr, 0, nullptr, nullptr),
          "PEM_write_PrivateKey " + path);
}

std::string join_san(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) {
        if (!out.empty()) out += ',';
        out += n;
    }
    return out;
}

}  // namespace

CertificateSet make_certificates(const std::string& dir, const std::string& ca_name) {
    CertificateOptions options;
    options.ca_name = ca_name;
    return make_certificates(dir, options);
}

CertificateSet make_certificates(const std::string& dir, const CertificateOptions& options) {
    Pkey ca_key = make_key();
    Cert ca = make_cert(ca_key.get(), options.ca_name);
    check(X509_set_issuer_name(ca.get(), X509_get_subject_name(ca.get())), "CA issuer name");
    add_extension(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE");
    add_extension(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
    add_extension(ca.get(), ca.get(), NID_subject_key_identifier, "hash");
    if (X509_sign(ca.get(), ca_key.get(), EVP_sha256()) == 0) fail("X509_sign CA");

    const std::string host_cn =
        options.subject_alt_names.empty() ? "server" : options.subject_alt_names.front();
    Pkey server_key = make_key();
    Cert server = make_cert(server_key.get(), host_cn);
    check(X509_set_issuer_name(server.get(), X509_get_subject_name(ca.get())), "issuer name");
    add_extension(server.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE");
    add_extension(server.get(), ca.get(), NID_key_usage,
                  "critical,digitalSignature,keyEncipherment");
    add_extension(server.get(), ca.get(), NID_ext_key_usage, "serverAuth");
    add_extension(server.get(), ca.get(), NID_subject_key_identifier, "hash");
    add_extension(server.get(), ca.get(), NID_authority_key_identifier, "keyid:always");
    if (!options.subject_alt_names.empty())
        add_extension(server.get(), ca.get(), NID_subject_alt_name,
                      join_san(options.subject_alt_names));
    if (X509_sign(server.get(), ca_key.get(), EVP_sha256()) == 0) fail("X509_sign server");

    CertificateSet set;
    set.ca_file = dir + "/" + options.file_prefix + "ca.pem";
    set.cert_file = dir + "/" + options.file_prefix + "server.pem";
    set.key_file = dir + "/" + options.file_prefix + "server.key";
    write_pem_cert(set.ca_file, ca.get());
    write_pem_cert(set.cert_file, server.get());
    write_pem_key(set.key_file, server_key.get());
    return set;
}

}  // namespace ritualbot::emulator
