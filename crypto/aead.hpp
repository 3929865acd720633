// AES-256-GCM through OpenSSL EVP, for encrypted session cookies.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct evp_cipher_ctx_st;

namespace sms {

using AeadKey = std::array<unsigned char, 32>;

constexpr std::size_t kAeadNonceBytes = 12;
constexpr std::size_t kAeadTagBytes = 16;

// One AES-256-GCM key, set up once (key schedule and GCM tables); each
// thread seals and opens with its own copy of the keyed context. The set-up
// waits for the first seal or open: fetching AES-256-GCM costs a starting
// process about 3 million instructions (a third of a plain CGI request
// without it), and a server that only signs cookies never needs it.
class KeyedAead {
public:
    explicit KeyedAead(const AeadKey& key);

    // prefix || nonce || ciphertext || tag, with a fresh random 96-bit nonce.
    // The associated data is the concatenation of its parts.
    std::string seal(std::initializer_list<std::string_view> associated_data, std::string_view plaintext,
                     std::string_view prefix = {}) const;

    // The plaintext, or nothing when the tag does not verify under this key.
    std::optional<std::string> open(std::initializer_list<std::string_view> associated_data,
                                    std::string_view sealed) const;

    const AeadKey& key() const;

private:
    struct Keyed; // the key and its template context, set up on first use
    evp_cipher_ctx_st* thread_context() const;

    std::shared_ptr<Keyed> keyed_; // its context is copied per thread, never used directly
    std::uint64_t id_ = 0;         // tells this key's copies apart in each thread
};

// The same with a key set up for the one call (tests, fuzzers).
std::string aead_seal(const AeadKey& key, std::string_view associated_data, std::string_view plaintext);
std::optional<std::string> aead_open(const AeadKey& key, std::string_view associated_data, std::string_view sealed);

} // namespace sms
