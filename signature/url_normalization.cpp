#include "signature/url_normalization.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
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

// The length of the valid UTF-8 sequence at bytes[i], or 0.
std::size_t utf8_length(std::string_view bytes, std::size_t i) {
    const auto b0 = static_cast<unsigned char>(bytes[i]);
    if (b0 < 0x80) return 1;
    const std::size_t len = b0 >= 0xC2 && b0 <= 0xDF ? 2 : b0 >= 0xE0 && b0 <= 0xEF ? 3 : b0 >= 0xF0 && b0 <= 0xF4 ? 4 : 0;
    if (len == 0 || i + len > bytes.size()) return 0;
    std::uint32_t cp = b0 & (0xFF >> (len + 1));
    for (std::size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(bytes[i + k]);
        if ((b & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (b & 0x3F);
    }
    const std::uint32_t min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
    return cp >= min && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF) ? len : 0;
}

// Node's querystring.unescape on one key or value, appended to `out`: '+' is
// a space, valid %XX are decoded, invalid ones kept; the bytes are then read
// as UTF-8, each invalid byte becoming U+FFFD.
void legacy_unescape(std::string& out, std::string_view in) {
    // Decoding never lengthens: written through a pointer into room for `in`.
    const std::size_t start = out.size();
    out.resize(start + in.size());
    char* p = out.data() + start;
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '+') {
            *p++ = ' ';
        } else if (in[i] == '%' && i + 2 < in.size() && hex_value(in[i + 1]) >= 0 && hex_value(in[i + 2]) >= 0) {
            *p++ = static_cast<char>(hex_value(in[i + 1]) * 16 + hex_value(in[i + 2]));
            i += 2;
        } else {
            *p++ = in[i];
        }
    }
    out.resize(static_cast<std::size_t>(p - out.data()));
    std::size_t valid = start;
    for (std::size_t len; valid < out.size(); valid += len) {
        len = static_cast<unsigned char>(out[valid]) < 0x80 ? 1 : utf8_length(out, valid);
        if (len == 0) break;
    }
    if (valid == out.size()) return; // the usual case: nothing to replace
    const std::string bytes = out.substr(valid);
    out.resize(valid);
    for (std::size_t i = 0; i < bytes.size();) {
        const std::size_t len = utf8_length(bytes, i);
        if (len > 0) {
            out.append(bytes, i, len);
            i += len;
        } else {
            out.append("\xEF\xBF\xBD");
            i += 1;
        }
    }
}

// Node's querystring.escape: everything but A-Z a-z 0-9 - . _ ~ ! ' ( ) *.
void legacy_escape(std::string& out, std::string_view in) {
    static constexpr auto kPlain = [] {
        std::array<bool, 256> plain{};
        for (unsigned char c : std::string_view("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!'()*")) plain[c] = true;
        return plain;
    }();
    // Written through a pointer into room for the worst case (every byte
    // escaped): a query of thousands of bytes is re-encoded at memcpy pace.
    const std::size_t at = out.size();
    out.resize(at + 3 * in.size());
    char* p = out.data() + at;
    for (unsigned char c : in) {
        if (kPlain[c]) {
            *p++ = static_cast<char>(c);
        } else {
            *p++ = '%';
            *p++ = kHex[c >> 4];
            *p++ = kHex[c & 15];
        }
    }
    out.resize(static_cast<std::size_t>(p - out.data()));
}

// An integer-like key, which JavaScript objects list before the others.
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
        for (std::size_t i = 0; i < query.size();) {
            std::size_t end = i;
            while (end < query.size() && !in_query_set(static_cast<unsigned char>(query[end]))) ++end;
            out.append(query.substr(i, end - i)); // runs that need no escape at once
            if (end < query.size()) percent_encode(out, static_cast<unsigned char>(query[end++]));
            i = end;
        }
    }
    if (fragment_at != std::string_view::npos) out.append(rest.substr(fragment_at));
    return out;
}

std::string with_legacy_querystring(std::string_view url) {
    auto q = url.find('?');
    if (q == std::string_view::npos || q + 1 == url.size()) return std::string(url);
    std::string_view query = url.substr(q + 1);

    // querystring.parse builds an object: a repeated key's values gather
    // under its first appearance. Grouped by sorting, not by searching the
    // keys seen so far, so that many keys cost n log n, not n squared.
    // Every decoded key and value lies in `text`: one buffer, not two strings a pair.
    struct Pair {
        std::size_t key_at, key_size, value_at, value_size;
        std::size_t first_seen = 0; // arrival of the key's first pair
        bool is_index = false;
        std::uint64_t index = 0;
    };
    std::string text;
    text.reserve(query.size());
    std::vector<Pair> pairs;
    while (!query.empty()) {
        auto amp = query.find('&');
        std::string_view piece = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (piece.empty()) continue;
        auto eq = piece.find('=');
        Pair& pair = pairs.emplace_back();
        pair.key_at = text.size();
        legacy_unescape(text, piece.substr(0, eq));
        pair.key_size = text.size() - pair.key_at;
        pair.value_at = text.size();
        if (eq != std::string_view::npos) legacy_unescape(text, piece.substr(eq + 1));
        pair.value_size = text.size() - pair.value_at;
    }
    const auto key = [&](const Pair& pair) { return std::string_view(text).substr(pair.key_at, pair.key_size); };
    const auto value = [&](const Pair& pair) { return std::string_view(text).substr(pair.value_at, pair.value_size); };
    for (Pair& pair : pairs) pair.is_index = is_array_index(key(pair), pair.index);
    std::vector<std::size_t> order(pairs.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key(pairs[a]) < key(pairs[b]); });
    for (std::size_t i = 0; i < order.size(); ++i) {
        const bool starts_group = i == 0 || key(pairs[order[i]]) != key(pairs[order[i - 1]]);
        pairs[order[i]].first_seen = starts_group ? order[i] : pairs[order[i - 1]].first_seen;
    }
    // JavaScript objects list integer-like keys (array indices) first,
    // ascending, then the others by first insertion; each key's values in
    // the order they came.
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const Pair& x = pairs[a];
        const Pair& y = pairs[b];
        if (x.is_index != y.is_index) return x.is_index;
        const std::uint64_t x_rank = x.is_index ? x.index : x.first_seen;
        const std::uint64_t y_rank = y.is_index ? y.index : y.first_seen;
        return x_rank != y_rank ? x_rank < y_rank : a < b;
    });

    std::string out;
    out.reserve(q + 1 + 3 * text.size() + 2 * pairs.size()); // every byte escaped, '=' and '&'
    out.append(url.substr(0, q + 1));
    for (std::size_t i = 0; i < order.size(); ++i) {
        if (i > 0) out.push_back('&');
        legacy_escape(out, key(pairs[order[i]]));
        out.push_back('=');
        legacy_escape(out, value(pairs[order[i]]));
    }
    return out;
}

} // namespace sms
