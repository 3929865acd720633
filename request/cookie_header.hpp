// Reading one cookie out of an HTTP Cookie header (RFC 6265 section 5.4 syntax).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace sms {

struct CookieLimits {
    std::size_t max_header_bytes = 8 * 1024;
    std::size_t max_cookies = 64;
};

enum class CookieError { none, header_too_large, too_many_cookies };

// Sets `value` to the first cookie called `name` (surrounding double quotes
// removed), or leaves it empty. Fails only when the header breaks a limit,
// and then leaves `value` empty.
CookieError find_cookie(std::string_view header, std::string_view name, const CookieLimits& limits,
                        std::optional<std::string_view>& value);

std::string_view describe(CookieError error);

} // namespace sms
