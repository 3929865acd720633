// One outbound HTTP exchange as values, and the interface that makes it. The
// server provides the implementation (libcurl, libcurl_client.hpp); flows and
// the developer tools only see this, and tests substitute a fake.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace sms::http {

struct Request {
    std::string method = "POST"; // GET or POST
    std::string url;
    std::string body; // POST only
    std::vector<std::string> headers; // "Name: value"
    std::chrono::milliseconds timeout{15000}; // the whole exchange, connecting included
    std::chrono::milliseconds connect_timeout{10000};
    std::size_t max_body_bytes = 64 * 1024; // the body is read up to one byte more, then the exchange stops
    bool follow_redirects = false;
    bool verify_tls = true;
};

enum class Transport {
    ok,
    resolve_failed,   // no such host
    connect_failed,   // refused, unreachable, or no connection within the connect timeout
    timed_out,        // connected, but no complete response in time
    too_many_redirects,
    tls_failed,       // TLS handshake
    certificate_invalid,
    failed,           // anything else the client reports (a malformed URL, a reset)
};

struct Response {
    Transport transport = Transport::ok;
    std::string transport_error; // the client's words
    long status = 0;             // 0: no HTTP response
    std::optional<std::string> content_type;
    std::vector<std::string> set_cookies; // of the final response
    std::string body;                     // at most max_body_bytes + 1 bytes
    std::chrono::milliseconds elapsed{0};
};

class Client {
public:
    virtual ~Client() = default;
    // Safe to call from several threads at once.
    virtual Response send(const Request& request) const = 0;
};

} // namespace sms::http
