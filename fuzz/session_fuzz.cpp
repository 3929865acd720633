// The session decoder. The first byte picks what the rest is:
//   0: a cookie value as a client sends it (stops at the MAC almost always);
//   1: a version 2 payload, signed here with the fuzzer's own key for the
//      fuzzer's pair, so the fuzzer reaches the payload parser and the
//      expiry checks behind a valid MAC;
//   2: a version 2 payload sealed with AES-256-GCM, for the encrypted mode;
//   3, 4: the same for version 1 payloads (cookies issued before version 2).
// A restored session must encode and restore to the same session, and the
// version 2 cookie it encodes to must be refused for any other pair.
#include <cstdlib>

#include "crypto/aead.hpp"
#include "text/base64.hpp"
#include "session/codec.hpp"

namespace {

constexpr std::string_view kSecret = "fuzzing-secret-0123456789abcdef0123456789";
constexpr std::int64_t kNow = 1'800'000'000;
constexpr sms::ConversationPair kPair{"+14155550100", "+14155550199"};
constexpr sms::ConversationPair kOtherPair{"+14155550101", "+14155550199"};
constexpr std::string_view kNul("\0", 1);

sms::KeyRing ring() { return std::get<sms::KeyRing>(sms::KeyRing::from_secrets(kSecret, "")); }

const sms::SessionCodec& codec(bool encrypt) {
    static const sms::SessionCodec signing(ring(), sms::SessionOptions{});
    static const sms::SessionCodec sealing(ring(), sms::SessionOptions{.encrypt = true});
    return encrypt ? sealing : signing;
}

std::string base64url_of(const sms::Mac& tag) {
    return sms::text::base64url_encode({reinterpret_cast<const char*>(tag.data()), tag.size()});
}

// kPair's bytes as the MAC takes them (lengths under 128: one byte each),
// and its 2-byte check (FNV-1a-32, low 16 bits first).
std::string pair_bytes() {
    return std::string(1, static_cast<char>(kPair.from.size())) + std::string(kPair.from) +
           std::string(1, static_cast<char>(kPair.to.size())) + std::string(kPair.to);
}
std::string pair_check() {
    std::uint32_t hash = 2166136261u;
    for (char c : pair_bytes()) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
    return {static_cast<char>(hash & 0xff), static_cast<char>(hash >> 8 & 0xff)};
}

std::string signed_cookie(std::string_view payload) {
    const sms::SessionKey key(kSecret);
    const std::string text = sms::text::base64url_encode(pair_check() + std::string(payload));
    return "v2." + text + "." + base64url_of(key.mac({"v2", kNul, "sms_session", kNul, pair_bytes(), text}));
}

std::string sealed_cookie(std::string_view payload) {
    const sms::SessionKey key(kSecret);
    const std::string ad = std::string("e2") + '\0' + "sms_session" + '\0' + pair_bytes();
    return "e2." + sms::text::base64url_encode(pair_check() + sms::aead_seal(key.aead_key(), ad, payload));
}

std::string signed_cookie_v1(std::string_view payload) {
    const sms::SessionKey key(kSecret);
    const std::string text = sms::text::base64url_encode(payload);
    return "v1." + text + "." + base64url_of(key.mac({"v1", kNul, "sms_session", kNul, text}));
}

std::string sealed_cookie_v1(std::string_view payload) {
    const sms::SessionKey key(kSecret);
    const std::string ad = std::string("e1") + '\0' + "sms_session";
    return "e1." + sms::text::base64url_encode(sms::aead_seal(key.aead_key(), ad, payload));
}

std::string cookie_for(int mode, std::string_view rest) {
    switch (mode) {
    case 1: return signed_cookie(rest);
    case 2: return sealed_cookie(rest);
    case 3: return signed_cookie_v1(rest);
    case 4: return sealed_cookie_v1(rest);
    default: return std::string(rest);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    const int mode = data[0] % 5;
    const bool encrypt = mode == 2 || mode == 4;
    const std::string cookie = cookie_for(mode, rest);

    const sms::RestoredSession restored = codec(encrypt).restore(cookie, kPair, kNow);
    const bool trusted = restored.outcome == sms::RestoreOutcome::restored;
    if (!trusted && !restored.session.empty()) std::abort(); // rejected means fresh
    if (trusted) {
        const std::string again = codec(encrypt).encode(restored.session, kPair);
        const sms::RestoredSession round_trip = codec(encrypt).restore(again, kPair, kNow);
        if (round_trip.outcome != sms::RestoreOutcome::restored || !(round_trip.session == restored.session)) {
            std::abort();
        }
        if (codec(encrypt).restore(again, kOtherPair, kNow).outcome != sms::RestoreOutcome::other_pair) std::abort();
    }
    return 0;
}
