#include "server/cgi_response.hpp"

#include "text/decimal.hpp"

namespace sms {

std::string_view status_reason(int status) {
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 405: return "Method Not Allowed";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Unknown";
    }
}

void render_cgi_response(const Response& response, std::string& out) {
    out.reserve(out.size() + 160 + response.set_cookie.size() + response.body.size());
    text::append_decimal(out.append("Status: "), response.status);
    out.append(" ").append(status_reason(response.status)).append("\r\n");
    out.append("Content-Type: ").append(response.content_type).append("\r\n");
    text::append_decimal(out.append("Content-Length: "), static_cast<std::int64_t>(response.body.size()));
    out.append("\r\n");
    if (!response.allow.empty()) out.append("Allow: ").append(response.allow).append("\r\n");
    if (!response.set_cookie.empty()) out.append("Set-Cookie: ").append(response.set_cookie).append("\r\n");
    out.append("Cache-Control: no-store\r\n\r\n");
    out.append(response.body);
}

} // namespace sms
