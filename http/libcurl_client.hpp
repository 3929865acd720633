// The HTTP client on libcurl, loaded at run time (dlopen) by what needs it:
// simulate, and a server whose flow calls out. Linked in, its ~30 libraries
// (gnutls, krb5, ldap, ...) would be loaded and relocated by every server and
// CGI process, which mostly never use them, and that was most of a CGI
// request's cost (bench/README-notes.md).
#pragma once

#include <memory>
#include <string>
#include <variant>

#include "http/http_client.hpp"

namespace sms::http {

struct LibcurlOptions {
    // PEM certificates trusted besides the system's (a staging or test CA).
    std::string extra_ca_file;
};

// Loads and initialises libcurl once per process (later calls share it); the
// client, or why libcurl cannot be used. Call before starting threads.
std::variant<std::shared_ptr<const Client>, std::string> load_libcurl_client(const LibcurlOptions& options = {});

} // namespace sms::http
