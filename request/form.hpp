// application/x-www-form-urlencoded parsing, as Twilio sends webhook parameters
// (POST body or GET query string). No I/O; the input is the caller's buffer.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sms {

struct FormLimits {
    std::size_t max_params = 256;           // name=value pairs in one request
    std::size_t max_field_bytes = 16 * 1024; // one decoded name or value
};

enum class FormError { none, bad_escape, too_many_params, field_too_long };

// Decoded fields in the order they were sent; repeated names are kept.
struct Form {
    std::vector<std::pair<std::string, std::string>> fields;

    // The first value sent under `name`, or nullptr.
    const std::string* find(std::string_view name) const;
};

// `+` is a space, `%XX` a byte; a `%` not followed by two hex digits is an
// error. Empty segments (`a=1&&b=2`) are skipped; a name without `=` has an
// empty value.
FormError parse_form(std::string_view input, const FormLimits& limits, Form& out);

std::string_view describe(FormError error);

} // namespace sms
