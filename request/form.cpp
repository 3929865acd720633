#include "request/form.hpp"

#include <algorithm>
#include <span>

#include "request/byte_scan.hpp"
#include "text/ascii.hpp"

namespace sms {

namespace {

// The bytes the parser stops at: '&' ends a field and '=' its name; '+' and
// '%' start decoding (up to the first of them, a field is its own decoding).
constexpr unsigned char kEnd = '&', kNameEnd = '=', kSpace = '+', kEscape = '%';

std::size_t count_segments(std::string_view input) {
    return 1 + byte_scan::count<kEnd>(input.data(), input.data() + input.size());
}

// Decodes the name (kName) or value that starts at text[at] where it lies,
// and leaves `at` on what ended it: '&', the end, or '=' after a name.
// Decoding never lengthens: each decoded byte is written at or before the
// byte it came from. Returns the decoded size in `size`.
template <bool kName>
FormError decode_in_place(std::span<char> text, std::size_t& at, std::size_t max_bytes, std::size_t& size) {
    char* const start = text.data() + at;
    char* const end = text.data() + text.size();
    char* in = kName ? byte_scan::find_first_of<kEnd, kNameEnd, kSpace, kEscape>(start, end)
                     : byte_scan::find_first_of<kEnd, kSpace, kEscape>(start, end);
    char* out = in;
    FormError error = FormError::none;
    for (; in != end; ++in) {
        char c = *in;
        if (c == kEnd || (kName && c == kNameEnd)) break;
        if (c == kSpace) {
            c = ' ';
        } else if (c == kEscape) {
            const int hi = end - in > 1 ? text::hex_digit_value(in[1]) : -1;
            const int lo = end - in > 2 ? text::hex_digit_value(in[2]) : -1;
            if (hi < 0 || lo < 0) {
                error = FormError::bad_escape;
                break;
            }
            c = static_cast<char>(hi * 16 + lo);
            in += 2;
        }
        *out++ = c;
    }
    at = static_cast<std::size_t>(in - text.data());
    size = static_cast<std::size_t>(out - start);
    // A field already over the limit is reported as such, whatever follows.
    return size > max_bytes ? FormError::field_too_long : error;
}

} // namespace

Form::Form(std::initializer_list<FormField> fields) {
    spans_.reserve(fields.size());
    for (const auto& field : fields) add(field.name, field.value);
}

void Form::add(std::string_view name, std::string_view value) {
    spans_.push_back({bytes_.size(), name.size(), bytes_.size() + name.size(), value.size()});
    bytes_.append(name).append(value);
}

std::optional<std::string_view> Form::find(std::string_view name) const {
    for (const Span& span : spans_) {
        // Size and first byte first: Twilio's names of one length mostly
        // differ there (From/Body, MessageSid/AccountSid/ApiVersion), which
        // spares a memcmp call per candidate.
        if (span.name_size != name.size() || (!name.empty() && bytes_[span.name_at] != name.front())) continue;
        const FormField candidate = field(span);
        if (candidate.name == name) return candidate.value;
    }
    return std::nullopt;
}

FormError parse_form(std::string_view input, const FormLimits& limits, Form& out) {
    out.spans_.clear();
    out.spans_.reserve(std::min(count_segments(input), limits.max_params)); // one allocation, not one per doubling
    out.bytes_.assign(input); // decoded where it lies: a field's bytes stay at its offset in the input
    const std::span<char> text(out.bytes_.data(), out.bytes_.size());
    FormError error = FormError::none;
    for (std::size_t at = 0; at < text.size() && error == FormError::none; ++at) { // each segment, then past its '&'
        if (text[at] == kEnd) continue;                                           // an empty segment
        if (out.spans_.size() == limits.max_params) {
            error = FormError::too_many_params;
            break;
        }
        Form::Span& span = out.spans_.emplace_back(Form::Span{at, 0, at, 0});
        error = decode_in_place<true>(text, at, limits.max_field_bytes, span.name_size);
        if (error == FormError::none && at < text.size() && text[at] == kNameEnd) {
            span.value_at = ++at;
            error = decode_in_place<false>(text, at, limits.max_field_bytes, span.value_size);
        }
    }
    if (error != FormError::none) out = Form{}; // the fields before the error are no answer
    return error;
}

FormError check_form_limits(std::string_view input, const FormLimits& limits) {
    const auto decoded_size = [](std::string_view field) {
        std::size_t size = 0;
        for (std::size_t i = 0; i < field.size(); ++i, ++size) {
            if (field[i] == kEscape && i + 2 < field.size() && text::hex_digit_value(field[i + 1]) >= 0 && text::hex_digit_value(field[i + 2]) >= 0) i += 2;
        }
        return size;
    };
    std::size_t params = 0;
    while (!input.empty()) {
        const auto end = input.find(kEnd);
        const std::string_view param = input.substr(0, end);
        input = end == std::string_view::npos ? std::string_view{} : input.substr(end + 1);
        if (param.empty()) continue;
        if (++params > limits.max_params) return FormError::too_many_params;
        const auto name_end = param.find(kNameEnd);
        if (decoded_size(param.substr(0, name_end)) > limits.max_field_bytes ||
            (name_end != std::string_view::npos && decoded_size(param.substr(name_end + 1)) > limits.max_field_bytes)) {
            return FormError::field_too_long;
        }
    }
    return FormError::none;
}

std::string_view describe(FormError error) {
    switch (error) {
    case FormError::none: return "ok";
    case FormError::bad_escape: return "malformed %-escape in form data";
    case FormError::too_many_params: return "too many form parameters";
    case FormError::field_too_long: return "form parameter too long";
    }
    return "bad form data";
}

namespace {

void append_percent_encoded(std::string& out, char c) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    const auto b = static_cast<unsigned char>(c);
    out.push_back('%');
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xF]);
}

} // namespace

std::string encode_form(const Form& form) {
    auto append_encoded = [](std::string& out, std::string_view text) {
        for (char c : text) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
                c == '_' || c == '*') {
                out.push_back(c);
            } else if (c == ' ') {
                out.push_back('+');
            } else {
                append_percent_encoded(out, c);
            }
        }
    };
    std::string out;
    for (std::size_t i = 0; i < form.size(); ++i) {
        const auto [name, value] = form[i];
        if (!out.empty()) out.push_back('&');
        append_encoded(out, name);
        out.push_back('=');
        append_encoded(out, value);
    }
    return out;
}

std::string escape_url_unsafe(std::string_view url) {
    std::string out;
    out.reserve(url.size());
    for (char c : url) {
        const auto b = static_cast<unsigned char>(c);
        if (b <= 0x20 || b >= 0x7F || std::string_view("\"<>\\^`{|}").find(c) != std::string_view::npos) {
            append_percent_encoded(out, c);
        } else {
            out.push_back(c);
        }
    }
    return out;
}

} // namespace sms
