// AES-256-GCM through OpenSSL EVP, for encrypted session cookies.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "session/key_ring.hpp"

namespace sms {

constexpr std::size_t kAeadNonceBytes = 12;
constexpr std::size_t kAeadTagBytes = 16;

// nonce || ciphertext || tag, with a fresh random 96-bit nonce.
std::string aead_seal(const AeadKey& key, std::string_view associated_data, std::string_view plaintext);

// The plaintext, or nothing when the tag does not verify under `key`.
std::optional<std::string> aead_open(const AeadKey& key, std::string_view associated_data, std::string_view sealed);

} // namespace sms
