#include "liquid/strftime.hpp"

#include <array>
#include <cctype>

namespace sms::liquid {

namespace {

constexpr std::array<std::string_view, 7> kDays = {"Sunday", "Monday", "Tuesday", "Wednesday",
                                                   "Thursday", "Friday", "Saturday"};
constexpr std::array<std::string_view, 12> kMonths = {"January", "February", "March",     "April",   "May",      "June",
                                                      "July",    "August",   "September", "October", "November", "December"};

struct Civil {
    std::int64_t year;
    int month; // 1..12
    int day;   // 1..31
    int hour, minute, second, millisecond;
    int weekday;     // 0 = Sunday
    int day_of_year; // 1..366
    std::int64_t seconds;
};

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

bool leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Howard Hinnant's civil_from_days.
Civil civil(std::int64_t ms) {
    Civil c{};
    const std::int64_t days = floor_div(ms, 86400000);
    std::int64_t rest = ms - days * 86400000;
    c.millisecond = static_cast<int>(rest % 1000);
    rest /= 1000;
    c.seconds = floor_div(ms, 1000);
    c.second = static_cast<int>(rest % 60);
    c.minute = static_cast<int>(rest / 60 % 60);
    c.hour = static_cast<int>(rest / 3600);
    c.weekday = static_cast<int>(((days % 7) + 11) % 7); // 1970-01-01 was a Thursday
    const std::int64_t z = days + 719468;
    const std::int64_t era = floor_div(z, 146097);
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    c.year = yoe + era * 400 + (c.month <= 2 ? 1 : 0);
    static constexpr int kBefore[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    c.day_of_year = kBefore[c.month - 1] + c.day + (c.month > 2 && leap(c.year) ? 1 : 0);
    return c;
}

std::string week_of_year(const Civil& c, int start_day) {
    const int since = (c.weekday - start_day + 7) % 7;
    return std::to_string((c.day_of_year - 1 - since + 7) / 7);
}

std::string ordinal(int day) {
    if (day == 11 || day == 12 || day == 13) return "th";
    switch (day % 10) {
    case 1: return "st";
    case 2: return "nd";
    case 3: return "rd";
    default: return "th";
    }
}

int default_width(char conversion) {
    switch (conversion) {
    case 'C': case 'd': case 'e': case 'H': case 'I': case 'k': case 'l': case 'm': case 'M': case 'S':
    case 'U': case 'W': case 'y': return 2;
    case 'j': case 'L': return 3;
    case 'Y': return 4;
    default: return 0;
    }
}

bool pads_with_space(char conversion) { return std::string_view("aAbBceklpP").find(conversion) != std::string_view::npos; }

// The text of one conversion, or false when liquidjs has none for it.
bool convert(const Civil& c, char conversion, bool colon, int width, std::string& out) {
    switch (conversion) {
    case 'a': out = kDays[c.weekday].substr(0, 3); return true;
    case 'A': out = kDays[c.weekday]; return true;
    case 'b': case 'h': out = kMonths[c.month - 1].substr(0, 3); return true;
    case 'B': out = kMonths[c.month - 1]; return true;
    case 'C': out = std::to_string(floor_div(c.year, 100)); return true;
    case 'd': case 'e': out = std::to_string(c.day); return true;
    case 'H': case 'k': out = std::to_string(c.hour); return true;
    case 'I': case 'l': out = std::to_string(c.hour % 12 == 0 ? 12 : c.hour % 12); return true;
    case 'j': out = std::to_string(c.day_of_year); return true;
    case 'L': out = std::to_string(c.millisecond); return true;
    case 'm': out = std::to_string(c.month); return true;
    case 'M': out = std::to_string(c.minute); return true;
    case 'N': {
        std::string ms = std::to_string(c.millisecond);
        ms.insert(0, 3 - ms.size(), '0');
        const std::size_t w = width > 0 ? static_cast<std::size_t>(width) : 9;
        out = ms.substr(0, w);
        out.append(w - out.size(), '0');
        return true;
    }
    case 'p': out = c.hour < 12 ? "AM" : "PM"; return true;
    case 'P': out = c.hour < 12 ? "am" : "pm"; return true;
    case 'q': out = ordinal(c.day); return true;
    case 's': out = std::to_string(c.seconds); return true;
    case 'S': out = std::to_string(c.second); return true;
    case 'u': out = std::to_string(c.weekday == 0 ? 7 : c.weekday); return true;
    case 'U': out = week_of_year(c, 0); return true;
    case 'w': out = std::to_string(c.weekday); return true;
    case 'W': out = week_of_year(c, 1); return true;
    case 'y': out = std::to_string(((c.year % 100) + 100) % 100); return true;
    case 'Y': out = std::to_string(c.year); return true;
    case 'z': out = colon ? "+00:00" : "+0000"; return true;
    case 'Z': out = "UTC"; return true;
    case 't': out = "\t"; return true;
    case 'n': out = "\n"; return true;
    case '%': out = "%"; return true;
    default: return false;
    }
}

} // namespace

std::string format_date(std::int64_t milliseconds, std::string_view format) {
    const Civil c = civil(milliseconds);
    std::string out;
    std::size_t i = 0;
    while (i < format.size()) {
        if (format[i] != '%' || i + 1 >= format.size()) {
            out += format[i++];
            continue;
        }
        // %[flags][width][E|O]conversion
        std::size_t p = i + 1;
        std::string_view flags;
        const std::size_t flags_start = p;
        while (p < format.size() && std::string_view("-_0^#:").find(format[p]) != std::string_view::npos) ++p;
        flags = format.substr(flags_start, p - flags_start);
        int width = 0;
        bool has_width = false;
        while (p < format.size() && std::isdigit(static_cast<unsigned char>(format[p]))) {
            width = std::min(width * 10 + (format[p] - '0'), 1000);
            has_width = true;
            ++p;
        }
        if (p < format.size() && (format[p] == 'E' || format[p] == 'O') && p + 1 < format.size()) ++p;
        if (p >= format.size()) {
            out += format.substr(i);
            break;
        }
        const char conversion = format[p];
        std::string text;
        if (!convert(c, conversion, flags.find(':') != std::string_view::npos, width, text)) {
            out += format.substr(i, p + 1 - i);
            i = p + 1;
            continue;
        }
        char pad = pads_with_space(conversion) ? ' ' : '0';
        std::size_t pad_width = has_width && width > 0 ? static_cast<std::size_t>(width)
                                                       : static_cast<std::size_t>(default_width(conversion));
        if (flags.find('^') != std::string_view::npos) {
            for (char& ch : text) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        } else if (flags.find('#') != std::string_view::npos) {
            bool has_lower = false;
            for (char ch : text) has_lower = has_lower || (ch >= 'a' && ch <= 'z');
            for (char& ch : text)
                ch = static_cast<char>(has_lower ? std::toupper(static_cast<unsigned char>(ch))
                                                 : std::tolower(static_cast<unsigned char>(ch)));
        }
        if (flags.find('_') != std::string_view::npos) pad = ' ';
        else if (flags.find('0') != std::string_view::npos) pad = '0';
        if (flags.find('-') != std::string_view::npos) pad_width = 0;
        if (pad == '0' && !text.empty() && text[0] == '-') {
            const std::size_t digits = text.size() - 1;
            out += '-';
            if (pad_width > 1 && digits < pad_width - 1) out.append(pad_width - 1 - digits, '0');
            out.append(text, 1);
        } else {
            if (text.size() < pad_width) out.append(pad_width - text.size(), pad);
            out += text;
        }
        i = p + 1;
    }
    return out;
}

} // namespace sms::liquid
