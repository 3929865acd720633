#include "signature/twilio_signature.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>

#include "signature/url_normalization.hpp"
#include "text/ascii.hpp"
#include "text/base64.hpp"

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
    return text::base64_encode(tag, key.size());
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
    parts.is_https = text::equals_ignoring_case(scheme, "https");
    parts.ok = true;
    return parts;
}

// The length of the base64 text of a `tag_size`-byte tag.
std::size_t base64_size(std::size_t tag_size) { return 4 * ((tag_size + 2) / 3); }

} // namespace

std::string compute_twilio_signature(std::string_view auth_token, std::string_view url, const Form& params) {
    return compute_twilio_signature(KeyedHmac("SHA1", auth_token), url, params);
}

std::string compute_twilio_signature(const KeyedHmac& auth_token, std::string_view url, const Form& params) {
    return sign(auth_token, url, parameter_text(params));
}

PortForms port_forms(std::string_view url) {
    const UrlParts parts = split_url(url);
    if (!parts.ok) return {{url, {}, {}}, {url, {}, {}}};
    const std::string_view default_port = parts.is_https ? ":443" : ":80";
    return {{parts.scheme_and_host, {}, parts.rest},
            {parts.scheme_and_host, parts.port.empty() ? default_port : parts.port, parts.rest}};
}

SignatureValidator::SignatureValidator(const std::vector<std::string>& auth_tokens) {
    tokens_.reserve(auth_tokens.size());
    for (const auto& token : auth_tokens) tokens_.emplace_back("SHA1", token);
}

bool SignatureValidator::matches(std::string_view signature, const UrlPieces& url, std::string_view parameters) const {
    for (const auto& token : tokens_) {
        if (base64_size(token.size()) != signature.size()) continue;
        unsigned char tag[EVP_MAX_MD_SIZE];
        token.sign({url[0], url[1], url[2], parameters}, tag);
        // Encoded on the stack: a forged request costs no allocation here.
        unsigned char expected[base64_size(EVP_MAX_MD_SIZE) + 1];
        EVP_EncodeBlock(expected, tag, static_cast<int>(token.size()));
        if (CRYPTO_memcmp(expected, signature.data(), signature.size()) == 0) return true;
    }
    return false;
}

bool SignatureValidator::matches_either_port(std::string_view signature, std::string_view url,
                                             std::string_view parameters) const {
    const PortForms forms = port_forms(url);
    return matches(signature, forms.without_port, parameters) || matches(signature, forms.with_port, parameters);
}

bool SignatureValidator::valid(std::string_view signature, std::string_view url, const Form& params) const {
    // A signature of a length no tag encodes to matches no URL: rejected
    // before the URL is normalised or anything is hashed.
    if (std::none_of(tokens_.begin(), tokens_.end(),
                     [&](const KeyedHmac& token) { return base64_size(token.size()) == signature.size(); })) {
        return false;
    }
    const std::string parameters = parameter_text(params);
    // First the URL as received, as twilio-node does; Twilio signs exactly
    // what it requested, so this is the path every genuine request takes.
    if (matches_either_port(signature, url, parameters)) return true;
    const auto normalized = normalize_url(url);
    if (!normalized) return false;
    // A URL that normalises to itself was tried just above: skipping it
    // spares two HMACs over what may be a long forged query.
    if (*normalized != url && matches_either_port(signature, *normalized, parameters)) return true;
    // Re-encoding the query leaves the port alone: done once, for both forms.
    const std::string legacy = with_legacy_querystring(*normalized);
    if (legacy == *normalized) return false; // both forms were tried above
    return matches_either_port(signature, legacy, parameters);
}

} // namespace sms
