#include "crypto/keyed_hmac.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <stdexcept>

#include "crypto/thread_contexts.hpp"

namespace sms {

namespace {

thread_local ThreadContexts<EVP_MAC_CTX, EVP_MAC_CTX_dup, EVP_MAC_CTX_free> thread_contexts;

} // namespace

KeyedHmac::KeyedHmac(const char* digest, std::string_view key) {
    EVP_MAC* hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    EVP_MAC_CTX* ctx = hmac != nullptr ? EVP_MAC_CTX_new(hmac) : nullptr;
    EVP_MAC_free(hmac);
    keyed_.reset(ctx, &EVP_MAC_CTX_free);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(digest), 0),
        OSSL_PARAM_construct_end(),
    };
    if (ctx == nullptr ||
        EVP_MAC_init(ctx, reinterpret_cast<const unsigned char*>(key.data()), key.size(), params) != 1) {
        throw std::runtime_error(std::string("OpenSSL HMAC-") + digest + " is unavailable");
    }
    size_ = EVP_MAC_CTX_get_mac_size(ctx);
    id_ = next_key_id();
}

void KeyedHmac::sign(std::initializer_list<std::string_view> parts, unsigned char* out) const {
    EVP_MAC_CTX* ctx = thread_contexts.get(id_, [this] { return keyed_.get(); });
    if (EVP_MAC_init(ctx, nullptr, 0, nullptr) != 1) throw std::runtime_error("HMAC failed"); // back to the keyed state
    for (auto part : parts) EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(part.data()), part.size());
    std::size_t len = 0;
    if (EVP_MAC_final(ctx, out, &len, size_) != 1 || len != size_) throw std::runtime_error("HMAC failed");
}

} // namespace sms
