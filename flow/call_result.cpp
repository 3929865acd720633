#include "flow/call_result.hpp"

#include <variant>

#include "liquid/json_value.hpp"
#include "text/ascii.hpp"
#include "text/utf8.hpp"

namespace sms::flow {

namespace {

// A stored result's first byte says how the rest is written.
constexpr char kStoredString = 's';
constexpr char kStoredJson = 'j';

bool too_large(const http::Response& response, std::size_t max_body_bytes) {
    return response.body.size() > max_body_bytes;
}

// application/json, or any type with the +json suffix (RFC 6839), whatever
// its parameters.
bool is_json(std::string_view content_type) {
    const std::string_view type = text::trim(content_type.substr(0, content_type.find(';')));
    const auto ends_with = [type](std::string_view suffix) {
        return type.size() >= suffix.size() &&
               text::equals_ignoring_case(type.substr(type.size() - suffix.size()), suffix);
    };
    return text::equals_ignoring_case(type, "application/json") || ends_with("+json");
}

} // namespace

bool call_succeeded(const http::Response& response, std::size_t max_body_bytes) {
    return response.transport == http::Transport::ok && !too_large(response, max_body_bytes) &&
           response.status >= 200 && response.status <= 299;
}

liquid::Value call_result(const http::Response& response, std::size_t max_body_bytes) {
    const bool kept = !too_large(response, max_body_bytes) && response.transport == http::Transport::ok;
    const std::string content_type = response.content_type.value_or("");
    liquid::Object result{
        {"status_code", liquid::Value(static_cast<double>(response.status))},
        {"content_type", liquid::Value(content_type)},
        {"body", liquid::Value(kept ? response.body : std::string())},
    };
    if (kept && is_json(content_type)) {
        auto parsed = liquid::parse_json_value(response.body);
        if (auto* value = std::get_if<liquid::Value>(&parsed)) result.emplace_back("parsed", std::move(*value));
    }
    return liquid::Value(std::move(result));
}

std::string call_status(const http::Response& response, std::size_t max_body_bytes) {
    switch (response.transport) {
    case http::Transport::ok: break;
    case http::Transport::timed_out: return "timeout";
    case http::Transport::connect_failed: return "refused";
    case http::Transport::resolve_failed: return "unresolved";
    case http::Transport::tls_failed:
    case http::Transport::certificate_invalid: return "tls";
    case http::Transport::too_many_redirects:
    case http::Transport::failed: return "failed";
    }
    if (too_large(response, max_body_bytes)) return "too-large";
    return std::to_string(response.status);
}

std::optional<std::string> encode_stored_result(const liquid::Value& value, std::size_t max_bytes) {
    std::string stored;
    if (value.is_string()) {
        stored.push_back(kStoredString);
        stored.append(text::utf8_cut(value.string(), max_bytes));
        return stored;
    }
    stored.push_back(kStoredJson);
    if (!liquid::append_json(stored, value) || stored.size() - 1 > max_bytes) return std::nullopt;
    return stored;
}

liquid::Value decode_stored_result(std::string_view stored) {
    if (stored.empty()) return {};
    if (stored[0] == kStoredString) return liquid::Value(std::string(stored.substr(1)));
    if (stored[0] != kStoredJson) return {};
    auto parsed = liquid::parse_json_value(stored.substr(1));
    auto* value = std::get_if<liquid::Value>(&parsed);
    return value != nullptr ? std::move(*value) : liquid::Value();
}

} // namespace sms::flow
