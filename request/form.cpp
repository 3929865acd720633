#include "request/form.hpp"

#include <algorithm>
#include <array>

namespace sms {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// What each byte means to the parser, looked up once per byte: parsing is a
// quarter of the handler's time, and most bytes of a Twilio form are plain.
enum ByteClass : unsigned char { kPlain, kEscape, kEquals, kAmpersand };
constexpr std::array<ByteClass, 256> kByteClasses = [] {
    std::array<ByteClass, 256> classes{};
    classes['+'] = classes['%'] = kEscape;
    classes['='] = kEquals;
    classes['&'] = kAmpersand;
    return classes;
}();

// Decodes one name or value into `out`. Without escapes it is a copy;
// otherwise decoding never lengthens, so `out` is sized once and trimmed.
FormError decode_component(std::string_view in, bool escaped, std::size_t max_bytes, std::string& out) {
    if (!escaped) {
        if (in.size() > max_bytes) return FormError::field_too_long;
        out.assign(in);
        return FormError::none;
    }
    out.resize(in.size() < max_bytes ? in.size() : max_bytes);
    char* const begin = out.data();
    char* const end = begin + out.size();
    char* o = begin;
    for (std::size_t i = 0; i < in.size(); ++i) {
        char c = in[i];
        if (c == '+') {
            c = ' ';
        } else if (c == '%') {
            if (in.size() - i < 3) return FormError::bad_escape;
            const int hi = hex_value(in[i + 1]);
            const int lo = hex_value(in[i + 2]);
            if (hi < 0 || lo < 0) return FormError::bad_escape;
            c = static_cast<char>(hi * 16 + lo);
            i += 2;
        }
        if (o == end) return FormError::field_too_long;
        *o++ = c;
    }
    out.resize(static_cast<std::size_t>(o - begin));
    return FormError::none;
}

std::size_t count_segments(std::string_view input) {
    std::size_t segments = 1;
    for (char c : input) segments += c == '&';
    return segments;
}

// One name=value segment, found in a single pass over its bytes.
struct Segment {
    std::string_view text; // name=value
    std::string_view name, value;
    bool name_escaped = false, value_escaped = false;
};

// The segment starting at `at`; moves `at` past its '&'.
Segment next_segment(std::string_view input, std::size_t& at) {
    const std::size_t start = at;
    std::size_t equals = std::string_view::npos;
    Segment segment;
    for (; at < input.size(); ++at) {
        const ByteClass c = kByteClasses[static_cast<unsigned char>(input[at])];
        if (c == kPlain) continue;
        if (c == kAmpersand) break;
        if (c == kEquals && equals == std::string_view::npos) {
            equals = at;
        } else if (c == kEscape) {
            (equals == std::string_view::npos ? segment.name_escaped : segment.value_escaped) = true;
        }
    }
    const std::size_t end = at++;
    segment.text = input.substr(start, end - start);
    if (equals == std::string_view::npos) {
        segment.name = input.substr(start, end - start);
    } else {
        segment.name = input.substr(start, equals - start);
        segment.value = input.substr(equals + 1, end - equals - 1);
    }
    return segment;
}

} // namespace

const std::string* Form::find(std::string_view name) const {
    for (const auto& field : fields) {
        if (field.first == name) return &field.second;
    }
    return nullptr;
}

FormError parse_form(std::string_view input, const FormLimits& limits, Form& out) {
    out.fields.clear();
    out.fields.reserve(std::min(count_segments(input), limits.max_params)); // one allocation, not one per doubling
    for (std::size_t at = 0; at < input.size();) {
        const Segment segment = next_segment(input, at);
        if (segment.text.empty()) continue;
        if (out.fields.size() == limits.max_params) return FormError::too_many_params;
        auto& field = out.fields.emplace_back();
        if (auto e = decode_component(segment.name, segment.name_escaped, limits.max_field_bytes, field.first); e != FormError::none) return e;
        if (auto e = decode_component(segment.value, segment.value_escaped, limits.max_field_bytes, field.second); e != FormError::none) return e;
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

} // namespace sms
