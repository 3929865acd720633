#include "signature/url_normalization.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace sms {

namespace {

constexpr char kHex[] = "0123456789ABCDEF";

void percent_encode(std::string& out, unsigned char c) {
    out.push_back('%');
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// WHATWG percent-encode sets: C0 controls and bytes above 0x7E, plus these.
bool in_query_set(unsigned char c) {
    return c < 0x21 || c > 0x7E || c == '"' || c == '#' || c == '<' || c == '>' || c == '\'';
}

bool in_path_set(unsigned char c) {
    return (in_query_set(c) && c != '\'') || c == '?' || c == '`' || c == '{' || c == '}';
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::string normalize_path(std::string_view path) {
    std::vector<std::string> segments;
    std::size_t start = 1; // path begins with '/'
    for (;;) {
        auto end = path.find('/', start);
        std::string_view segment = path.substr(start, end == std::string_view::npos ? path.npos : end - start);
        const bool last = end == std::string_view::npos;
        if (segment == "..") {
            if (!segments.empty()) segments.pop_back();
            if (last) segments.emplace_back();
        } else if (segment == ".") {
            if (last) segments.emplace_back();
        } else {
            std::string encoded;
            for (unsigned char c : segment) in_path_set(c) ? percent_encode(encoded, c) : encoded.push_back(static_cast<char>(c));
            segments.push_back(std::move(encoded));
        }
        if (last) break;
        start = end + 1;
    }
    std::string out;
    for (const auto& segment : segments) out.append("/").append(segment);
    return out.empty() ? "/" : out;
}

// Node's querystring.unescape on one key or value: '+' is a space, valid %XX
// are decoded, invalid ones kept; the bytes are then read as UTF-8, each
// invalid byte becoming U+FFFD.
std::string legacy_unescape(std::string_view in) {
    std::string bytes;
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '+') {
            bytes.push_back(' ');
        } else if (in[i] == '%' && i + 2 < in.size() && hex_value(in[i + 1]) >= 0 && hex_value(in[i + 2]) >= 0) {
            bytes.push_back(static_cast<char>(hex_value(in[i + 1]) * 16 + hex_value(in[i + 2])));
            i += 2;
        } else {
            bytes.push_back(in[i]);
        }
    }
    std::string out;
    for (std::size_t i = 0; i < bytes.size();) {
        const auto b0 = static_cast<unsigned char>(bytes[i]);
        std::size_t len = b0 < 0x80 ? 1 : b0 >= 0xC2 && b0 <= 0xDF ? 2 : b0 >= 0xE0 && b0 <= 0xEF ? 3 : b0 >= 0xF0 && b0 <= 0xF4 ? 4 : 0;
        bool ok = len > 0 && i + len <= bytes.size();
        std::uint32_t cp = len == 1 ? b0 : (b0 & (0xFF >> (len + 1)));
        for (std::size_t k = 1; ok && k < len; ++k) {
            const auto b = static_cast<unsigned char>(bytes[i + k]);
            ok = (b & 0xC0) == 0x80;
            cp = (cp << 6) | (b & 0x3F);
        }
        const std::uint32_t min = len == 2 ? 0x80 : len == 3 ? 0x800 : len == 4 ? 0x10000 : 0;
        ok = ok && cp >= min && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
        if (ok) {
            out.append(bytes, i, len);
            i += len;
        } else {
            out.append("\xEF\xBF\xBD");
            i += 1;
        }
    }
    return out;
}

// Node's querystring.escape: everything but A-Z a-z 0-9 - . _ ~ ! ' ( ) *.
void legacy_escape(std::string& out, std::string_view in) {
    for (unsigned char c : in) {
        const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                           std::string_view("-._~!'()*").find(static_cast<char>(c)) != std::string_view::npos;
        plain ? out.push_back(static_cast<char>(c)) : percent_encode(out, c);
    }
}

// JavaScript objects list integer-like keys (array indices) first, ascending.
bool is_array_index(std::string_view key, std::uint64_t& value) {
    if (key.empty() || key.size() > 10 || (key.size() > 1 && key[0] == '0')) return false;
    value = 0;
    for (char c : key) {
        if (c < '0' || c > '9') return false;
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return value < 4294967295u;
}

} // namespace

std::optional<std::string> normalize_url(std::string_view url) {
    auto sep = url.find("://");
    if (sep == std::string_view::npos) return std::nullopt;
    const std::string scheme = lower(url.substr(0, sep));
    if (scheme != "http" && scheme != "https") return std::nullopt;
    auto authority_end = url.find_first_of("/?#", sep + 3);
    if (authority_end == std::string_view::npos) authority_end = url.size();
    std::string_view authority = url.substr(sep + 3, authority_end - sep - 3);
    auto at = authority.rfind('@');
    std::string_view userinfo = at == std::string_view::npos ? std::string_view{} : authority.substr(0, at + 1);
    std::string_view host_port = at == std::string_view::npos ? authority : authority.substr(at + 1);
    auto colon = host_port.find(':', host_port.find(']') == std::string_view::npos ? 0 : host_port.find(']'));
    std::string_view host = host_port.substr(0, colon);
    std::string_view port = colon == std::string_view::npos ? std::string_view{} : host_port.substr(colon + 1);
    if (host.empty()) return std::nullopt;
    for (unsigned char c : host) {
        if (c > 0x7E || c <= 0x20) return std::nullopt; // IDNA is out of scope
    }
    while (port.size() > 1 && port.front() == '0') port.remove_prefix(1);
    for (char c : port) {
        if (c < '0' || c > '9') return std::nullopt;
    }
    if (port == (scheme == "https" ? "443" : "80")) port = {};

    std::string out = scheme + "://";
    out.append(userinfo).append(lower(host));
    if (!port.empty()) out.append(":").append(port);

    std::string_view rest = url.substr(authority_end);
    const auto query_at = rest.find('?');
    const auto fragment_at = rest.find('#');
    const auto path_end = std::min(query_at, fragment_at);
    std::string_view path = rest.substr(0, path_end);
    out.append(path.empty() || path.front() != '/' ? normalize_path("/" + std::string(path)) : normalize_path(path));
    if (query_at != std::string_view::npos && query_at < fragment_at) {
        out.push_back('?');
        std::string_view query = rest.substr(query_at + 1, fragment_at == std::string_view::npos ? rest.npos : fragment_at - query_at - 1);
        for (unsigned char c : query) in_query_set(c) ? percent_encode(out, c) : out.push_back(static_cast<char>(c));
    }
    if (fragment_at != std::string_view::npos) out.append(rest.substr(fragment_at));
    return out;
}

std::string with_legacy_querystring(std::string_view url) {
    auto q = url.find('?');
    if (q == std::string_view::npos || q + 1 == url.size()) return std::string(url);
    std::string_view query = url.substr(q + 1);

    std::vector<std::pair<std::string, std::vector<std::string>>> keys; // first-insertion order
    while (!query.empty()) {
        auto amp = query.find('&');
        std::string_view piece = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (piece.empty()) continue;
        auto eq = piece.find('=');
        std::string key = legacy_unescape(piece.substr(0, eq));
        std::string value = eq == std::string_view::npos ? std::string() : legacy_unescape(piece.substr(eq + 1));
        auto it = keys.begin();
        while (it != keys.end() && it->first != key) ++it;
        if (it == keys.end()) keys.emplace_back(std::move(key), std::vector<std::string>{std::move(value)});
        else it->second.push_back(std::move(value));
    }
    std::stable_partition(keys.begin(), keys.end(), [](const auto& k) {
        std::uint64_t v;
        return is_array_index(k.first, v);
    });
    auto index_end = std::find_if(keys.begin(), keys.end(), [](const auto& k) {
        std::uint64_t v;
        return !is_array_index(k.first, v);
    });
    std::stable_sort(keys.begin(), index_end, [](const auto& a, const auto& b) {
        std::uint64_t x = 0, y = 0;
        is_array_index(a.first, x);
        is_array_index(b.first, y);
        return x < y;
    });

    std::string out(url.substr(0, q + 1));
    bool first = true;
    for (const auto& [key, values] : keys) {
        for (const auto& value : values) {
            if (!first) out.push_back('&');
            first = false;
            legacy_escape(out, key);
            out.push_back('=');
            legacy_escape(out, value);
        }
    }
    return out;
}

} // namespace sms
