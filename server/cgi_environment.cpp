#include "server/cgi_environment.hpp"

#include <cstring>

namespace sms {

namespace {

struct Field {
    std::string_view name;
    std::string_view Request::*member;
};

constexpr Field kFields[] = {
    {"REQUEST_METHOD", &Request::method},
    {"CONTENT_TYPE", &Request::content_type},
    {"QUERY_STRING", &Request::query_string},
    {"HTTPS", &Request::https},
    {"REQUEST_SCHEME", &Request::scheme},
    {"HTTP_HOST", &Request::host},
    {"SERVER_PORT", &Request::server_port},
    {"REQUEST_URI", &Request::request_uri},
    {"HTTP_X_FORWARDED_PROTO", &Request::forwarded_proto},
    {"HTTP_X_FORWARDED_HOST", &Request::forwarded_host},
};

} // namespace

void read_cgi_environment(const char* const* envp, Request& request) {
    bool cookie_seen = false;
    for (; envp != nullptr && *envp != nullptr; ++envp) {
        std::string_view entry(*envp);
        auto eq = entry.find('=');
        if (eq == std::string_view::npos) continue;
        auto name = entry.substr(0, eq);
        auto value = entry.substr(eq + 1);
        if (name == "CONTENT_LENGTH") {
            request.content_length = value;
        } else if (name == "HTTP_COOKIE") {
            // Every one is kept: what several of them mean is the handler's call.
            if (cookie_seen) {
                request.more_cookies.push_back(value);
            } else {
                request.cookie = value;
                cookie_seen = true;
            }
        } else if (name == "HTTP_X_TWILIO_SIGNATURE") {
            request.twilio_signature = value;
        } else {
            for (const auto& field : kFields) {
                if (field.name == name) {
                    request.*field.member = value;
                    break;
                }
            }
        }
    }
}

} // namespace sms
