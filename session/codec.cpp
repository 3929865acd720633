#include "session/codec.hpp"

#include <openssl/crypto.h>

#include "session/aead.hpp"
#include "session/base64url.hpp"
#include "session/payload.hpp"

namespace sms {

namespace {

constexpr std::string_view kSignedVersion = "v1";
constexpr std::string_view kSealedVersion = "e1";
constexpr std::string_view kSeparator("\0", 1);

// What the tag covers before the payload, and what the sealed cookie
// authenticates: "v1" NUL cookie-name NUL, "e1" NUL cookie-name.
std::string signed_prefix(std::string_view cookie_name) {
    return std::string(kSignedVersion).append(kSeparator).append(cookie_name).append(kSeparator);
}
std::string associated_data(std::string_view cookie_name) {
    return std::string(kSealedVersion).append(kSeparator).append(cookie_name);
}

} // namespace

std::string_view describe(RestoreOutcome outcome) {
    switch (outcome) {
    case RestoreOutcome::fresh: return "new";
    case RestoreOutcome::restored: return "restored";
    case RestoreOutcome::rotated: return "rotated";
    case RestoreOutcome::malformed: return "rejected:malformed";
    case RestoreOutcome::bad_mac: return "rejected:bad-mac";
    case RestoreOutcome::expired: return "rejected:expired";
    case RestoreOutcome::future: return "rejected:future";
    case RestoreOutcome::unknown_version: return "rejected:unknown-version";
    case RestoreOutcome::wrong_mode: return "rejected:wrong-mode";
    case RestoreOutcome::ambiguous: return "rejected:ambiguous";
    }
    return "rejected";
}

SessionCodec::SessionCodec(KeyRing keys, SessionOptions options)
    : keys_(std::move(keys)),
      options_(std::move(options)),
      signed_prefix_(signed_prefix(options_.cookie_name)),
      associated_data_(associated_data(options_.cookie_name)) {
    cookie_attributes_ = "; Path=/; Max-Age=" + std::to_string(options_.max_idle_seconds) + "; HttpOnly; SameSite=Lax";
}

RestoreOutcome SessionCodec::open_signed(std::string_view body, std::string& payload, bool& rotated) const {
    auto dot = body.rfind('.');
    if (dot == std::string_view::npos) return RestoreOutcome::malformed;
    auto payload_text = body.substr(0, dot);
    Mac tag;
    if (!base64url_decode_exact(body.substr(dot + 1), tag)) return RestoreOutcome::malformed;
    const auto& keys = keys_.keys();
    for (std::size_t i = 0; i < keys.size(); ++i) {
        Mac expected = keys[i].mac({signed_prefix_, payload_text});
        if (CRYPTO_memcmp(expected.data(), tag.data(), expected.size()) == 0) {
            auto decoded = base64url_decode(payload_text);
            if (!decoded) return RestoreOutcome::malformed;
            payload = std::move(*decoded);
            rotated = i > 0;
            return RestoreOutcome::restored;
        }
    }
    return RestoreOutcome::bad_mac;
}

RestoreOutcome SessionCodec::open_sealed(std::string_view body, std::string& payload, bool& rotated) const {
    auto sealed = base64url_decode(body);
    if (!sealed || sealed->size() < kAeadNonceBytes + kAeadTagBytes) return RestoreOutcome::malformed;
    const auto& keys = keys_.keys();
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (auto opened = keys[i].aead().open(associated_data_, *sealed)) {
            payload = std::move(*opened);
            rotated = i > 0;
            return RestoreOutcome::restored;
        }
    }
    return RestoreOutcome::bad_mac;
}

RestoredSession SessionCodec::restore(std::optional<std::string_view> cookie_value, std::int64_t now) const {
    RestoredSession result;
    if (!cookie_value || cookie_value->empty()) return result;

    auto dot = cookie_value->find('.');
    if (dot == std::string_view::npos) {
        result.outcome = RestoreOutcome::malformed;
        return result;
    }
    auto version = cookie_value->substr(0, dot);
    auto body = cookie_value->substr(dot + 1);
    const std::string_view expected_version = options_.encrypt ? kSealedVersion : kSignedVersion;
    if (version != expected_version) {
        bool known = version == kSignedVersion || version == kSealedVersion;
        result.outcome = known ? RestoreOutcome::wrong_mode : RestoreOutcome::unknown_version;
        return result;
    }

    std::string payload;
    bool rotated = false;
    RestoreOutcome opened = options_.encrypt ? open_sealed(body, payload, rotated) : open_signed(body, payload, rotated);
    if (opened != RestoreOutcome::restored) {
        result.outcome = opened;
        return result;
    }

    Session session;
    if (!decode_payload(payload, session) || session.started > session.last_seen) {
        result.outcome = RestoreOutcome::malformed;
    } else if (session.last_seen > now + options_.max_clock_skew_seconds) {
        result.outcome = RestoreOutcome::future;
    } else if (now - session.last_seen > options_.max_idle_seconds) {
        result.outcome = RestoreOutcome::expired;
    } else {
        result.session = std::move(session);
        result.outcome = rotated ? RestoreOutcome::rotated : RestoreOutcome::restored;
    }
    return result;
}

std::string SessionCodec::encode(const Session& session) const {
    std::string out;
    append_encoded(out, session, 0);
    return out;
}

// Written straight into `out`, the Set-Cookie value under construction, with
// room for `room_after` more bytes: the payload's text is signed where it lies.
void SessionCodec::append_encoded(std::string& out, const Session& session, std::size_t room_after) const {
    const std::string payload = encode_payload(session);
    // Bounds both "v1." payload "." tag and "e1." nonce+payload+tag in
    // base64url, so that the whole header takes one allocation.
    const std::size_t raw_bound = payload.size() + kAeadNonceBytes + kAeadTagBytes + Mac{}.size();
    out.reserve(out.size() + 3 + raw_bound * 4 / 3 + 4 + room_after);
    const SessionKey& key = keys_.signing_key();
    if (options_.encrypt) {
        out.append(kSealedVersion).push_back('.');
        base64url_append(out, key.aead().seal(associated_data_, payload));
        return;
    }
    out.append(kSignedVersion).push_back('.');
    const std::size_t payload_at = out.size();
    base64url_append(out, payload);
    const Mac tag = key.mac({signed_prefix_, std::string_view(out).substr(payload_at)});
    out.push_back('.');
    base64url_append(out, std::string_view(reinterpret_cast<const char*>(tag.data()), tag.size()));
}

std::optional<std::string> SessionCodec::set_cookie(const Session& session, bool secure) const {
    constexpr std::string_view kSecure = "; Secure";
    std::string header;
    header.append(options_.cookie_name).push_back('=');
    append_encoded(header, session, cookie_attributes_.size() + kSecure.size());
    header.append(cookie_attributes_);
    if (secure) header.append(kSecure);
    if (header.size() > options_.max_set_cookie_bytes) return std::nullopt;
    return header;
}

std::string SessionCodec::deleting_cookie(bool secure) const {
    std::string header = options_.cookie_name + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax";
    if (secure) header.append("; Secure");
    return header;
}

} // namespace sms
