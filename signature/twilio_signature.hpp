// X-Twilio-Signature: proof that a webhook request came from Twilio.
// The algorithm is the official libraries' (twilio-node's validateRequest):
// base64(HMAC-SHA1(auth token, URL + each parameter's name and value, sorted)).
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/keyed_hmac.hpp"
#include "request/form.hpp"

namespace sms {

// The signature Twilio sends for a request to `url` with POST parameters
// `params` (empty for GET: the query string is part of the URL).
std::string compute_twilio_signature(std::string_view auth_token, std::string_view url, const Form& params);
// The same with a token keyed once (an HMAC-SHA1 KeyedHmac), for signing
// many requests: a flow's run-function calls.
std::string compute_twilio_signature(const KeyedHmac& auth_token, std::string_view url, const Form& params);

// A URL as three pieces whose concatenation is the URL: host, port, rest.
using UrlPieces = std::array<std::string_view, 3>;

// The two forms twilio-node accepts for a URL as received: with any port
// removed, and with the scheme's default port added when it has none. In
// pieces (views into `url`), so that the HMAC reads them and none is built.
struct PortForms {
    UrlPieces without_port;
    UrlPieces with_port;
};
PortForms port_forms(std::string_view url);

// Holds every accepted auth token (the current one and those still valid
// during a rotation), keyed once at start-up.
class SignatureValidator {
public:
    explicit SignatureValidator(const std::vector<std::string>& auth_tokens);

    bool enabled() const { return !tokens_.empty(); }
    bool valid(std::string_view signature, std::string_view url, const Form& params) const;

private:
    bool matches(std::string_view signature, const UrlPieces& url, std::string_view parameters) const;
    bool matches_either_port(std::string_view signature, std::string_view url, std::string_view parameters) const;

    std::vector<KeyedHmac> tokens_;
};

} // namespace sms
