#include "crypto/openssl_start.hpp"

#include <openssl/crypto.h>

#include <cstdlib>

namespace sms {

// OpenSSL start-up is much of what a plain CGI request costs
// (bench/README-notes.md), so it does only what this program uses.
// Everything here fetches its algorithms explicitly and prints no OpenSSL
// error strings: no legacy name tables, no error strings. No openssl.cnf
// unless OPENSSL_CONF names one: Debian's sets nothing for libcrypto, and
// parsing it was a third of the remaining start-up instructions. No clean-up
// at exit: the kernel frees the memory anyway. A flow keeps OpenSSL's
// defaults: libcurl's TLS fails certificate checks without the name tables
// ("CA signature digest algorithm too weak").
void start_openssl(bool full) {
    if (full) return; // OpenSSL starts itself, with its defaults, on first use
    const auto config = std::getenv("OPENSSL_CONF") != nullptr ? OPENSSL_INIT_LOAD_CONFIG : OPENSSL_INIT_NO_LOAD_CONFIG;
    OPENSSL_init_crypto(OPENSSL_INIT_NO_ADD_ALL_CIPHERS | OPENSSL_INIT_NO_ADD_ALL_DIGESTS |
                            OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS | OPENSSL_INIT_NO_ATEXIT | config,
                        nullptr);
}

} // namespace sms
