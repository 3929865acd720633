#include "devtools/http_post.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <memory>

#include "devtools/ascii.hpp"

namespace sms::devtools {

namespace {

// Twilio tries 10 s to connect (twilio.com/docs/api/errors/11205).
constexpr double kConnectTimeoutSeconds = 10;

struct CurlFree {
    void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

std::string header_value(std::string_view line, std::size_t name_length) {
    return std::string(trim(line.substr(name_length)));
}

size_t on_header(char* data, size_t size, size_t count, void* context) {
    auto& exchange = *static_cast<HttpExchange*>(context);
    const std::string_view line(data, size * count);
    if (line.substr(0, 5) == "HTTP/") {
        // A new response (after a redirect): only the final one counts.
        exchange.content_type.reset();
        exchange.set_cookies.clear();
    } else if (starts_with_ignoring_case(line, "content-type:")) {
        exchange.content_type = header_value(line, 13);
    } else if (starts_with_ignoring_case(line, "set-cookie:")) {
        exchange.set_cookies.push_back(header_value(line, 11));
    }
    return size * count;
}

size_t on_body(char* data, size_t size, size_t count, void* context) {
    auto& body = static_cast<HttpExchange*>(context)->body;
    const size_t room = kMaxTwimlBytes + 1 - body.size();
    body.append(data, std::min(room, size * count));
    // Stop once over the limit; the verdict reports 11750.
    return body.size() > kMaxTwimlBytes ? 0 : size * count;
}

Transport transport_of(CURLcode code, bool connected) {
    switch (code) {
    case CURLE_OK: return Transport::ok;
    case CURLE_COULDNT_RESOLVE_HOST: return Transport::resolve_failed;
    case CURLE_COULDNT_CONNECT: return Transport::connect_failed;
    case CURLE_OPERATION_TIMEDOUT: return connected ? Transport::timed_out : Transport::connect_failed;
    case CURLE_TOO_MANY_REDIRECTS: return Transport::too_many_redirects;
    case CURLE_SSL_CONNECT_ERROR: return Transport::tls_failed;
    case CURLE_PEER_FAILED_VERIFICATION: return Transport::certificate_invalid;
    default: return Transport::failed;
    }
}

} // namespace

HttpExchange http_post(const HttpPost& post) {
    HttpExchange exchange;
    exchange.https = starts_with_ignoring_case(post.url, "https:");
    exchange.timeout_seconds = post.timeout_seconds;

    std::unique_ptr<CURL, CurlFree> curl(curl_easy_init());
    if (!curl) {
        exchange.transport = Transport::failed;
        exchange.transport_error = "libcurl could not start";
        return exchange;
    }
    curl_slist* list = nullptr;
    for (const auto& header : post.headers) list = curl_slist_append(list, header.c_str());
    std::unique_ptr<curl_slist, CurlFree> headers(list);
    char error[CURL_ERROR_SIZE] = "";

    const auto timeout_ms = static_cast<long>(post.timeout_seconds * 1000);
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, post.url.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, post.body.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post.body.size()));
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                     std::min(timeout_ms, static_cast<long>(kConnectTimeoutSeconds * 1000)));
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L); // Twilio follows redirects, like a browser
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &exchange);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &exchange);

    const CURLcode code = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &exchange.status);
    curl_off_t connect_time = 0;
    curl_easy_getinfo(c, CURLINFO_CONNECT_TIME_T, &connect_time);

    // Stopping at the size limit is not a transport failure: the verdict judges the size.
    if (code != CURLE_OK && !(code == CURLE_WRITE_ERROR && exchange.body.size() > kMaxTwimlBytes)) {
        exchange.transport = transport_of(code, connect_time > 0);
        exchange.transport_error = error[0] != '\0' ? error : curl_easy_strerror(code);
    }
    return exchange;
}

} // namespace sms::devtools
