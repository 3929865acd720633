// The string filters, counting characters as liquidjs does (code points for
// slice and truncate, UTF-16 units for size). Case mapping is glibc's
// one-to-one Unicode mapping (so no "ß" to "SS", which JavaScript does).
#include "liquid/string_filters.hpp"

#include <algorithm>
#include <locale>
#include <stdexcept>

#include "liquid/render_budget.hpp"
#include "liquid/utf8.hpp"
#include "text/utf8.hpp"

namespace sms::liquid {

namespace {

// JavaScript's String.prototype.trim whitespace.
bool is_js_space(char32_t c) {
    return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
           c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

// The offset after the characters from `from` on that are (spaces) or are
// not (!spaces) JavaScript whitespace.
std::size_t skip(std::string_view s, std::size_t from, bool spaces) {
    while (from < s.size()) {
        const Character c = character_at(s, from);
        if (is_js_space(c.code_point) != spaces) break;
        from += c.size;
    }
    return from;
}

std::size_t trim_start(std::string_view s) { return skip(s, 0, true); }

std::size_t trim_end(std::string_view s, std::size_t start) {
    std::size_t end = s.size();
    while (end > start) {
        std::size_t begin = end - 1;
        while (begin > start && (static_cast<unsigned char>(s[begin]) & 0xC0) == 0x80) --begin;
        const Character c = character_at(s, begin);
        if (c.size != end - begin || !is_js_space(c.code_point)) break;
        end = begin;
    }
    return end;
}

// The C.UTF-8 locale's character classes, without touching the global
// locale; nullptr where it is missing (then only ASCII changes case).
const std::ctype<wchar_t>* unicode_ctype() {
    static const std::ctype<wchar_t>* facet = []() -> const std::ctype<wchar_t>* {
        try {
            static const std::locale utf8("C.UTF-8");
            return &std::use_facet<std::ctype<wchar_t>>(utf8);
        } catch (const std::runtime_error&) {
            return nullptr;
        }
    }();
    return facet;
}

std::string change_case(std::string_view s, bool upper) {
    const auto* facet = unicode_ctype();
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const Character character = character_at(s, i);
        const std::size_t n = character.size;
        const auto c = static_cast<unsigned char>(s[i]);
        if (n == 1 && c < 0x80) {
            out += static_cast<char>(upper ? (c >= 'a' && c <= 'z' ? c - 32 : c) : (c >= 'A' && c <= 'Z' ? c + 32 : c));
        } else if (!character.well_formed || facet == nullptr) {
            out.append(s, i, n); // ill-formed bytes pass through as they came
        } else {
            const auto cp = static_cast<wchar_t>(character.code_point);
            text::append_utf8(out, static_cast<char32_t>(upper ? facet->toupper(cp) : facet->tolower(cp)));
        }
        i += n;
    }
    return out;
}

std::string replace_all(const std::string& s, std::string_view pattern, std::string_view replacement) {
    if (pattern.empty()) {
        // split('') splits between UTF-16 units; join puts the replacement between them.
        std::string out;
        for (std::size_t i = 0; i < s.size();) {
            if (i > 0) out += replacement;
            const std::size_t n = utf8_char_length(s, i);
            out.append(s, i, n);
            i += n;
        }
        return out;
    }
    std::string out;
    std::size_t from = 0;
    for (auto at = s.find(pattern); at != std::string::npos; at = s.find(pattern, from)) {
        out.append(s, from, at - from);
        out += replacement;
        from = at + pattern.size();
    }
    out.append(s, from);
    return out;
}

Value append(const Value& in, const FilterArguments& a, FilterContext&) { return Value(to_text(in) + to_text(a[0])); }
Value prepend(const Value& in, const FilterArguments& a, FilterContext&) { return Value(to_text(a[0]) + to_text(in)); }

Value downcase(const Value& in, const FilterArguments&, FilterContext&) { return Value(change_case(to_text(in), false)); }
Value upcase(const Value& in, const FilterArguments&, FilterContext&) { return Value(change_case(to_text(in), true)); }

// The first UTF-16 unit upper case (charAt(0)), the rest lower case.
Value capitalize(const Value& in, const FilterArguments&, FilterContext&) {
    const std::string s = to_text(in);
    if (s.empty()) return Value(std::string());
    const std::size_t first = utf8_char_length(s, 0);
    if (first == 4) return Value(s.substr(0, 4) + change_case(std::string_view(s).substr(4), false));
    return Value(change_case(std::string_view(s).substr(0, first), true) + change_case(std::string_view(s).substr(first), false));
}

Value strip(const Value& in, const FilterArguments&, FilterContext&) {
    const std::string s = to_text(in);
    const std::size_t start = trim_start(s);
    return Value(s.substr(start, trim_end(s, start) - start));
}

Value lstrip(const Value& in, const FilterArguments&, FilterContext&) {
    const std::string s = to_text(in);
    return Value(s.substr(trim_start(s)));
}

Value rstrip(const Value& in, const FilterArguments&, FilterContext&) {
    const std::string s = to_text(in);
    return Value(s.substr(0, trim_end(s, 0)));
}

Value strip_newlines(const Value& in, const FilterArguments&, FilterContext&) {
    // /\r?\n/g: a lone \r stays.
    std::string out;
    const std::string original = to_text(in);
    for (std::size_t i = 0; i < original.size(); ++i) {
        if (original[i] == '\n') continue;
        if (original[i] == '\r' && i + 1 < original.size() && original[i + 1] == '\n') continue;
        out += original[i];
    }
    return Value(std::move(out));
}

Value newline_to_br(const Value& in, const FilterArguments&, FilterContext&) {
    const std::string s = to_text(in);
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') continue;
        if (s[i] == '\n') out += "<br />\n";
        else out += s[i];
    }
    return Value(std::move(out));
}

Value remove(const Value& in, const FilterArguments& a, FilterContext&) {
    return Value(replace_all(to_text(in), to_text(a[0]), ""));
}

Value replace(const Value& in, const FilterArguments& a, FilterContext&) {
    return Value(replace_all(to_text(in), to_text(a[0]), to_text(a[1])));
}

Value replace_first_with(const Value& in, std::string_view pattern, std::string_view replacement) {
    std::string s = to_text(in);
    const auto at = s.find(pattern);
    if (at != std::string::npos) s.replace(at, pattern.size(), replacement);
    return Value(std::move(s));
}

Value replace_last_with(const Value& in, std::string_view pattern, std::string_view replacement) {
    std::string s = to_text(in);
    const auto at = s.rfind(pattern);
    if (at != std::string::npos) s.replace(at, pattern.size(), replacement);
    return Value(std::move(s));
}

Value remove_first(const Value& in, const FilterArguments& a, FilterContext&) {
    return replace_first_with(in, to_text(a[0]), "");
}
Value replace_first(const Value& in, const FilterArguments& a, FilterContext&) {
    return replace_first_with(in, to_text(a[0]), to_text(a[1]));
}
Value remove_last(const Value& in, const FilterArguments& a, FilterContext&) {
    return replace_last_with(in, to_text(a[0]), "");
}
Value replace_last(const Value& in, const FilterArguments& a, FilterContext&) {
    return replace_last_with(in, to_text(a[0]), to_text(a[1]));
}

Value split(const Value& in, const FilterArguments& a, FilterContext& context) {
    const std::string s = to_text(in);
    const std::string separator = to_text(a[0]);
    Array parts;
    if (separator.empty()) {
        for (std::size_t i = 0, n = 0; i < s.size(); i += n) {
            n = utf8_char_length(s, i);
            parts.push_back(Value(s.substr(i, n)));
            context.budget.work(1);
        }
    } else {
        std::size_t from = 0;
        for (auto at = s.find(separator); at != std::string::npos; at = s.find(separator, from)) {
            parts.push_back(Value(s.substr(from, at - from)));
            context.budget.work(1);
            from = at + separator.size();
        }
        parts.push_back(Value(s.substr(from)));
    }
    // Trailing empty strings go, as Ruby's split drops them.
    while (!parts.empty() && parts.back().string().empty()) parts.pop_back();
    return Value(std::move(parts));
}

Value truncate(const Value& in, const FilterArguments& a, FilterContext&) {
    const std::string s = to_text(in);
    const double length = a[0].kind() == Value::Kind::undefined ? 50 : to_number(a[0]);
    const std::string ellipsis = a[1].kind() == Value::Kind::undefined ? "..." : to_text(a[1]);
    const double code_points = static_cast<double>(utf8_code_points(s));
    if (static_cast<double>(utf16_length(s)) <= length || code_points <= length) return in;
    const double keep = length - static_cast<double>(utf8_code_points(ellipsis));
    // A NaN length keeps nothing, as JavaScript's loops against NaN stop at once.
    const std::size_t kept = keep > 0 ? static_cast<std::size_t>(std::min(keep, 1e15)) : 0;
    return Value(s.substr(0, utf8_advance(s, 0, kept)) + ellipsis);
}

Value truncatewords(const Value& in, const FilterArguments& a, FilterContext&) {
    const std::string s = to_text(in);
    double words = a[0].kind() == Value::Kind::undefined ? 15 : to_number(a[0]);
    const std::string ellipsis = a[1].kind() == Value::Kind::undefined ? "..." : to_text(a[1]);
    if (!(words > 0)) words = 1;
    // trimStart, then split on runs of whitespace.
    std::vector<std::string_view> parts;
    std::string_view rest = std::string_view(s).substr(trim_start(s));
    for (;;) {
        std::size_t i = skip(rest, 0, false);
        parts.push_back(rest.substr(0, i));
        if (i >= rest.size()) break;
        rest.remove_prefix(skip(rest, i, true));
    }
    std::string out;
    for (std::size_t i = 0; i < parts.size() && static_cast<double>(i) < words; ++i) {
        if (i > 0) out += ' ';
        out += parts[i];
    }
    if (static_cast<double>(parts.size()) >= words) out += ellipsis;
    return Value(std::move(out));
}

constexpr FilterSpec kFilters[] = {
    {"append", append, 1},
    {"prepend", prepend, 1},
    {"downcase", downcase, 0},
    {"upcase", upcase, 0},
    {"capitalize", capitalize, 0},
    {"strip", strip, 0},
    {"lstrip", lstrip, 0},
    {"rstrip", rstrip, 0},
    {"strip_newlines", strip_newlines, 0},
    {"newline_to_br", newline_to_br, 0},
    {"remove", remove, 0},
    {"remove_first", remove_first, 0},
    {"remove_last", remove_last, 0},
    {"replace", replace, 0},
    {"replace_first", replace_first, 0},
    {"replace_last", replace_last, 0},
    {"split", split, 0},
    {"truncate", truncate, 0},
    {"truncatewords", truncatewords, 0},
};

} // namespace

std::span<const FilterSpec> string_filters() { return kFilters; }

} // namespace sms::liquid
