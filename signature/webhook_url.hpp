// The URL Twilio requested, which is what it signed. Behind proxies the
// program sees a different one, hence the configured public URL.
#pragma once

#include <string>
#include <string_view>

#include "request/request.hpp"

namespace sms {

struct WebhookUrlSource {
    std::string_view public_url; // SMS_PUBLIC_URL: wins when set
    bool trust_forwarded = false; // SMS_TRUST_FORWARDED: use X-Forwarded-Proto/-Host
};

// public_url, or scheme://host + REQUEST_URI (path and query exactly as sent),
// the scheme from HTTPS/REQUEST_SCHEME and the host from the Host header.
std::string webhook_url(const Request& request, const WebhookUrlSource& source);

} // namespace sms
