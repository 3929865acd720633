#include "session/codec.hpp"

#include <openssl/crypto.h>

#include <array>
#include <cstdint>

#include "crypto/aead.hpp"
#include "text/base64.hpp"
#include "session/payload.hpp"

namespace sms {

namespace {

constexpr std::string_view kSignedVersion = "v2";
constexpr std::string_view kSealedVersion = "e2";
constexpr std::string_view kSignedVersion1 = "v1";
constexpr std::string_view kSealedVersion1 = "e1";
constexpr std::string_view kSeparator("\0", 1);
constexpr std::size_t kCheckBytes = 2;

// "v2" NUL cookie-name NUL: what a tag covers before the pair and the
// payload, and a sealed cookie's associated data before the pair.
std::string version_prefix(std::string_view version, std::string_view cookie_name) {
    return std::string(version).append(kSeparator).append(cookie_name).append(kSeparator);
}

// The pair as a MAC or the associated data takes it: each number after its
// length (LEB128), so that no two pairs give the same bytes.
class PairBytes {
public:
    explicit PairBytes(const ConversationPair& pair)
        : pair_(pair), from_length_(put_length(pair.from.size(), 0)), to_length_(put_length(pair.to.size(), 10)) {}

    std::string_view from_length() const { return {lengths_.data(), from_length_}; }
    std::string_view to_length() const { return {lengths_.data() + 10, to_length_}; }
    const ConversationPair& pair() const { return pair_; }

    // The low 16 bits of FNV-1a-32 over these bytes: enough to tell another
    // pair's cookie from a forged one in the log line, never trusted alone.
    std::array<char, kCheckBytes> check() const {
        std::uint32_t hash = 2166136261u;
        for (std::string_view part : {from_length(), pair_.from, to_length(), pair_.to}) {
            for (char c : part) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
        }
        return {static_cast<char>(hash & 0xff), static_cast<char>(hash >> 8 & 0xff)};
    }

private:
    std::size_t put_length(std::size_t n, std::size_t at) {
        std::size_t i = at;
        for (; n >= 0x80; n >>= 7) lengths_[i++] = static_cast<char>((n & 0x7f) | 0x80);
        lengths_[i++] = static_cast<char>(n);
        return i - at;
    }

    ConversationPair pair_;
    std::array<char, 20> lengths_{};
    std::size_t from_length_;
    std::size_t to_length_;
};

bool check_matches(std::string_view blob, const PairBytes& pair) {
    const auto check = pair.check();
    return blob.substr(0, kCheckBytes) == std::string_view(check.data(), check.size());
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
    case RestoreOutcome::other_pair: return "rejected:other-pair";
    }
    return "rejected";
}

SessionCodec::SessionCodec(KeyRing keys, SessionOptions options)
    : keys_(std::move(keys)),
      options_(std::move(options)),
      signed_prefix_(version_prefix(kSignedVersion, options_.cookie_name)),
      associated_data_(version_prefix(kSealedVersion, options_.cookie_name)),
      signed_prefix_v1_(version_prefix(kSignedVersion1, options_.cookie_name)),
      associated_data_v1_(std::string(kSealedVersion1).append(kSeparator).append(options_.cookie_name)) {
    cookie_attributes_ = "; Path=/; Max-Age=" + std::to_string(options_.max_idle_seconds) + "; HttpOnly; SameSite=Lax";
}

RestoreOutcome SessionCodec::open_signed(std::string_view body, const ConversationPair& pair, std::string& payload,
                                         bool& rotated) const {
    auto dot = body.rfind('.');
    if (dot == std::string_view::npos) return RestoreOutcome::malformed;
    auto text = body.substr(0, dot);
    Mac tag;
    // Decoded into `payload` itself: the check bytes are cut off in place.
    if (!text::base64url_decode_exact(body.substr(dot + 1), tag) || !text::base64url_decode_into(text, payload) ||
        payload.size() < kCheckBytes) {
        return RestoreOutcome::malformed;
    }
    const PairBytes bytes(pair);
    if (!check_matches(payload, bytes)) return RestoreOutcome::other_pair;
    const auto& keys = keys_.keys();
    for (std::size_t i = 0; i < keys.size(); ++i) {
        Mac expected = keys[i].mac({signed_prefix_, bytes.from_length(), pair.from, bytes.to_length(), pair.to, text});
        if (CRYPTO_memcmp(expected.data(), tag.data(), expected.size()) == 0) {
            payload.erase(0, kCheckBytes);
            rotated = i > 0;
            return RestoreOutcome::restored;
        }
    }
    return RestoreOutcome::bad_mac;
}

RestoreOutcome SessionCodec::open_sealed(std::string_view body, const ConversationPair& pair, std::string& payload,
                                         bool& rotated) const {
    auto blob = text::base64url_decode(body);
    if (!blob || blob->size() < kCheckBytes + kAeadNonceBytes + kAeadTagBytes) return RestoreOutcome::malformed;
    const PairBytes bytes(pair);
    if (!check_matches(*blob, bytes)) return RestoreOutcome::other_pair;
    const std::string_view sealed = std::string_view(*blob).substr(kCheckBytes);
    const auto& keys = keys_.keys();
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (auto opened = keys[i].aead().open(
                {associated_data_, bytes.from_length(), pair.from, bytes.to_length(), pair.to}, sealed)) {
            payload = std::move(*opened);
            rotated = i > 0;
            return RestoreOutcome::restored;
        }
    }
    return RestoreOutcome::bad_mac;
}

