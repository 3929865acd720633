#include "handler/head_check.hpp"

#include <charconv>

#include "request/form.hpp"
#include "text/ascii.hpp"

namespace sms {

namespace {

// "application/x-www-form-urlencoded; charset=UTF-8" -> true
bool is_form_content_type(std::string_view content_type) {
    const auto media_type = text::trim(content_type.substr(0, content_type.find(';')), " \t");
    return text::equals_ignoring_case(media_type, "application/x-www-form-urlencoded");
}

} // namespace

HeadCheck check_head(const Request& request, const HandlerSettings& settings) {
    HeadCheck check;
    if (request.method == "GET") return check;
    if (request.method != "POST") {
        check.error = error_answer(405, "method not allowed: Twilio webhooks use POST or GET");
        check.error->response.allow = "GET, POST";
        return check;
    }
    if (!is_form_content_type(request.content_type)) {
        check.error = error_answer(415, "Content-Type must be application/x-www-form-urlencoded");
        return check;
    }
    if (!request.content_length || request.content_length->empty()) {
        check.error = error_answer(411, "Content-Length is required");
        return check;
    }
    const std::string_view text = *request.content_length;
    std::size_t length = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), length);
    if (ec == std::errc::result_out_of_range) {
        check.error = error_answer(413, "request body too large");
        return check;
    }
    if (ec != std::errc{} || end != text.data() + text.size()) {
        check.error = error_answer(400, "Content-Length is not a number");
        return check;
    }
    if (length > settings.max_body_bytes) {
        check.error = error_answer(413, "request body too large");
        return check;
    }
    // A POST's query string is not read, only signed (and re-encoded when the
    // signature is retried), so it gets the form's limits as well.
    if (auto e = check_form_limits(request.query_string, settings.form); e != FormError::none) {
        check.error = error_answer(413, e == FormError::too_many_params ? "too many query parameters" : "query parameter too long");
        return check;
    }
    check.body_length = length;
    return check;
}

} // namespace sms
