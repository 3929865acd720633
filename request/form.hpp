// application/x-www-form-urlencoded parsing, as Twilio sends webhook parameters
// (POST body or GET query string). No I/O; the input is the caller's buffer.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sms {

struct FormLimits {
    std::size_t max_params = 256;           // name=value pairs in one request
    std::size_t max_field_bytes = 16 * 1024; // one decoded name or value
};

enum class FormError { none, bad_escape, too_many_params, field_too_long };

// One parameter, viewed inside the Form that holds it.
struct FormField {
    std::string_view name;
    std::string_view value;
};

// Decoded fields in the order they were sent; repeated names are kept.
// Every name and value lives in one buffer of the Form's own (a parsed form
// decodes a copy of its input in place), so that a form costs two
// allocations however many fields it has.
class Form {
public:
    Form() = default;
    Form(std::initializer_list<FormField> fields);

    void add(std::string_view name, std::string_view value);

    std::size_t size() const { return spans_.size(); }
    // The i-th field, as views valid while the Form is unchanged.
    FormField operator[](std::size_t i) const { return field(spans_[i]); }

    // The first value sent under `name`.
    std::optional<std::string_view> find(std::string_view name) const;

private:
    // Where a field's name and value lie in bytes_.
    struct Span {
        std::size_t name_at;
        std::size_t name_size;
        std::size_t value_at;
        std::size_t value_size;
    };

    FormField field(const Span& span) const {
        return {{bytes_.data() + span.name_at, span.name_size}, {bytes_.data() + span.value_at, span.value_size}};
    }

    friend FormError parse_form(std::string_view input, const FormLimits& limits, Form& out);

    std::string bytes_;
    std::vector<Span> spans_;
};

// `+` is a space, `%XX` a byte; a `%` not followed by two hex digits is an
// error. Empty segments (`a=1&&b=2`) are skipped; a name without `=` has an
// empty value. On an error `out` is left empty.
FormError parse_form(std::string_view input, const FormLimits& limits, Form& out);

// The limits alone, for a query string that is signed but never read (a
// POST's): parameters counted as parse_form counts them, each name and value
// measured decoded. Never bad_escape: a '%' without two hex digits counts as
// itself, as Twilio's signature check reads it.
FormError check_form_limits(std::string_view input, const FormLimits& limits);

std::string_view describe(FormError error);

// application/x-www-form-urlencoded: space as '+', and every byte other than
// ALPHA / DIGIT / "-._*" percent-encoded, as Twilio's Java stack encodes.
std::string encode_form(const Form& form);

// A URL made by a template, made safe to send: controls, space, non-ASCII
// bytes and "<>\^`{|} percent-encoded, everything else ('%', '&', '/', ...)
// kept as written, as browsers treat a typed URL. No byte a sender types can
// then end the request line or a header.
std::string escape_url_unsafe(std::string_view url);

} // namespace sms
