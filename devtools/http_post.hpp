// One webhook POST over HTTP(S) with libcurl, as Twilio makes it: following
// redirects, within a total timeout, reading at most kMaxTwimlBytes + 1 bytes.
//
// libcurl is loaded at run time (dlopen), only by the developer tools that
// post: linked into the binary, its ~30 libraries (gnutls, krb5, ldap, ...)
// would be loaded and relocated by every server and CGI process, which never
// use them, and that was most of a CGI request's cost (bench/README-notes.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "devtools/webhook_verdict.hpp"

namespace sms::devtools {

struct HttpPost {
    std::string url;
    std::string body; // application/x-www-form-urlencoded
    std::vector<std::string> headers; // "Name: value"
    double timeout_seconds = 15;
    std::string ca_file;        // PEM certificates to trust instead of the system's (a local test CA)
    bool verify_tls = true;     // false: any certificate and host name (a local test only)
};

// Loads libcurl and initialises it; call once before the first post. Returns
// why it cannot (libcurl missing, or failing to start), or nothing.
std::optional<std::string> start_http();

// Releases what start_http set up; no post may follow.
void stop_http();

HttpExchange http_post(const HttpPost& post);

} // namespace sms::devtools
