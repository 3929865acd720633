#include "session/aead.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>
#include <stdexcept>

namespace sms {

namespace {

const EVP_CIPHER* aes_256_gcm() {
    // Fetched once: an implicit fetch per call is a measurable cost in OpenSSL 3.
    static const std::unique_ptr<EVP_CIPHER, decltype(&EVP_CIPHER_free)> cipher(
        EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr), &EVP_CIPHER_free);
    if (!cipher) throw std::runtime_error("OpenSSL AES-256-GCM is unavailable");
    return cipher.get();
}

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherContext new_context() {
    CipherContext ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    if (!ctx) throw std::runtime_error("out of memory for AES-GCM");
    return ctx;
}

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }
unsigned char* bytes(std::string& s, std::size_t at) { return reinterpret_cast<unsigned char*>(s.data() + at); }

} // namespace

std::string aead_seal(const AeadKey& key, std::string_view associated_data, std::string_view plaintext) {
    std::string out(kAeadNonceBytes + plaintext.size() + kAeadTagBytes, '\0');
    if (RAND_bytes(bytes(out, 0), kAeadNonceBytes) != 1) throw std::runtime_error("RAND_bytes failed");
    auto ctx = new_context();
    int len = 0;
    bool ok = EVP_EncryptInit_ex2(ctx.get(), aes_256_gcm(), key.data(), bytes(out, 0), nullptr) == 1 &&
              EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(associated_data),
                                static_cast<int>(associated_data.size())) == 1 &&
              EVP_EncryptUpdate(ctx.get(), bytes(out, kAeadNonceBytes), &len, bytes(plaintext),
                                static_cast<int>(plaintext.size())) == 1 &&
              EVP_EncryptFinal_ex(ctx.get(), bytes(out, kAeadNonceBytes + plaintext.size()), &len) == 1 &&
              EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kAeadTagBytes,
                                  bytes(out, kAeadNonceBytes + plaintext.size())) == 1;
    if (!ok) throw std::runtime_error("AES-GCM encryption failed");
    return out;
}

std::optional<std::string> aead_open(const AeadKey& key, std::string_view associated_data, std::string_view sealed) {
    if (sealed.size() < kAeadNonceBytes + kAeadTagBytes) return std::nullopt;
    const std::size_t text_len = sealed.size() - kAeadNonceBytes - kAeadTagBytes;
    std::string tag(sealed.substr(kAeadNonceBytes + text_len));
    std::string out(text_len, '\0');
    auto ctx = new_context();
    int len = 0;
    bool ok = EVP_DecryptInit_ex2(ctx.get(), aes_256_gcm(), key.data(), bytes(sealed), nullptr) == 1 &&
              EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(associated_data),
                                static_cast<int>(associated_data.size())) == 1 &&
              EVP_DecryptUpdate(ctx.get(), bytes(out, 0), &len, bytes(sealed.substr(kAeadNonceBytes)),
                                static_cast<int>(text_len)) == 1 &&
              EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kAeadTagBytes, tag.data()) == 1 &&
              EVP_DecryptFinal_ex(ctx.get(), bytes(out, text_len), &len) == 1;
    if (!ok) return std::nullopt;
    return out;
}

} // namespace sms
