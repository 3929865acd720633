#include "request/cookie_header.hpp"

namespace sms {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

} // namespace

CookieError find_cookie(std::string_view header, std::string_view name, const CookieLimits& limits,
                        std::optional<std::string_view>& value) {
    value.reset();
    if (header.size() > limits.max_header_bytes) return CookieError::header_too_large;
    std::size_t count = 0;
    while (!header.empty()) {
        auto semi = header.find(';');
        auto pair = trim(header.substr(0, semi));
        header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
        if (pair.empty()) continue;
        if (++count > limits.max_cookies) {
            value.reset(); // a cookie found before the limit broke is not an answer
            return CookieError::too_many_cookies;
        }
        auto eq = pair.find('=');
        if (eq == std::string_view::npos || value) continue;
        if (trim(pair.substr(0, eq)) != name) continue;
        auto v = trim(pair.substr(eq + 1));
        if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
        value = v;
    }
    return CookieError::none;
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
