#include "request/request.hpp"

#include "request/decimal.hpp"

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

Response error_response(int status, std::string_view reason) {
    Response response;
    response.status = status;
    response.content_type = "text/plain; charset=utf-8";
    response.body.reserve(reason.size() + 1);
    response.body.append(reason).push_back('\n');
    response.error = reason;
    return response;
}

void render_cgi_response(const Response& response, std::string& out) {
    out.reserve(out.size() + 160 + response.set_cookie.size() + response.body.size());
    append_decimal(out.append("Status: "), response.status);
    out.append(" ").append(status_reason(response.status)).append("\r\n");
    out.append("Content-Type: ").append(response.content_type).append("\r\n");
    append_decimal(out.append("Content-Length: "), static_cast<std::int64_t>(response.body.size()));
    out.append("\r\n");
    if (!response.allow.empty()) out.append("Allow: ").append(response.allow).append("\r\n");
    if (!response.set_cookie.empty()) out.append("Set-Cookie: ").append(response.set_cookie).append("\r\n");
    out.append("Cache-Control: no-store\r\n\r\n");
    out.append(response.body);
}

} // namespace sms
