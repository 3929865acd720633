#include "signature/webhook_url.hpp"

namespace sms {

std::string webhook_url(const Request& request, const WebhookUrlSource& source) {
    if (!source.public_url.empty()) return std::string(source.public_url);
    std::string_view scheme = is_https(request) ? "https" : (request.scheme.empty() ? "http" : request.scheme);
    std::string_view host = request.host;
    if (source.trust_forwarded) {
        // Only the first entry of a comma-separated chain is the client's.
        if (!request.forwarded_proto.empty()) scheme = request.forwarded_proto.substr(0, request.forwarded_proto.find(','));
        if (!request.forwarded_host.empty()) host = request.forwarded_host.substr(0, request.forwarded_host.find(','));
    }
    std::string url;
    url.reserve(scheme.size() + 3 + host.size() + request.request_uri.size());
    url.append(scheme).append("://").append(host).append(request.request_uri);
    return url;
}

} // namespace sms
