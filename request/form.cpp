#include "request/form.hpp"

namespace sms {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

FormError decode_component(std::string_view in, std::size_t max_bytes, std::string& out) {
    out.clear();
    out.reserve(in.size() < max_bytes ? in.size() : max_bytes);
    for (std::size_t i = 0; i < in.size(); ++i) {
        char c = in[i];
        if (c == '+') {
            c = ' ';
        } else if (c == '%') {
            if (in.size() - i < 3) return FormError::bad_escape;
            int hi = hex_value(in[i + 1]);
            int lo = hex_value(in[i + 2]);
            if (hi < 0 || lo < 0) return FormError::bad_escape;
            c = static_cast<char>(hi * 16 + lo);
            i += 2;
        }
        if (out.size() == max_bytes) return FormError::field_too_long;
        out.push_back(c);
    }
    return FormError::none;
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
    while (!input.empty()) {
        auto amp = input.find('&');
        auto segment = input.substr(0, amp);
        input = amp == std::string_view::npos ? std::string_view{} : input.substr(amp + 1);
        if (segment.empty()) continue;
        if (out.fields.size() == limits.max_params) return FormError::too_many_params;

        auto eq = segment.find('=');
        auto& field = out.fields.emplace_back();
        auto name = segment.substr(0, eq);
        auto value = eq == std::string_view::npos ? std::string_view{} : segment.substr(eq + 1);
        if (auto e = decode_component(name, limits.max_field_bytes, field.first); e != FormError::none) return e;
        if (auto e = decode_component(value, limits.max_field_bytes, field.second); e != FormError::none) return e;
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
