// Reading one cookie out of a request's Cookie headers (RFC 6265 section 5.4 syntax).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace sms {

// For all of a request's Cookie headers together.
struct CookieLimits {
    std::size_t max_header_bytes = 8 * 1024; // as if joined into one header with "; "
    std::size_t max_cookies = 64;
};

enum class CookieError { none, header_too_large, too_many_cookies };

struct FoundCookie {
    std::optional<std::string_view> value; // the only cookie of that name (surrounding double quotes removed)
    bool ambiguous = false;                // more than one of that name: none is an answer
};

// Looks for the cookie `name` in a request's first Cookie header and any
// more it sent (nginx before 1.23 passes each Cookie header on its own;
// later versions and RFC 6265 clients send them joined with "; "), treated
// as one header either way. Fails only when the headers break a limit, and
// then finds nothing.
CookieError find_cookie(std::string_view header, std::span<const std::string_view> more_headers, std::string_view name,
                        const CookieLimits& limits, FoundCookie& found);

std::string_view describe(CookieError error);

} // namespace sms