RestoreOutcome SessionCodec::open_signed_v1(std::string_view body, std::string& payload, bool& rotated) const {
    auto dot = body.rfind('.');
    if (dot == std::string_view::npos) return RestoreOutcome::malformed;
    auto payload_text = body.substr(0, dot);
    Mac tag;
    if (!text::base64url_decode_exact(body.substr(dot + 1), tag)) return RestoreOutcome::malformed;
    const auto& keys = keys_.keys();
    for (std::size_t i = 0; i < keys.size(); ++i) {
        Mac expected = keys[i].mac({signed_prefix_v1_, payload_text});
        if (CRYPTO_memcmp(expected.data(), tag.data(), expected.size()) == 0) {
            auto decoded = text::base64url_decode(payload_text);
            if (!decoded) return RestoreOutcome::malformed;
            payload = std::move(*decoded);
            rotated = i > 0;
            return RestoreOutcome::restored;
        }
    }
    return RestoreOutcome::bad_mac;
}

RestoreOutcome SessionCodec::open_sealed_v1(std::string_view body, std::string& payload, bool& rotated) const {
    auto sealed = text::base64url_decode(body);
    if (!sealed || sealed->size() < kAeadNonceBytes + kAeadTagBytes) return RestoreOutcome::malformed;
    const auto& keys = keys_.keys();
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (auto opened = keys[i].aead().open({associated_data_v1_}, *sealed)) {
            payload = std::move(*opened);
            rotated = i > 0;
            return RestoreOutcome::restored;
        }
    }
    return RestoreOutcome::bad_mac;
}

RestoredSession SessionCodec::restore(std::optional<std::string_view> cookie_value, const ConversationPair& pair,
                                      std::int64_t now) const {
    RestoredSession result;
    if (!cookie_value || cookie_value->empty()) return result;

    auto dot = cookie_value->find('.');
    if (dot == std::string_view::npos) {
        result.outcome = RestoreOutcome::malformed;
        return result;
    }
    auto version = cookie_value->substr(0, dot);
    auto body = cookie_value->substr(dot + 1);
    const bool sealed = version == kSealedVersion || version == kSealedVersion1;
    const bool known = sealed || version == kSignedVersion || version == kSignedVersion1;
    if (!known || sealed != options_.encrypt) {
        result.outcome = known ? RestoreOutcome::wrong_mode : RestoreOutcome::unknown_version;
        return result;
    }

    // Version 1 cookies were issued before version 2: read until they
    // have all expired, so that no conversation restarts on the upgrade.
    const bool version1 = version == kSignedVersion1 || version == kSealedVersion1;
    // Per-thread scratch: its capacity is kept, so that restoring a signed
    // cookie allocates nothing for the payload (the Session copies what it keeps).
    thread_local std::string payload;
    bool rotated = false;
    RestoreOutcome opened = version1 ? (sealed ? open_sealed_v1(body, payload, rotated)
                                               : open_signed_v1(body, payload, rotated))
                                     : (sealed ? open_sealed(body, pair, payload, rotated)
                                               : open_signed(body, pair, payload, rotated));
    if (opened != RestoreOutcome::restored) {
        result.outcome = opened;
        return result;
    }

    Session session;
    const bool decoded = version1 ? decode_payload_v1(payload, session) : decode_payload(payload, session);
    if (!decoded || session.started > session.last_seen) {
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

std::string SessionCodec::encode(const Session& session, const ConversationPair& pair) const {
    std::string out;
    append_encoded(out, session, pair, 0);
    return out;
}

// Written straight into `out`, the Set-Cookie value under construction, with
// room for `room_after` more bytes. The raw bytes (pair check, payload) are
// appended first, the text they encode to after them, and then they are cut
// out, so they need no buffer of their own; the payload's text is signed
// where it lies.
void SessionCodec::append_encoded(std::string& out, const Session& session, const ConversationPair& pair,
                                  std::size_t room_after) const {
    constexpr std::size_t kTypicalPayload = 192; // a few entries: one allocation for most headers
    const std::size_t tag_text = (Mac{}.size() * 4 + 2) / 3;
    out.reserve(out.size() + 3 + kTypicalPayload * 2 + tag_text + room_after);
    const bool seal = options_.encrypt;
    out.append(seal ? kSealedVersion : kSignedVersion).push_back('.');
    const PairBytes bytes(pair);
    const auto check = bytes.check();
    const std::size_t raw_at = out.size();
    out.append(check.data(), check.size());
    append_payload(out, session);
    const std::size_t raw_size = out.size() - raw_at;
    // Bounds the text of both check+payload and check+nonce+payload+tag:
    // encoding from `out` into `out` below must not move it.
    const std::size_t text_bound = (raw_size + kAeadNonceBytes + kAeadTagBytes + 2) / 3 * 4;
    out.reserve(out.size() + text_bound + 1 + tag_text + room_after);
    const std::string_view raw = std::string_view(out).substr(raw_at, raw_size);
    const SessionKey& key = keys_.signing_key();
    if (seal) {
        const std::string sealed = key.aead().seal(
            {associated_data_, bytes.from_length(), pair.from, bytes.to_length(), pair.to}, raw.substr(kCheckBytes),
            raw.substr(0, kCheckBytes));
        out.resize(raw_at);
        text::base64url_append(out, sealed);
        return;
    }
    text::base64url_append(out, raw);
    out.erase(raw_at, raw_size);
    const Mac tag = key.mac({signed_prefix_, bytes.from_length(), pair.from, bytes.to_length(), pair.to,
                             std::string_view(out).substr(raw_at)});
    out.push_back('.');
    text::base64url_append(out, std::string_view(reinterpret_cast<const char*>(tag.data()), tag.size()));
}

std::optional<std::string> SessionCodec::set_cookie(const Session& session, const ConversationPair& pair,
                                                    bool secure) const {
    constexpr std::string_view kSecure = "; Secure";
    std::string header;
    header.append(options_.cookie_name).push_back('=');
    append_encoded(header, session, pair, cookie_attributes_.size() + kSecure.size());
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
