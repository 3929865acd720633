// The webhook request the stateful fuzz targets send: a form POST with a
// Cookie header, owning the bytes its Request views.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "request/request.hpp"

namespace sms::fuzz {

// Every byte as %XX: any Body reaches the conversation as sent.
inline std::string percent_encoded(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) out.append({'%', kHex[c >> 4], kHex[c & 15]});
    return out;
}

class FormPost {
public:
    FormPost(std::string form, std::string cookie_header, std::int64_t now, bool https = false)
        : form_(std::move(form)), content_length_(std::to_string(form_.size())), cookie_(std::move(cookie_header)) {
        request_.method = "POST";
        request_.content_type = "application/x-www-form-urlencoded";
        request_.content_length = content_length_;
        request_.cookie = cookie_;
        request_.https = https ? "on" : "";
        request_.body = form_;
        request_.now = now;
    }
    FormPost(const FormPost&) = delete; // request_ views the strings
    FormPost& operator=(const FormPost&) = delete;

    const Request& request() const { return request_; }

private:
    std::string form_, content_length_, cookie_;
    Request request_;
};

} // namespace sms::fuzz
