#include "http/libcurl_client.hpp"

#include <curl/curl.h> // types and constants only: the functions come from dlsym

#include <algorithm>

#include "system/shared_library.hpp"
#include "text/ascii.hpp"

namespace sms::http {

namespace {

// The runtime library of Debian's libcurl4 (the soname of libcurl 7.16 and later).
constexpr const char* kCurlLibrary = "libcurl.so.4";

// The libcurl functions this file calls, looked up in the loaded library.
struct CurlFunctions {
    decltype(&curl_global_init) global_init = nullptr;
    decltype(&curl_easy_init) easy_init = nullptr;
    decltype(&curl_easy_setopt) easy_setopt = nullptr;
    decltype(&curl_easy_perform) easy_perform = nullptr;
    decltype(&curl_easy_getinfo) easy_getinfo = nullptr;
    decltype(&curl_easy_strerror) easy_strerror = nullptr;
    decltype(&curl_easy_cleanup) easy_cleanup = nullptr;
    decltype(&curl_slist_append) slist_append = nullptr;
    decltype(&curl_slist_free_all) slist_free_all = nullptr;
};

// libcurl, loaded and initialised on first use and kept until exit (its
// global clean-up is not thread-safe, and the process ends anyway).
std::variant<CurlFunctions, std::string> loaded_libcurl() {
    static const std::variant<CurlFunctions, std::string> loaded = []() -> std::variant<CurlFunctions, std::string> {
        auto opened = SharedLibrary::open(kCurlLibrary);
        if (auto* error = std::get_if<std::string>(&opened)) {
            return "libcurl is not available (on Debian: apt install libcurl4): " + *error;
        }
        auto& library = std::get<SharedLibrary>(opened);
        CurlFunctions found;
        library.find("curl_global_init", found.global_init);
        library.find("curl_easy_init", found.easy_init);
        library.find("curl_easy_setopt", found.easy_setopt);
        library.find("curl_easy_perform", found.easy_perform);
        library.find("curl_easy_getinfo", found.easy_getinfo);
        library.find("curl_easy_strerror", found.easy_strerror);
        library.find("curl_easy_cleanup", found.easy_cleanup);
        library.find("curl_slist_append", found.slist_append);
        library.find("curl_slist_free_all", found.slist_free_all);
        if (!library.missing().empty()) return std::string(kCurlLibrary) + ": " + library.missing();
        if (found.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) return std::string("libcurl could not start");
        return found;
    }();
    return loaded;
}

struct Exchange {
    const Request& request;
    Response& response;
};

std::string header_value(std::string_view line, std::size_t name_length) {
    return std::string(text::trim(line.substr(name_length)));
}

size_t on_header(char* data, size_t size, size_t count, void* context) {
    auto& response = static_cast<Exchange*>(context)->response;
    const std::string_view line(data, size * count);
    if (line.substr(0, 5) == "HTTP/") {
        // A new response (after a redirect): only the final one counts.
        response.content_type.reset();
        response.set_cookies.clear();
    } else if (text::starts_with_ignoring_case(line, "content-type:")) {
        response.content_type = header_value(line, 13);
    } else if (text::starts_with_ignoring_case(line, "set-cookie:")) {
        response.set_cookies.push_back(header_value(line, 11));
    }
    return size * count;
}

size_t on_body(char* data, size_t size, size_t count, void* context) {
    auto& exchange = *static_cast<Exchange*>(context);
    auto& body = exchange.response.body;
    const std::size_t limit = exchange.request.max_body_bytes;
    const size_t room = limit + 1 - body.size();
    body.append(data, std::min(room, size * count));
    // Stop once over the limit: the caller judges the size.
    return body.size() > limit ? 0 : size * count;
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

class LibcurlClient final : public Client {
public:
    LibcurlClient(CurlFunctions curl, LibcurlOptions options) : curl_(curl), options_(std::move(options)) {}
    Response send(const Request& request) const override;

private:
    struct Free {
        const CurlFunctions& curl;
        void operator()(CURL* handle) const { curl.easy_cleanup(handle); }
        void operator()(curl_slist* list) const { curl.slist_free_all(list); }
    };

    CurlFunctions curl_;
    LibcurlOptions options_;
};

Response LibcurlClient::send(const Request& request) const {
    Response response;
    const auto started = std::chrono::steady_clock::now();
    std::unique_ptr<CURL, Free> handle(curl_.easy_init(), Free{curl_});
    if (!handle) {
        response.transport = Transport::failed;
        response.transport_error = "libcurl could not start";
        return response;
    }
    curl_slist* list = nullptr;
    for (const auto& header : request.headers) list = curl_.slist_append(list, header.c_str());
    std::unique_ptr<curl_slist, Free> headers(list, Free{curl_});
    char error[CURL_ERROR_SIZE] = "";
    Exchange exchange{request, response};

    const long timeout_ms = std::max<long>(1, static_cast<long>(request.timeout.count()));
    CURL* c = handle.get();
    curl_.easy_setopt(c, CURLOPT_URL, request.url.c_str());
    if (request.method == "POST") {
        curl_.easy_setopt(c, CURLOPT_POSTFIELDS, request.body.c_str());
        curl_.easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    } else {
        curl_.easy_setopt(c, CURLOPT_HTTPGET, 1L);
    }
    curl_.easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_.easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_.easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                      std::min(timeout_ms, static_cast<long>(request.connect_timeout.count())));
    curl_.easy_setopt(c, CURLOPT_FOLLOWLOCATION, request.follow_redirects ? 1L : 0L);
    curl_.easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
    curl_.easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_.easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_.easy_setopt(c, CURLOPT_NOSIGNAL, 1L); // threads: no SIGALRM for DNS timeouts
    curl_.easy_setopt(c, CURLOPT_ERRORBUFFER, error);
    curl_.easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_.easy_setopt(c, CURLOPT_HEADERDATA, &exchange);
    curl_.easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_.easy_setopt(c, CURLOPT_WRITEDATA, &exchange);
    // CAINFO is added to the system's directory of certificates (CAPATH), which stays trusted.
    if (!options_.extra_ca_file.empty()) curl_.easy_setopt(c, CURLOPT_CAINFO, options_.extra_ca_file.c_str());
    if (!request.verify_tls) {
        curl_.easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_.easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
    }

    const CURLcode code = curl_.easy_perform(c);
    curl_.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
    curl_off_t connect_time = 0;
    curl_.easy_getinfo(c, CURLINFO_CONNECT_TIME_T, &connect_time);
    // Stopping at the size limit is not a transport failure: the caller judges the size.
    if (code != CURLE_OK && !(code == CURLE_WRITE_ERROR && response.body.size() > request.max_body_bytes)) {
        response.transport = transport_of(code, connect_time > 0);
        response.transport_error = error[0] != '\0' ? error : curl_.easy_strerror(code);
    }
    response.elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    return response;
}

} // namespace

std::variant<std::shared_ptr<const Client>, std::string> load_libcurl_client(const LibcurlOptions& options) {
    auto loaded = loaded_libcurl();
    if (auto* error = std::get_if<std::string>(&loaded)) return *error;
    return std::make_shared<const LibcurlClient>(std::get<CurlFunctions>(loaded), options);
}

} // namespace sms::http
