// The secrets that protect session cookies. The first key signs (and seals)
// new cookies; the others, the previous secrets, are only accepted on restore
// so that a fleet can rotate its secret without resetting conversations.
#pragma once

#include <array>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "crypto/keyed_hmac.hpp"
#include "crypto/aead.hpp"

namespace sms {

using Mac = std::array<unsigned char, 32>;

// Two independent keys derived from one secret with HKDF-SHA256: one for
// HMAC-SHA256 tags, one for AES-256-GCM (set up when first used: only
// encrypting servers use it). The secret itself is not kept.
class SessionKey {
public:
    explicit SessionKey(std::string_view secret);

    // HMAC-SHA256 over the concatenation of `parts`.
    Mac mac(std::initializer_list<std::string_view> parts) const;
    const KeyedAead& aead() const { return aead_; }
    const AeadKey& aead_key() const { return aead_.key(); }

private:
    KeyedHmac mac_;
    KeyedAead aead_;
};

class KeyRing {
public:
    static constexpr std::size_t kMinSecretBytes = 32;

    // `previous` is a space-separated list. Returns an error message (which
    // never quotes a secret) when a secret is missing or too short.
    static std::variant<KeyRing, std::string> from_secrets(std::string_view current, std::string_view previous);

    const SessionKey& signing_key() const { return keys_.front(); }
    const std::vector<SessionKey>& keys() const { return keys_; } // signing key first

private:
    std::vector<SessionKey> keys_;
};

// 32 random bytes from RAND_bytes, hex-encoded: an ephemeral secret for --dev.
std::string random_secret();

} // namespace sms
