#include "request/cookie_header.hpp"

#include "text/ascii.hpp"

namespace sms {

namespace {

constexpr std::size_t kJoinBytes = 2; // "; " between headers, were they joined

// Optional white space around a cookie-pair (RFC 6265 section 5.2).
std::string_view trim(std::string_view s) { return text::trim(s, " \t"); }

// Counts one header's cookies into `count` and notes each called `name`;
// false once `count` passes the limit.
bool scan(std::string_view header, std::string_view name, std::size_t max_cookies, std::size_t& count, FoundCookie& found) {
    while (!header.empty()) {
        auto semi = header.find(';');
        auto pair = trim(header.substr(0, semi));
        header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
        if (pair.empty()) continue;
        if (++count > max_cookies) return false;
        auto eq = pair.find('=');
        if (eq == std::string_view::npos || trim(pair.substr(0, eq)) != name) continue;
        if (found.value || found.ambiguous) {
            found.value.reset();
            found.ambiguous = true;
            continue;
        }
        auto v = trim(pair.substr(eq + 1));
        if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
        found.value = v;
    }
    return true;
}

} // namespace

CookieError find_cookie(std::string_view header, std::span<const std::string_view> more_headers, std::string_view name,
                        const CookieLimits& limits, FoundCookie& found) {
    found = FoundCookie{};
    std::size_t bytes = header.size();
    for (std::string_view more : more_headers) bytes += kJoinBytes + more.size();
    if (bytes > limits.max_header_bytes) return CookieError::header_too_large;
    std::size_t count = 0;
    bool within = scan(header, name, limits.max_cookies, count, found);
    for (std::size_t i = 0; within && i < more_headers.size(); ++i) {
        within = scan(more_headers[i], name, limits.max_cookies, count, found);
    }
    if (within) return CookieError::none;
    found = FoundCookie{}; // a cookie found before the limit broke is not an answer
    return CookieError::too_many_cookies;
}

std::string_view describe(CookieError error) {
    switch (error) {
    case CookieError::none: return "ok";
    case CookieError::header_too_large: return "Cookie header too large";
    case CookieError::too_many_cookies: return "too many cookies";
    }
    return "bad Cookie header";
}

} // namespace sms
