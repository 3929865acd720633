#include "crypto/aead.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "crypto/thread_contexts.hpp"

namespace sms {

namespace {

const EVP_CIPHER* aes_256_gcm() {
    // Fetched once: an implicit fetch per call is a measurable cost in OpenSSL 3.
    static const std::unique_ptr<EVP_CIPHER, decltype(&EVP_CIPHER_free)> cipher(
        EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr), &EVP_CIPHER_free);
    if (!cipher) throw std::runtime_error("OpenSSL AES-256-GCM is unavailable");
    return cipher.get();
}

EVP_CIPHER_CTX* copy_context(const EVP_CIPHER_CTX* keyed) {
    EVP_CIPHER_CTX* copy = EVP_CIPHER_CTX_new();
    if (copy != nullptr && EVP_CIPHER_CTX_copy(copy, keyed) != 1) {
        EVP_CIPHER_CTX_free(copy);
        return nullptr;
    }
    return copy;
}

thread_local ThreadContexts<EVP_CIPHER_CTX, copy_context, EVP_CIPHER_CTX_free> thread_contexts;

using CipherContextPtr = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }
unsigned char* bytes(std::string& s, std::size_t at) { return reinterpret_cast<unsigned char*>(s.data() + at); }

} // namespace

// The key, and the template context that the first seal or open sets up
// (once, whichever thread gets there first; a failed set-up is tried again).
struct KeyedAead::Keyed {
    explicit Keyed(const AeadKey& k) : key(k) {}
    Keyed(const Keyed&) = delete;
    Keyed& operator=(const Keyed&) = delete;
    ~Keyed() { OPENSSL_cleanse(key.data(), key.size()); }

    const EVP_CIPHER_CTX* context() {
        std::call_once(set_up, [this] {
            CipherContextPtr ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
            if (!ctx || EVP_CipherInit_ex2(ctx.get(), aes_256_gcm(), key.data(), nullptr, 1, nullptr) != 1) {
                throw std::runtime_error("OpenSSL AES-256-GCM is unavailable");
            }
            template_context = std::move(ctx);
        });
        return template_context.get();
    }

    AeadKey key;
    std::once_flag set_up;
    CipherContextPtr template_context{nullptr, &EVP_CIPHER_CTX_free};
};

KeyedAead::KeyedAead(const AeadKey& key) : keyed_(std::make_shared<Keyed>(key)), id_(next_key_id()) {}

const AeadKey& KeyedAead::key() const { return keyed_->key; }

// Inline: it runs on every seal and open, and only a thread's first use of
// a key calls Keyed::context.
inline EVP_CIPHER_CTX* KeyedAead::thread_context() const {
    return thread_contexts.get(id_, [this] { return keyed_->context(); });
}

namespace {

// Each part goes to GCM as more associated data: GCM authenticates their
// concatenation, as long as all of it comes before the text.
bool add_associated_data(EVP_CIPHER_CTX* ctx, std::initializer_list<std::string_view> parts) {
    int len = 0;
    for (std::string_view part : parts) {
        if (part.empty()) continue;
        if (EVP_CipherUpdate(ctx, nullptr, &len, bytes(part), static_cast<int>(part.size())) != 1) return false;
    }
    return true;
}

} // namespace

std::string KeyedAead::seal(std::initializer_list<std::string_view> associated_data, std::string_view plaintext,
                            std::string_view prefix) const {
    const std::size_t at = prefix.size();
    std::string out(at + kAeadNonceBytes + plaintext.size() + kAeadTagBytes, '\0');
    std::copy(prefix.begin(), prefix.end(), out.begin());
    if (RAND_bytes(bytes(out, at), kAeadNonceBytes) != 1) throw std::runtime_error("RAND_bytes failed");
    EVP_CIPHER_CTX* ctx = thread_context();
    int len = 0;
    const std::size_t text_at = at + kAeadNonceBytes;
    // A null cipher and key keep the key schedule; only the nonce is new.
    bool ok = EVP_CipherInit_ex2(ctx, nullptr, nullptr, bytes(out, at), 1, nullptr) == 1 &&
              add_associated_data(ctx, associated_data) &&
              EVP_EncryptUpdate(ctx, bytes(out, text_at), &len, bytes(plaintext), static_cast<int>(plaintext.size())) == 1 &&
              EVP_EncryptFinal_ex(ctx, bytes(out, text_at + plaintext.size()), &len) == 1 &&
              EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, kAeadTagBytes, bytes(out, text_at + plaintext.size())) == 1;
    if (!ok) throw std::runtime_error("AES-GCM encryption failed");
    return out;
}

std::optional<std::string> KeyedAead::open(std::initializer_list<std::string_view> associated_data,
                                           std::string_view sealed) const {
    if (sealed.size() < kAeadNonceBytes + kAeadTagBytes) return std::nullopt;
    const std::size_t text_len = sealed.size() - kAeadNonceBytes - kAeadTagBytes;
    unsigned char tag[kAeadTagBytes];
    std::copy_n(bytes(sealed.substr(kAeadNonceBytes + text_len)), kAeadTagBytes, tag);
    std::string out(text_len, '\0');
    EVP_CIPHER_CTX* ctx = thread_context();
    int len = 0;
    bool ok = EVP_CipherInit_ex2(ctx, nullptr, nullptr, bytes(sealed), 0, nullptr) == 1 &&
              add_associated_data(ctx, associated_data) &&
              EVP_DecryptUpdate(ctx, bytes(out, 0), &len, bytes(sealed.substr(kAeadNonceBytes)), static_cast<int>(text_len)) == 1 &&
              EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, kAeadTagBytes, tag) == 1 &&
              EVP_DecryptFinal_ex(ctx, bytes(out, text_len), &len) == 1;
    if (!ok) return std::nullopt;
    return out;
}

std::string aead_seal(const AeadKey& key, std::string_view associated_data, std::string_view plaintext) {
    return KeyedAead(key).seal({associated_data}, plaintext);
}

std::optional<std::string> aead_open(const AeadKey& key, std::string_view associated_data, std::string_view sealed) {
    return KeyedAead(key).open({associated_data}, sealed);
}

} // namespace sms
