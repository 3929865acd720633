#include "signature/url_normalization.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <vector>

#include "text/ascii.hpp"
#include "text/utf8.hpp"

namespace sms {

namespace {

constexpr char kHex[] = "0123456789ABCDEF";

// 256 flags from a predicate on bytes, built at compile time: the loops over
// a long query look each byte up instead of testing it.
template <typename Predicate>
constexpr std::array<bool, 256> byte_set(Predicate in_set) {
    std::array<bool, 256> set{};
    for (unsigned c = 0; c < 256; ++c) set[c] = in_set(static_cast<unsigned char>(c));
    return set;
}

// WHATWG percent-encode sets: C0 controls and bytes above 0x7E, plus these.
constexpr bool in_query_set(unsigned char c) {
    return c < 0x21 || c > 0x7E || c == '"' || c == '#' || c == '<' || c == '>' || c == '\'';
}

constexpr auto kQuerySet = byte_set(in_query_set);
constexpr auto kPathSet = byte_set([](unsigned char c) {
    return (in_query_set(c) && c != '\'') || c == '?' || c == '`' || c == '{' || c == '}';
});
// What Node's querystring.escape leaves alone: A-Z a-z 0-9 - . _ ~ ! ' ( ) *.
constexpr auto kLegacyPlain = byte_set([](unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           std::string_view("-._~!'()*").find(static_cast<char>(c)) != std::string_view::npos;
});
constexpr auto kHexValue = [] {
    std::array<signed char, 256> value{};
    for (unsigned c = 0; c < 256; ++c) {
        value[c] = c >= '0' && c <= '9'   ? static_cast<signed char>(c - '0')
                   : c >= 'a' && c <= 'f' ? static_cast<signed char>(c - 'a' + 10)
                   : c >= 'A' && c <= 'F' ? static_cast<signed char>(c - 'A' + 10)
                                          : -1;
    }
    return value;
}();

unsigned char byte(char c) { return static_cast<unsigned char>(c); }

// Appends `in` with the bytes of `set` percent-encoded; runs that need no
// escape are appended at once.
void append_encoded(std::string& out, std::string_view in, const std::array<bool, 256>& set) {
    for (std::size_t i = 0; i < in.size();) {
        std::size_t end = i;
        while (end < in.size() && !set[byte(in[end])]) ++end;
        out.append(in, i, end - i);
        if (end < in.size()) {
            const unsigned char c = byte(in[end++]);
            const char escaped[] = {'%', kHex[c >> 4], kHex[c & 15]};
            out.append(escaped, 3);
        }
        i = end;
    }
}

// Appends the path with dot segments resolved and the path set escaped;
// `path` is what follows its leading '/'. A segment is dropped by cutting
// `out` at its last '/': an escaped segment holds none.
void append_path(std::string& out, std::string_view path) {
    const std::size_t root = out.size();
    for (;;) {
        const auto slash = path.find('/');
        const bool last = slash == std::string_view::npos;
        const std::string_view segment = path.substr(0, slash);
        if (segment == "..") {
            if (out.size() > root) out.resize(out.rfind('/'));
            if (last) out.push_back('/');
        } else if (segment == ".") {
            if (last) out.push_back('/');
        } else {
            out.push_back('/');
            append_encoded(out, segment, kPathSet);
        }
        if (last) break;
        path.remove_prefix(slash + 1);
    }
    if (out.size() == root) out.push_back('/');
}

// Rewrites the decoded bytes [start, end) as Node's Buffer reads them as
// UTF-8: each maximal subpart of an ill-formed sequence becomes U+FFFD.
// Returns the new end. There must be room for three bytes per byte.
char* replace_invalid_utf8(char* start, char* end) {
    std::string_view decoded(start, static_cast<std::size_t>(end - start));
    std::size_t valid = 0;
    for (text::Utf8Prefix prefix; valid < decoded.size() && (prefix = text::utf8_prefix(decoded.substr(valid))).well_formed;) {
        valid += prefix.size;
    }
    if (valid == decoded.size()) return end;
    const std::string rest(decoded.substr(valid)); // the repair writes more than it reads
    return text::copy_repairing_utf8(rest, start + valid);
}

// Node's querystring.unescape of one key (up to '=' or '&') or value (up to
// '&') starting at query[i], written at `p`: '+' is a space, valid %XX are
// decoded, invalid ones kept; the bytes are then read as UTF-8, each maximal
// subpart of an ill-formed sequence becoming U+FFFD. Returns where the key or value ends. The hex digits
// of an escape never run past its end: '=' and '&' are not hex digits.
std::size_t legacy_unescape(std::string_view query, std::size_t i, bool is_key, char*& p) {
    char* const start = p;
    unsigned char high_bits = 0;
    for (; i < query.size(); ++i) {
        const char c = query[i];
        if (c == '&' || (is_key && c == '=')) break;
        char decoded = c;
        if (c == '+') {
            decoded = ' ';
        } else if (c == '%' && i + 2 < query.size() && kHexValue[byte(query[i + 1])] >= 0 &&
                   kHexValue[byte(query[i + 2])] >= 0) {
            decoded = static_cast<char>(kHexValue[byte(query[i + 1])] * 16 + kHexValue[byte(query[i + 2])]);
            i += 2;
        }
        high_bits |= byte(decoded);
        *p++ = decoded;
    }
    if (high_bits & 0x80) p = replace_invalid_utf8(start, p); // ASCII is always valid
    return i;
}

// Node's querystring.escape of `in`, written at `p`.
char* legacy_escape(char* p, std::string_view in) {
    for (char c : in) {
        if (kLegacyPlain[byte(c)]) {
            *p++ = c;
        } else {
            *p++ = '%';
            *p++ = kHex[byte(c) >> 4];
            *p++ = kHex[byte(c) & 15];
        }
    }
    return p;
}

// querystring.escape of each ASCII byte, '+' already read as the space it
// stands for: the byte itself or its %XX, padded to four bytes so that it is
// copied as one word.
struct LegacyEscape {
    char bytes[4];
    unsigned char size;
};
constexpr auto kLegacyEscape = [] {
    std::array<LegacyEscape, 256> table{};
    for (unsigned c = 0; c < 256; ++c) {
        const unsigned decoded = c == '+' ? ' ' : c;
        if (kLegacyPlain[decoded]) {
            table[c] = {{static_cast<char>(decoded), 0, 0, 0}, 1};
        } else {
            table[c] = {{'%', kHex[decoded >> 4], kHex[decoded & 15], 0}, 3};
        }
    }
    return table;
}();
// What requote cannot copy through kLegacyEscape: the ends of a piece, an
// escape to decode, and bytes beyond ASCII.
constexpr auto kNeedsDecoding = byte_set([](unsigned char c) { return c == '&' || c == '=' || c == '%' || c >= 0x80; });

// querystring.escape(querystring.unescape(piece)) of the key or value that
// starts at query[i], written at `o`; returns where the piece ends. ASCII,
// the usual case, is decoded and escaped in one pass, a table lookup a byte;
// a piece that decodes to anything else takes the two steps above, through
// `scratch`, for its UTF-8 repairs. Writes at most 9 bytes per query byte,
// and may write 3 bytes past what it reports.
std::size_t requote(std::string_view query, std::size_t i, bool is_key, char*& o, std::string& scratch) {
    char* const start = o;
    char* out = start; // a local: stores through char* could alias `o`, which would then be reloaded per byte
    const std::size_t begin = i;
    for (; i < query.size(); ++i) {
        const char c = query[i];
        if (!kNeedsDecoding[byte(c)]) { // stands for itself: written as querystring.escape writes it
            std::memcpy(out, kLegacyEscape[byte(c)].bytes, 4);
            out += kLegacyEscape[byte(c)].size;
            continue;
        }
        if (c == '&' || (is_key && c == '=')) break;
        unsigned char decoded = byte(c);
        if (c == '%' && i + 2 < query.size() && kHexValue[byte(query[i + 1])] >= 0 &&
            kHexValue[byte(query[i + 2])] >= 0) {
            decoded = static_cast<unsigned char>(kHexValue[byte(query[i + 1])] * 16 + kHexValue[byte(query[i + 2])]);
            i += 2;
        }
        if (decoded >= 0x80) { // not ASCII: the piece again, with its UTF-8 repaired
            scratch.resize(3 * (query.size() - begin));
            char* p = scratch.data();
            const std::size_t end = legacy_unescape(query, begin, is_key, p);
            o = legacy_escape(start, std::string_view(scratch.data(), static_cast<std::size_t>(p - scratch.data())));
            return end;
        }
        std::memcpy(out, kLegacyEscape[decoded].bytes, 4);
        out += kLegacyEscape[decoded].size;
    }
    o = out;
    return i;
}

// How many '&'-separated pieces the query has, '&' found by memchr: a
// vectorised std::count widens every byte to a 64-bit count and costs more.
std::size_t count_pieces(std::string_view query) {
    std::size_t pieces = 1;
    for (const char* at = query.data(), *end = at + query.size();
         (at = static_cast<const char*>(std::memchr(at, '&', static_cast<std::size_t>(end - at)))) != nullptr; ++at) {
        ++pieces;
    }
    return pieces;
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
    const bool https = text::equals_ignoring_case(url.substr(0, sep), "https");
    if (!https && !text::equals_ignoring_case(url.substr(0, sep), "http")) return std::nullopt;
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
    if (port == (https ? "443" : "80")) port = {};

    std::string out;
    out.reserve(url.size() + 16); // room for the usual case, where little is escaped
    out.append(https ? "https://" : "http://").append(userinfo);
    for (char c : host) out.push_back(text::to_lower(c));
    if (!port.empty()) out.append(":").append(port);

    std::string_view rest = url.substr(authority_end);
    const auto query_at = rest.find('?');
    const auto fragment_at = rest.find('#');
    std::string_view path = rest.substr(0, std::min(query_at, fragment_at));
    if (!path.empty() && path.front() == '/') path.remove_prefix(1);
    append_path(out, path);
    if (query_at != std::string_view::npos && query_at < fragment_at) {
        out.push_back('?');
        append_encoded(out, rest.substr(query_at + 1, fragment_at == std::string_view::npos ? rest.npos : fragment_at - query_at - 1),
                       kQuerySet);
    }
    if (fragment_at != std::string_view::npos) out.append(rest.substr(fragment_at));
    return out;
}

std::string with_legacy_querystring(std::string_view url) {
    auto q = url.find('?');
    if (q == std::string_view::npos || q + 1 == url.size()) return std::string(url);
    const std::string_view query = url.substr(q + 1);

    // Every key and value is decoded and escaped again into `text`, sized
    // for the worst case and never zeroed. Escaping is one-to-one, so the
    // escaped keys compare as the decoded ones would, and an array index
    // (digits only) escapes to itself.
    struct Pair {
        std::size_t key_at, key_size, value_at, value_size;
        std::size_t next = 0;  // the next pair with this key, if any (0: none; pair 0 is never next)
        std::size_t last = 0;  // for the key's first pair: the key's last pair so far
        bool is_index = false; // for the key's first pair
        std::uint64_t index = 0;
    };
    const auto text = std::make_unique_for_overwrite<char[]>(9 * query.size() + 3);
    std::string scratch;
    std::vector<Pair> pairs;
    pairs.reserve(count_pieces(query));
    char* p = text.get();
    for (std::size_t i = 0; i < query.size();) {
        if (query[i] == '&') { // an empty piece
            ++i;
            continue;
        }
        Pair& pair = pairs.emplace_back();
        pair.key_at = static_cast<std::size_t>(p - text.get());
        i = requote(query, i, true, p, scratch);
        pair.key_size = static_cast<std::size_t>(p - text.get()) - pair.key_at;
        pair.value_at = static_cast<std::size_t>(p - text.get());
        if (i < query.size() && query[i] == '=') i = requote(query, i + 1, false, p, scratch);
        pair.value_size = static_cast<std::size_t>(p - text.get()) - pair.value_at;
    }
    const std::string_view escaped(text.get(), static_cast<std::size_t>(p - text.get()));
    const auto key = [&](const Pair& pair) { return escaped.substr(pair.key_at, pair.key_size); };

    // querystring.parse builds an object: a repeated key's values gather
    // under its first appearance. Grouped through a hash table of each key's
    // first pair, so that many keys cost n, not n log n or n squared.
    std::size_t slots = 16;
    while (slots < 2 * pairs.size()) slots *= 2;
    constexpr std::size_t kFree = static_cast<std::size_t>(-1);
    std::vector<std::size_t> first_of(slots, kFree);
    std::vector<std::size_t> firsts; // each key's first pair, in arrival order
    firsts.reserve(pairs.size());
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        std::size_t slot = std::hash<std::string_view>{}(key(pairs[i])) & (slots - 1);
        while (first_of[slot] != kFree && key(pairs[first_of[slot]]) != key(pairs[i])) slot = (slot + 1) & (slots - 1);
        if (first_of[slot] == kFree) {
            first_of[slot] = i;
            pairs[i].last = i;
            pairs[i].is_index = is_array_index(key(pairs[i]), pairs[i].index);
            firsts.push_back(i);
        } else {
            Pair& first = pairs[first_of[slot]];
            pairs[first.last].next = i;
            first.last = i;
        }
    }
    // JavaScript objects list integer-like keys (array indices) first,
    // ascending, then the others by first insertion; each key's values in
    // the order they came.
    const auto indices_end =
        std::stable_partition(firsts.begin(), firsts.end(), [&](std::size_t i) { return pairs[i].is_index; });
    std::sort(firsts.begin(), indices_end, [&](std::size_t a, std::size_t b) { return pairs[a].index < pairs[b].index; });

    std::string out;
    out.reserve(q + 1 + escaped.size() + 2 * pairs.size()); // each pair with its '=' and '&'
    out.append(url, 0, q + 1);
    for (std::size_t first : firsts) {
        for (std::size_t i = first;; i = pairs[i].next) {
            if (out.size() != q + 1) out.push_back('&');
            out.append(key(pairs[i])).push_back('=');
            out.append(escaped, pairs[i].value_at, pairs[i].value_size);
            if (pairs[i].next == 0) break;
        }
    }
    return out;
}

} // namespace sms
