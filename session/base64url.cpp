#include "session/base64url.hpp"

#include <openssl/evp.h>

namespace sms {

namespace {

int sextet(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
}

} // namespace

std::string base64url_encode(std::string_view bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3), '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    while (!out.empty() && out.back() == '=') out.pop_back();
    for (char& c : out) {
        if (c == '+') c = '-';
        else if (c == '/') c = '_';
    }
    return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
    const std::size_t tail = text.size() % 4;
    if (tail == 1) return std::nullopt;
    for (char c : text) {
        if (sextet(c) < 0) return std::nullopt;
    }
    // The bits past the last whole byte must be zero (canonical encoding).
    if (tail == 2 && (sextet(text.back()) & 0x0f) != 0) return std::nullopt;
    if (tail == 3 && (sextet(text.back()) & 0x03) != 0) return std::nullopt;

    std::string padded(text);
    for (char& c : padded) {
        if (c == '-') c = '+';
        else if (c == '_') c = '/';
    }
    if (tail != 0) padded.append(4 - tail, '=');
    std::string out(padded.size() / 4 * 3, '\0');
    int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(padded.data()), static_cast<int>(padded.size()));
    if (n < 0) return std::nullopt;
    out.resize(static_cast<std::size_t>(n) - (tail == 0 ? 0 : 4 - tail)); // DecodeBlock counts padding as bytes
    return out;
}

} // namespace sms
