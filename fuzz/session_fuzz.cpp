// The session decoder. The first byte picks what the rest is:
//   0: a cookie value as a client sends it (stops at the MAC almost always);
//   1: a payload, signed here with the fuzzer's own key, so the fuzzer reaches
//      the payload parser and the expiry checks behind a valid MAC;
//   2: a payload sealed with AES-256-GCM, for the encrypted mode.
// A restored session must encode and restore to the same session.
#include <cstdlib>

#include "session/aead.hpp"
#include "session/base64url.hpp"
#include "session/codec.hpp"

namespace {

constexpr std::string_view kSecret = "fuzzing-secret-0123456789abcdef0123456789";
constexpr std::int64_t kNow = 1'800'000'000;

sms::KeyRing ring() { return std::get<sms::KeyRing>(sms::KeyRing::from_secrets(kSecret, "")); }

const sms::SessionCodec& codec(bool encrypt) {
    static const sms::SessionCodec signing(ring(), sms::SessionOptions{});
    static const sms::SessionCodec sealing(ring(), sms::SessionOptions{.encrypt = true});
    return encrypt ? sealing : signing;
}

std::string signed_cookie(std::string_view payload) {
    const sms::SessionKey key(kSecret);
    const std::string text = sms::base64url_encode(payload);
    const std::string_view nul("\0", 1);
    const sms::Mac tag = key.mac({"v1", nul, "sms_session", nul, text});
    return "v1." + text + "." + sms::base64url_encode({reinterpret_cast<const char*>(tag.data()), tag.size()});
}

std::string sealed_cookie(std::string_view payload) {
    const sms::SessionKey key(kSecret);
    const std::string ad = std::string("e1") + '\0' + "sms_session";
    return "e1." + sms::base64url_encode(sms::aead_seal(key.aead_key(), ad, payload));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    const int mode = data[0] % 3;
    const bool encrypt = mode == 2;
    const std::string cookie = mode == 0 ? std::string(rest) : mode == 1 ? signed_cookie(rest) : sealed_cookie(rest);

    const sms::RestoredSession restored = codec(encrypt).restore(cookie, kNow);
    const bool trusted = restored.outcome == sms::RestoreOutcome::restored;
    if (!trusted && !restored.session.empty()) std::abort(); // rejected means fresh
    if (trusted) {
        const std::string again = codec(encrypt).encode(restored.session);
        const sms::RestoredSession round_trip = codec(encrypt).restore(again, kNow);
        if (round_trip.outcome != sms::RestoreOutcome::restored || !(round_trip.session == restored.session)) {
            std::abort();
        }
    }
    return 0;
}
