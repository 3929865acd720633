// default, json and Studio's to_json, size, slice, and the URL and HTML
// escaping filters.
#include "liquid/misc_filters.hpp"

#include <cmath>

#include "liquid/json_value.hpp"
#include "liquid/utf8.hpp"
#include "text/ascii.hpp"

namespace sms::liquid {

namespace {

Value default_filter(const Value& in, const FilterArguments& a, FilterContext&) {
    if (in.is_array()) return in.array().empty() ? a[0] : in;
    if (in.is_string()) return in.string().empty() ? a[0] : in;
    if (in.kind() == Value::Kind::boolean && !in.boolean()) {
        for (const auto& [name, value] : a.named)
            if (name == "allow_false" && value.truthy()) return in;
    }
    return in.truthy() ? in : a[0];
}

Value json(const Value& in, const FilterArguments&, FilterContext&) {
    std::string out;
    if (!append_json(out, in)) return Value();
    return Value(std::move(out));
}

Value size(const Value& in, const FilterArguments&, FilterContext&) {
    if (in.is_string()) return Value(static_cast<double>(utf16_length(in.string())));
    if (in.is_array()) return Value(static_cast<double>(in.array().size()));
    return Value(0.0);
}

Value slice(const Value& in, const FilterArguments& a, FilterContext&) {
    if (in.is_nil()) return Value(Array{});
    double begin = to_number(a[0]);
    const double length = a[1].kind() == Value::Kind::undefined ? 1 : to_number(a[1]);
    if (std::isnan(begin)) begin = 0;
    if (in.is_array()) {
        const auto& array = in.array();
        const double n = static_cast<double>(array.size());
        if (begin < 0) begin += n;
        if (begin < 0 || length < 0) return Value(Array{});
        const double from = std::min(std::trunc(begin), n);
        const double to = std::min(from + (std::isnan(length) ? 0 : std::trunc(length)), n);
        return Value(Array(array.begin() + static_cast<std::ptrdiff_t>(from), array.begin() + static_cast<std::ptrdiff_t>(to)));
    }
    const std::string s = to_text(in);
    if (begin < 0) begin += static_cast<double>(utf8_code_points(s));
    if (begin < 0 || length < 0) return Value(std::string());
    const std::size_t start = utf8_advance(s, 0, static_cast<std::size_t>(std::min(begin, 1e15)));
    const std::size_t count = std::isnan(length) ? 0 : static_cast<std::size_t>(std::min(length, 1e15));
    return Value(s.substr(start, utf8_advance(s, start, count) - start));
}

// encodeURIComponent, then %20 as +.
Value url_encode(const Value& in, const FilterArguments&, FilterContext&) {
    static const char kHex[] = "0123456789ABCDEF";
    const std::string s = to_text(in);
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = utf8_char_length(s, i);
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (n == 1 && c < 0x80) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                std::string_view("-_.!~*'()").find(static_cast<char>(c)) != std::string_view::npos) {
                out += static_cast<char>(c);
            } else if (c == ' ') {
                out += '+';
            } else {
                out += '%';
                out += kHex[c >> 4];
                out += kHex[c & 0xF];
            }
        } else {
            // Invalid UTF-8 is what JavaScript would see as U+FFFD.
            const std::string_view bytes = n == 1 ? std::string_view("\xEF\xBF\xBD") : std::string_view(s).substr(i, n);
            for (unsigned char b : bytes) {
                out += '%';
                out += kHex[b >> 4];
                out += kHex[b & 0xF];
            }
        }
        i += n;
    }
    return Value(std::move(out));
}

// + as space, then %XX decoded. Where decodeURIComponent would throw (a bad
// escape), the text is left as it was.
Value url_decode(const Value& in, const FilterArguments&, FilterContext&) {
    const std::string s = to_text(in);
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') {
            out += ' ';
        } else if (s[i] == '%' && i + 2 < s.size() && text::hex_digit_value(s[i + 1]) >= 0 && text::hex_digit_value(s[i + 2]) >= 0) {
            out += static_cast<char>(text::hex_digit_value(s[i + 1]) * 16 + text::hex_digit_value(s[i + 2]));
            i += 2;
        } else if (s[i] == '%') {
            return in;
        } else {
            out += s[i];
        }
    }
    return Value(std::move(out));
}

std::string html_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&#34;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

Value escape(const Value& in, const FilterArguments&, FilterContext&) { return Value(html_escape(to_text(in))); }

Value escape_once(const Value& in, const FilterArguments&, FilterContext&) {
    const std::string s = to_text(in);
    static constexpr std::pair<std::string_view, char> kEntities[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&#34;", '"'}, {"&#39;", '\''}};
    std::string unescaped;
    for (std::size_t i = 0; i < s.size(); ++i) {
        bool replaced = false;
        for (const auto& [entity, c] : kEntities) {
            if (s.compare(i, entity.size(), entity) == 0) {
                unescaped += c;
                i += entity.size() - 1;
                replaced = true;
                break;
            }
        }
        if (!replaced) unescaped += s[i];
    }
    return Value(html_escape(unescaped));
}

constexpr FilterSpec kFilters[] = {
    {"default", default_filter, 0}, {"json", json, 0},           {"to_json", json, 0},
    {"size", size, 0},              {"slice", slice, 0},         {"url_encode", url_encode, 0},
    {"url_decode", url_decode, 0},  {"escape", escape, 0},       {"escape_once", escape_once, 0},
};

} // namespace

std::span<const FilterSpec> misc_filters() { return kFilters; }

} // namespace sms::liquid
