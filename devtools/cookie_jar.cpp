#include "devtools/cookie_jar.hpp"

#include <algorithm>
#include <limits>

#include "text/ascii.hpp"

namespace sms::devtools {

namespace {

// RFC 6265 section 5.2 trims white space (SP and HTAB) around names and values.
constexpr std::string_view kCookieSpace = " \t";

// RFC 6265 section 5.2.2: an optional '-' then digits; anything else is ignored.
std::optional<std::int64_t> parse_max_age(std::string_view text) {
    const bool negative = !text.empty() && text[0] == '-';
    const std::string_view digits = negative ? text.substr(1) : text;
    if (digits.empty()) return std::nullopt;
    std::int64_t value = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') return std::nullopt;
        // Saturate: any lifetime this long is capped at 4 hours anyway.
        value = value > std::numeric_limits<std::int64_t>::max() / 10 ? std::numeric_limits<std::int64_t>::max()
                                                                      : value * 10 + (c - '0');
    }
    return negative ? -value : value;
}

// RFC 6265 section 5.1.1's delimiters between the tokens of a cookie date.
bool is_date_delimiter(unsigned char c) {
    return c == 0x09 || (c >= 0x20 && c <= 0x2F) || (c >= 0x3B && c <= 0x40) || (c >= 0x5B && c <= 0x60) ||
           (c >= 0x7B && c <= 0x7E);
}

// Reads 1*`max` digits at the start of `token`, which must end there or go on
// with a non-digit; the number of digits read, or 0.
std::size_t leading_number(std::string_view token, std::size_t min, std::size_t max, int& value) {
    std::size_t n = 0;
    value = 0;
    while (n < token.size() && token[n] >= '0' && token[n] <= '9') {
        if (n == max) return 0;
        value = value * 10 + (token[n++] - '0');
    }
    return n >= min ? n : 0;
}

bool parse_time(std::string_view token, int& hour, int& minute, int& second) {
    std::size_t n = leading_number(token, 1, 2, hour);
    if (n == 0 || n == token.size() || token[n] != ':') return false;
    token.remove_prefix(n + 1);
    n = leading_number(token, 1, 2, minute);
    if (n == 0 || n == token.size() || token[n] != ':') return false;
    return leading_number(token.substr(n + 1), 1, 2, second) != 0;
}

int parse_month(std::string_view token) {
    static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                   "jul", "aug", "sep", "oct", "nov", "dec"};
    for (int i = 0; i < 12; ++i) {
        if (text::equals_ignoring_case(token.substr(0, 3), kMonths[i])) return i + 1;
    }
    return 0;
}

// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// RFC 6265 section 5.1.1: the lenient cookie-date algorithm, which reads the
// IMF-fixdate, RFC 850 and asctime forms alike. Unix seconds, or nullopt.
std::optional<std::int64_t> parse_expires(std::string_view text) {
    int hour = -1, minute = 0, second = 0, day = -1, month = 0, year = -1;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && is_date_delimiter(static_cast<unsigned char>(text[i]))) ++i;
        const std::size_t start = i;
        while (i < text.size() && !is_date_delimiter(static_cast<unsigned char>(text[i]))) ++i;
        const std::string_view token = text.substr(start, i - start);
        if (token.empty()) continue;
        int value = 0, m = 0, s = 0;
        if (hour < 0 && parse_time(token, value, m, s)) {
            hour = value, minute = m, second = s;
        } else if (day < 0 && leading_number(token, 1, 2, value) != 0) {
            day = value;
        } else if (month == 0 && parse_month(token) != 0) {
            month = parse_month(token);
        } else if (year < 0 && leading_number(token, 2, 4, value) != 0) {
            year = value;
        }
    }
    if (year >= 70 && year <= 99) year += 1900;
    if (year >= 0 && year <= 69) year += 2000;
    static constexpr int kDaysInMonth[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (hour < 0 || day < 1 || month == 0 || year < 1601 || hour > 23 || minute > 59 || second > 59 ||
        day > kDaysInMonth[month - 1]) {
        return std::nullopt;
    }
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (month == 2 && day == 29 && !leap) return std::nullopt;
    return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 + hour * 3600 +
           minute * 60 + second;
}

} // namespace

std::optional<SetCookie> parse_set_cookie(std::string_view header) {
    const auto pair_end = header.find(';');
    const std::string_view pair = header.substr(0, pair_end);
    const auto equals = pair.find('=');
    if (equals == std::string_view::npos) return std::nullopt;
    SetCookie cookie;
    cookie.name = text::trim(pair.substr(0, equals), kCookieSpace);
    cookie.value = text::trim(pair.substr(equals + 1), kCookieSpace);
    if (cookie.name.empty()) return std::nullopt;

    std::string_view attributes = pair_end == std::string_view::npos ? std::string_view() : header.substr(pair_end + 1);
    while (!attributes.empty()) {
        const auto end = attributes.find(';');
        const std::string_view attribute = attributes.substr(0, end);
        attributes = end == std::string_view::npos ? std::string_view() : attributes.substr(end + 1);
        const auto eq = attribute.find('=');
        const std::string_view name = text::trim(attribute.substr(0, eq), kCookieSpace);
        const std::string_view value =
            eq == std::string_view::npos ? std::string_view() : text::trim(attribute.substr(eq + 1), kCookieSpace);
        if (text::equals_ignoring_case(name, "Max-Age")) {
            if (auto seconds = parse_max_age(value)) cookie.max_age = seconds;
        } else if (text::equals_ignoring_case(name, "Expires")) {
            if (auto when = parse_expires(value)) cookie.expires = when;
        } else if (text::equals_ignoring_case(name, "Path")) {
            cookie.has_path = !value.empty() && value[0] == '/';
        } else if (text::equals_ignoring_case(name, "Secure")) {
            cookie.secure = true;
        }
    }
    return cookie;
}

bool CookieJar::store(std::string_view from, std::string_view to, const SetCookie& cookie, std::int64_t now) {
    // Max-Age wins over Expires (RFC 6265 section 5.3, step 3).
    std::int64_t lifetime = kMaxLifetimeSeconds;
    if (cookie.max_age) {
        lifetime = std::min(*cookie.max_age, kMaxLifetimeSeconds);
    } else if (cookie.expires) {
        lifetime = *cookie.expires <= now ? 0 : std::min(*cookie.expires - now, kMaxLifetimeSeconds);
    }
    std::pair<std::string, std::string> key{from, to};
    if (lifetime <= 0) {
        cookies_.erase(key);
        return false;
    }
    cookies_[std::move(key)] = StoredCookie{cookie.name, cookie.value, now + lifetime};
    return true;
}

const StoredCookie* CookieJar::find(std::string_view from, std::string_view to, std::int64_t now) const {
    const auto it = cookies_.find({std::string(from), std::string(to)});
    if (it == cookies_.end() || now >= it->second.expires_at) return nullptr;
    return &it->second;
}

std::string CookieJar::cookie_header(std::string_view from, std::string_view to, std::int64_t now) const {
    const StoredCookie* cookie = find(from, to, now);
    if (cookie == nullptr) return {};
    return cookie->name + "=" + cookie->value;
}

void CookieJar::forget(std::string_view from, std::string_view to) { cookies_.erase({std::string(from), std::string(to)}); }

} // namespace sms::devtools
