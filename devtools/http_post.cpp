#include "devtools/http_post.hpp"

#include <curl/curl.h> // types and constants only: the functions come from dlsym
#include <dlfcn.h>

#include <algorithm>
#include <memory>

#include "text/ascii.hpp"

namespace sms::devtools {

namespace {

// Twilio tries 10 s to connect (twilio.com/docs/api/errors/11205).
constexpr double kConnectTimeoutSeconds = 10;

// The runtime library of Debian's libcurl4 (the soname of libcurl 7.16 and later).
constexpr const char* kCurlLibrary = "libcurl.so.4";

// The libcurl functions this file calls, looked up in the loaded library.
struct CurlFunctions {
    decltype(&curl_global_init) global_init = nullptr;
    decltype(&curl_global_cleanup) global_cleanup = nullptr;
    decltype(&curl_easy_init) easy_init = nullptr;
    decltype(&curl_easy_setopt) easy_setopt = nullptr;
    decltype(&curl_easy_perform) easy_perform = nullptr;
    decltype(&curl_easy_getinfo) easy_getinfo = nullptr;
    decltype(&curl_easy_strerror) easy_strerror = nullptr;
    decltype(&curl_easy_cleanup) easy_cleanup = nullptr;
    decltype(&curl_slist_append) slist_append = nullptr;
    decltype(&curl_slist_free_all) slist_free_all = nullptr;
};

CurlFunctions libcurl; // set by start_http

template <typename Function>
bool look_up(void* library, const char* name, Function& function) {
    function = reinterpret_cast<Function>(::dlsym(library, name));
    return function != nullptr;
}

// Looks every function up: nothing when all are there, else why one is not.
std::optional<std::string> look_up_all(void* library, CurlFunctions& f) {
    const bool all = look_up(library, "curl_global_init", f.global_init) &&
                     look_up(library, "curl_global_cleanup", f.global_cleanup) &&
                     look_up(library, "curl_easy_init", f.easy_init) &&
                     look_up(library, "curl_easy_setopt", f.easy_setopt) &&
                     look_up(library, "curl_easy_perform", f.easy_perform) &&
                     look_up(library, "curl_easy_getinfo", f.easy_getinfo) &&
                     look_up(library, "curl_easy_strerror", f.easy_strerror) &&
                     look_up(library, "curl_easy_cleanup", f.easy_cleanup) &&
                     look_up(library, "curl_slist_append", f.slist_append) &&
                     look_up(library, "curl_slist_free_all", f.slist_free_all);
    if (all) return std::nullopt;
    const char* error = ::dlerror();
    return std::string(error != nullptr ? error : "a libcurl function is missing");
}

struct CurlFree {
    void operator()(CURL* handle) const { libcurl.easy_cleanup(handle); }
    void operator()(curl_slist* list) const { libcurl.slist_free_all(list); }
};

std::string header_value(std::string_view line, std::size_t name_length) {
    return std::string(text::trim(line.substr(name_length)));
}

size_t on_header(char* data, size_t size, size_t count, void* context) {
    auto& exchange = *static_cast<HttpExchange*>(context);
    const std::string_view line(data, size * count);
    if (line.substr(0, 5) == "HTTP/") {
        // A new response (after a redirect): only the final one counts.
        exchange.content_type.reset();
        exchange.set_cookies.clear();
    } else if (text::starts_with_ignoring_case(line, "content-type:")) {
        exchange.content_type = header_value(line, 13);
    } else if (text::starts_with_ignoring_case(line, "set-cookie:")) {
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

std::optional<std::string> start_http() {
    // Never unloaded: libcurl and the libraries it loads stay until exit.
    void* library = ::dlopen(kCurlLibrary, RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) {
        return std::string("libcurl is not available (on Debian: apt install libcurl4): ") + ::dlerror();
    }
    CurlFunctions found;
    if (auto missing = look_up_all(library, found)) return std::string(kCurlLibrary) + ": " + *missing;
    if (found.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) return std::string("libcurl could not start");
    libcurl = found;
    return std::nullopt;
}

void stop_http() {
    if (libcurl.global_cleanup != nullptr) libcurl.global_cleanup();
    libcurl = {};
}

HttpExchange http_post(const HttpPost& post) {
    HttpExchange exchange;
    exchange.https = text::starts_with_ignoring_case(post.url, "https:");
    exchange.timeout_seconds = post.timeout_seconds;

    std::unique_ptr<CURL, CurlFree> handle(libcurl.easy_init());
    if (!handle) {
        exchange.transport = Transport::failed;
        exchange.transport_error = "libcurl could not start";
        return exchange;
    }
    curl_slist* list = nullptr;
    for (const auto& header : post.headers) list = libcurl.slist_append(list, header.c_str());
    std::unique_ptr<curl_slist, CurlFree> headers(list);
    char error[CURL_ERROR_SIZE] = "";

    const auto timeout_ms = static_cast<long>(post.timeout_seconds * 1000);
    CURL* c = handle.get();
    libcurl.easy_setopt(c, CURLOPT_URL, post.url.c_str());
    libcurl.easy_setopt(c, CURLOPT_POSTFIELDS, post.body.c_str());
    libcurl.easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post.body.size()));
    libcurl.easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    libcurl.easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
    libcurl.easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                        std::min(timeout_ms, static_cast<long>(kConnectTimeoutSeconds * 1000)));
    libcurl.easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L); // Twilio follows redirects, like a browser
    libcurl.easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
    libcurl.easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    libcurl.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    libcurl.easy_setopt(c, CURLOPT_ERRORBUFFER, error);
    libcurl.easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    libcurl.easy_setopt(c, CURLOPT_HEADERDATA, &exchange);
    libcurl.easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    libcurl.easy_setopt(c, CURLOPT_WRITEDATA, &exchange);
    if (!post.ca_file.empty()) libcurl.easy_setopt(c, CURLOPT_CAINFO, post.ca_file.c_str());
    if (!post.verify_tls) {
        libcurl.easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
        libcurl.easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
    }

    const CURLcode code = libcurl.easy_perform(c);
    libcurl.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &exchange.status);
    curl_off_t connect_time = 0;
    libcurl.easy_getinfo(c, CURLINFO_CONNECT_TIME_T, &connect_time);

    // Stopping at the size limit is not a transport failure: the verdict judges the size.
    if (code != CURLE_OK && !(code == CURLE_WRITE_ERROR && exchange.body.size() > kMaxTwimlBytes)) {
        exchange.transport = transport_of(code, connect_time > 0);
        exchange.transport_error = error[0] != '\0' ? error : libcurl.easy_strerror(code);
    }
    return exchange;
}

} // namespace sms::devtools
