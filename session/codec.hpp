// SessionCodec turns a Session into a Set-Cookie value and back. A cookie
// that does not verify, has expired or cannot be parsed restores as a fresh
// session, with the reason, and is never trusted. A cookie is bound to the
// From/To pair it was issued to: the pair is part of what its MAC (or its
// AES-GCM tag) covers, so it costs no cookie bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "session/key_ring.hpp"
#include "session/session.hpp"

namespace sms {

struct SessionOptions {
    std::string cookie_name = "sms_session";
    std::int64_t max_idle_seconds = 4 * 3600; // Twilio forgets cookies after 4 idle hours
    std::int64_t max_clock_skew_seconds = 60; // tolerated for cookies from hosts slightly ahead
    bool encrypt = false;                     // AES-256-GCM instead of HMAC-SHA256 only
    std::size_t max_set_cookie_bytes = 4095;  // browsers and Twilio keep at most 4 KiB per cookie
};

// The conversation a cookie belongs to: Twilio keeps one cookie per pair.
struct ConversationPair {
    std::string_view from;
    std::string_view to;
};

enum class RestoreOutcome {
    fresh,           // no cookie: a new conversation
    restored,        // verified with the current secret
    rotated,         // verified with a previous secret; re-issued under the current one
    malformed,       // not a cookie this program writes
    bad_mac,         // signed (or sealed) by no key in the ring, or altered
    expired,         // idle longer than max_idle_seconds
    future,          // dated after now + max_clock_skew_seconds
    unknown_version, // a format this build does not know
    wrong_mode,      // signed-only cookie while encryption is required, or the reverse
    ambiguous,       // more than one session cookie in the request: none is trusted
    other_pair,      // issued to another From/To pair
};

// "new", "restored", "rotated", or "rejected:<reason>" for the log line.
std::string_view describe(RestoreOutcome outcome);

struct RestoredSession {
    Session session; // empty when the outcome is not restored/rotated
    RestoreOutcome outcome = RestoreOutcome::fresh;
};

class SessionCodec {
public:
    SessionCodec(KeyRing keys, SessionOptions options);

    // Version 2 cookies, and version 1 ones (issued before, not bound to a
    // pair), which restore like any other and are re-issued as version 2.
    RestoredSession restore(std::optional<std::string_view> cookie_value, const ConversationPair& pair,
                            std::int64_t now) const;

    // The cookie value: "v2.<check+payload>.<tag>" signed, or
    // "e2.<check+sealed>" encrypted, each part base64url, so only RFC 6265
    // cookie-octets appear. The check is 2 bytes of the pair's FNV-1a hash:
    // it tells a cookie of another pair from a forged one without a MAC.
    std::string encode(const Session& session, const ConversationPair& pair) const;

    // The whole Set-Cookie header value, or nothing when it would exceed
    // max_set_cookie_bytes (the caller must fail loudly, not drop the session).
    std::optional<std::string> set_cookie(const Session& session, const ConversationPair& pair, bool secure) const;

    // A Set-Cookie header value that makes the client forget the session.
    std::string deleting_cookie(bool secure) const;

    const SessionOptions& options() const { return options_; }

private:
    void append_encoded(std::string& out, const Session& session, const ConversationPair& pair,
                        std::size_t room_after) const;
    RestoreOutcome open_signed(std::string_view body, const ConversationPair& pair, std::string& payload,
                               bool& rotated) const;
    RestoreOutcome open_sealed(std::string_view body, const ConversationPair& pair, std::string& payload,
                               bool& rotated) const;
    RestoreOutcome open_signed_v1(std::string_view body, std::string& payload, bool& rotated) const;
    RestoreOutcome open_sealed_v1(std::string_view body, std::string& payload, bool& rotated) const;

    KeyRing keys_;
    SessionOptions options_;
    std::string signed_prefix_;      // "v2" NUL cookie-name NUL: the tag covers it, the pair, then the payload
    std::string associated_data_;    // "e2" NUL cookie-name NUL: then the pair, as a sealed cookie's associated data
    std::string signed_prefix_v1_;   // "v1" NUL cookie-name NUL, then the payload (no pair)
    std::string associated_data_v1_; // "e1" NUL cookie-name
    std::string cookie_attributes_; // "; Path=/; Max-Age=...; HttpOnly; SameSite=Lax"
};

} // namespace sms
