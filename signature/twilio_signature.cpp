#include "signature/twilio_signature.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>

#include "signature/url_normalization.hpp"

namespace sms {

namespace {

// JavaScript sorts strings by UTF-16 code units, so characters above U+FFFF
// (4-byte UTF-8, lead bytes F0-F4) sort before U+E000..U+FFFF (lead bytes EE,
// EF). Remapping those two lead bytes above F4 gives the same order on UTF-8.
unsigned utf16_order_byte(unsigned char b) {
    if (b == 0xEE) return 0xF5;
    if (b == 0xEF) return 0xF6;
    return b;
}

bool utf16_less(std::string_view a, std::string_view b) {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return utf16_order_byte(static_cast<unsigned char>(x)) < utf16_order_byte(static_cast<unsigned char>(y));
    });
}

// What is signed after the URL: name+value for each parameter, by name; a
// repeated name's values de-duplicated and sorted.
std::string parameter_text(const Form& params) {
    std::vector<FormField> sorted;
    sorted.reserve(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) sorted.push_back(params[i]);
    std::sort(sorted.begin(), sorted.end(), [](const FormField& x, const FormField& y) {
        if (x.name != y.name) return utf16_less(x.name, y.name);
        return utf16_less(x.value, y.value);
    });
    std::string data;
    const FormField* previous = nullptr;
    for (const FormField& field : sorted) {
        if (previous != nullptr && previous->name == field.name && previous->value == field.value) continue;
        data.append(field.name).append(field.value);
        previous = &field;
    }
    return data;
}

std::string sign(const KeyedHmac& key, std::string_view url, std::string_view parameters) {
    unsigned char tag[EVP_MAX_MD_SIZE];
    key.sign({url, parameters}, tag);
    return base64_encode(tag, key.size());
}

// Splits "scheme://authority/rest" the way twilio-node's splitUrl does: the
// authority ends at the first '/', '?' or '#'; its port starts at the first
// ':' after any ']' and after the last '@'.
struct UrlParts {
    std::string_view scheme_and_host; // "https://user@host"
    std::string_view port;            // ":8443", or empty
    std::string_view rest;            // "/path?query"
    bool is_https = false;
    bool ok = false;
};

UrlParts split_url(std::string_view url) {
    UrlParts parts;
    auto sep = url.find("://");
    if (sep == std::string_view::npos || sep == 0) return parts;
    auto authority_end = url.find_first_of("/?#", sep + 3);
    if (authority_end == std::string_view::npos) authority_end = url.size();
    auto authority = url.substr(sep + 3, authority_end - sep - 3);
    auto host_start = authority.rfind('@');
    host_start = host_start == std::string_view::npos ? 0 : host_start + 1;
    auto bracket = authority.find(']', host_start);
    auto colon = authority.find(':', bracket == std::string_view::npos ? host_start : bracket);
    auto host_end = colon == std::string_view::npos ? authority.size() : colon;
    parts.scheme_and_host = url.substr(0, sep + 3 + host_end);
    parts.port = authority.substr(host_end);
    parts.rest = url.substr(authority_end);
    auto scheme = url.substr(0, sep);
    parts.is_https = scheme.size() == 5 && (scheme[0] | 0x20) == 'h' && (scheme[1] | 0x20) == 't' &&
                     (scheme[2] | 0x20) == 't' && (scheme[3] | 0x20) == 'p' && (scheme[4] | 0x20) == 's';
    parts.ok = true;
    return parts;
}

} // namespace

std::string compute_twilio_signature(std::string_view auth_token, std::string_view url, const Form& params) {
    return sign(KeyedHmac("SHA1", auth_token), url, parameter_text(params));
}

std::string url_without_port(std::string_view url) {
    UrlParts parts = split_url(url);
    if (!parts.ok) return std::string(url);
    return std::string(parts.scheme_and_host).append(parts.rest);
}

std::string url_with_default_port(std::string_view url) {
    UrlParts parts = split_url(url);
    if (!parts.ok || !parts.port.empty()) return std::string(url);
    return std::string(parts.scheme_and_host).append(parts.is_https ? ":443" : ":80").append(parts.rest);
}

SignatureValidator::SignatureValidator(const std::vector<std::string>& auth_tokens) {
    tokens_.reserve(auth_tokens.size());
    for (const auto& token : auth_tokens) tokens_.emplace_back("SHA1", token);
}

bool SignatureValidator::matches(std::string_view signature, std::string_view url, std::string_view parameters) const {
    for (const auto& token : tokens_) {
        const std::string expected = sign(token, url, parameters);
        if (expected.size() == signature.size() &&
            CRYPTO_memcmp(expected.data(), signature.data(), expected.size()) == 0) {
            return true;
        }
    }
    return false;
}

bool SignatureValidator::valid(std::string_view signature, std::string_view url, const Form& params) const {
    const std::string parameters = parameter_text(params);
    // First the URL as received, as twilio-node does; Twilio signs exactly
    // what it requested, so this is the path every genuine request takes.
    if (matches(signature, url_without_port(url), parameters) ||
        matches(signature, url_with_default_port(url), parameters)) {
        return true;
    }
    const auto normalized = normalize_url(url);
    if (!normalized) return false;
    // A URL that normalises to itself was tried just above: skipping it
    // spares two HMACs over what may be a long forged query.
    if (*normalized != url && (matches(signature, url_without_port(*normalized), parameters) ||
        matches(signature, url_with_default_port(*normalized), parameters))) {
        return true;
    }
    // Re-encoding the query leaves the port alone: done once, for both forms.
    const std::string legacy = with_legacy_querystring(*normalized);
    if (legacy == *normalized) return false; // both forms were tried above
    return matches(signature, url_without_port(legacy), parameters) ||
           matches(signature, url_with_default_port(legacy), parameters);
}

} // namespace sms
