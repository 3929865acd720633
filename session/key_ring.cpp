#include "session/key_ring.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <stdexcept>

#include "crypto/hkdf.hpp"
#include "text/ascii.hpp"

namespace sms {

namespace {

// HKDF "info" labels keep the MAC and encryption keys independent.
constexpr std::string_view kMacLabel = "sms_fcgi session cookie hmac-sha256 v1";
constexpr std::string_view kAeadLabel = "sms_fcgi session cookie aes-256-gcm v1";

KeyedHmac derive_mac(std::string_view secret) {
    unsigned char key[32];
    hkdf_sha256(secret, kMacLabel, key, sizeof key);
    KeyedHmac mac("SHA256", std::string_view(reinterpret_cast<const char*>(key), sizeof key));
    OPENSSL_cleanse(key, sizeof key);
    return mac;
}

KeyedAead derive_aead(std::string_view secret) {
    AeadKey key{};
    hkdf_sha256(secret, kAeadLabel, key.data(), key.size());
    KeyedAead aead(key);
    OPENSSL_cleanse(key.data(), key.size());
    return aead;
}

} // namespace

SessionKey::SessionKey(std::string_view secret) : mac_(derive_mac(secret)), aead_(derive_aead(secret)) {}

Mac SessionKey::mac(std::initializer_list<std::string_view> parts) const {
    Mac out{};
    mac_.sign(parts, out.data());
    return out;
}

std::variant<KeyRing, std::string> KeyRing::from_secrets(std::string_view current, std::string_view previous) {
    if (current.empty()) return std::string("SMS_SESSION_SECRET is not set (use --dev for a throwaway secret)");
    if (current.size() < kMinSecretBytes) {
        return "SMS_SESSION_SECRET is " + std::to_string(current.size()) + " bytes; at least " +
               std::to_string(kMinSecretBytes) + " are required";
    }
    KeyRing ring;
    ring.keys_.emplace_back(current);
    std::size_t index = 0;
    for (auto secret : text::split_spaces(previous)) {
        ++index;
        if (secret.size() < kMinSecretBytes) {
            return "SMS_SESSION_PREVIOUS_SECRETS entry " + std::to_string(index) + " is " +
                   std::to_string(secret.size()) + " bytes; at least " + std::to_string(kMinSecretBytes) +
                   " are required";
        }
        ring.keys_.emplace_back(secret);
    }
    return ring;
}

std::string random_secret() {
    unsigned char bytes[32];
    if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("RAND_bytes failed");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char b : bytes) {
        out.push_back(kHex[b >> 4]);
        out.push_back(kHex[b & 15]);
    }
    OPENSSL_cleanse(bytes, sizeof bytes);
    return out;
}

} // namespace sms
