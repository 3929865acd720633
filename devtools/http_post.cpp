#include "devtools/http_post.hpp"

#include <algorithm>

#include "text/ascii.hpp"

namespace sms::devtools {

namespace {

// Twilio tries 10 s to connect (twilio.com/docs/api/errors/11205).
constexpr std::chrono::milliseconds kConnectTimeout{10000};

} // namespace

HttpExchange http_post(const http::Client& client, const HttpPost& post) {
    http::Request request;
    request.url = post.url;
    request.body = post.body;
    request.headers = post.headers;
    request.timeout = std::chrono::milliseconds(static_cast<long long>(post.timeout_seconds * 1000));
    request.connect_timeout = std::min(request.timeout, kConnectTimeout);
    request.max_body_bytes = kMaxTwimlBytes;
    request.follow_redirects = true; // Twilio follows redirects, like a browser
    request.verify_tls = post.verify_tls;
    http::Response response = client.send(request);

    HttpExchange exchange;
    exchange.https = text::starts_with_ignoring_case(post.url, "https:");
    exchange.timeout_seconds = post.timeout_seconds;
    exchange.transport = response.transport;
    exchange.transport_error = std::move(response.transport_error);
    exchange.status = response.status;
    exchange.content_type = std::move(response.content_type);
    exchange.set_cookies = std::move(response.set_cookies);
    exchange.body = std::move(response.body);
    return exchange;
}

} // namespace sms::devtools
