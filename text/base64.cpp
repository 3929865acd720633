#include "text/base64.hpp"

#include <openssl/evp.h>

#include <array>
#include <cstdint>

namespace sms::text {

namespace {

// Table-driven in both directions, one pass, no intermediate copy: the codec
// runs three times per request (payload and tag in, cookie out).
constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::uint8_t kInvalid = 0xff;

constexpr std::array<std::uint8_t, 256> kSextets = [] {
    std::array<std::uint8_t, 256> table{};
    table.fill(kInvalid);
    for (std::size_t i = 0; i < kAlphabet.size(); ++i) table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::uint8_t>(i);
    return table;
}();

std::uint32_t sextet(char c) { return kSextets[static_cast<unsigned char>(c)]; }

// Sextets ORed together: any character outside the alphabet sets a high bit.
bool all_valid(std::uint32_t ored) { return (ored & ~std::uint32_t{63}) == 0; }

std::size_t encoded_size(std::size_t bytes) { return (bytes * 4 + 2) / 3; }

void encode_into(std::string_view bytes, char* o) {
    const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t n = in[i] << 16 | in[i + 1] << 8 | in[i + 2];
        *o++ = kAlphabet[n >> 18];
        *o++ = kAlphabet[(n >> 12) & 63];
        *o++ = kAlphabet[(n >> 6) & 63];
        *o++ = kAlphabet[n & 63];
    }
    if (const std::size_t tail = bytes.size() - i; tail > 0) {
        const std::uint32_t n = in[i] << 16 | (tail == 2 ? in[i + 1] << 8 : 0);
        *o++ = kAlphabet[n >> 18];
        *o++ = kAlphabet[(n >> 12) & 63];
        if (tail == 2) *o = kAlphabet[(n >> 6) & 63];
    }
}

// Decodes `text` (whose length is not 1 mod 4) into `o`, which has room for
// decoded_size(text.size()) bytes.
bool decode_into(std::string_view text, unsigned char* o) {
    const std::size_t tail = text.size() % 4;
    std::size_t i = 0;
    for (; i + 4 <= text.size(); i += 4) {
        const std::uint32_t a = sextet(text[i]), b = sextet(text[i + 1]), c = sextet(text[i + 2]), d = sextet(text[i + 3]);
        if (!all_valid(a | b | c | d)) return false;
        const std::uint32_t n = a << 18 | b << 12 | c << 6 | d;
        *o++ = static_cast<unsigned char>(n >> 16);
        *o++ = static_cast<unsigned char>(n >> 8);
        *o++ = static_cast<unsigned char>(n);
    }
    if (tail == 0) return true;
    const std::uint32_t a = sextet(text[i]), b = sextet(text[i + 1]), c = tail == 3 ? sextet(text[i + 2]) : 0;
    if (!all_valid(a | b | c)) return false;
    const std::uint32_t n = a << 18 | b << 12 | c << 6;
    // The bits past the last whole byte must be zero (canonical encoding).
    if ((tail == 2 && (n & 0xffff) != 0) || (tail == 3 && (n & 0xff) != 0)) return false;
    *o++ = static_cast<unsigned char>(n >> 16);
    if (tail == 3) *o = static_cast<unsigned char>(n >> 8);
    return true;
}

std::size_t decoded_size(std::size_t text) { return text / 4 * 3 + (text % 4 == 0 ? 0 : text % 4 - 1); }

} // namespace

std::string base64_encode(const unsigned char* bytes, std::size_t length) {
    std::string out(4 * ((length + 2) / 3), '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes, static_cast<int>(length));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::string base64url_encode(std::string_view bytes) {
    std::string out;
    base64url_append(out, bytes);
    return out;
}

void base64url_append(std::string& out, std::string_view bytes) {
    const std::size_t at = out.size();
    out.resize(at + encoded_size(bytes.size()));
    encode_into(bytes, out.data() + at);
}

std::optional<std::string> base64url_decode(std::string_view text) {
    std::string out;
    if (!base64url_decode_into(text, out)) return std::nullopt;
    return out;
}

bool base64url_decode_into(std::string_view text, std::string& out) {
    if (text.size() % 4 == 1) return false;
    out.resize(decoded_size(text.size()));
    return decode_into(text, reinterpret_cast<unsigned char*>(out.data()));
}

bool base64url_decode_exact(std::string_view text, std::span<unsigned char> out) {
    return text.size() % 4 != 1 && decoded_size(text.size()) == out.size() && decode_into(text, out.data());
}

} // namespace sms::text
