// Cookies kept the way Twilio keeps them for SMS webhooks: one cookie per
// From/To pair, replaced by each Set-Cookie, sent back as the Cookie header,
// and forgotten 4 hours after it was last set (sooner when Max-Age or Expires
// says so). Time is a parameter, so chat can run on a simulated clock.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace sms::devtools {

// The parts of one Set-Cookie header value that matter to a cookie keeper.
struct SetCookie {
    std::string name;
    std::string value;
    std::optional<std::int64_t> max_age; // seconds, as sent; <= 0 deletes
    std::optional<std::int64_t> expires; // Unix seconds, from Expires
    bool has_path = false;
    bool secure = false;
};

// RFC 6265 section 5.2: nullopt when there is no name=value pair or the name
// is empty (the header is ignored); attributes that cannot be parsed are ignored.
std::optional<SetCookie> parse_set_cookie(std::string_view header);

struct StoredCookie {
    std::string name;
    std::string value;
    std::int64_t expires_at = 0; // not sent from this time on
};

// What chat and simulate print when an answer deletes the cookie (an opt-out).
inline constexpr std::string_view kCookieDeletedNote = "(cookie deleted: the conversation ended; the next message starts a new one)\n";

class CookieJar {
public:
    // Twilio documents 4 hours for cookies without an expiry, and may cap longer ones to it.
    static constexpr std::int64_t kMaxLifetimeSeconds = 4 * 3600;

    // False when the cookie says to forget the pair's cookie (Max-Age=0, an
    // Expires in the past), as an opt-out's answer does.
    bool store(std::string_view from, std::string_view to, const SetCookie& cookie, std::int64_t now);

    // The cookie still kept for the pair at `now`, or nullptr.
    const StoredCookie* find(std::string_view from, std::string_view to, std::int64_t now) const;

    // The Cookie request header ("name=value"), or empty when none is kept.
    std::string cookie_header(std::string_view from, std::string_view to, std::int64_t now) const;

    void forget(std::string_view from, std::string_view to);

private:
    std::map<std::pair<std::string, std::string>, StoredCookie> cookies_; // by (From, To)
};

} // namespace sms::devtools
