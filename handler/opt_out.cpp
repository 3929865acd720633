#include "handler/opt_out.hpp"

#include <algorithm>

#include "text/ascii.hpp"

namespace sms {

namespace {

bool listed(std::string_view word, const std::vector<std::string>& list) {
    return std::any_of(list.begin(), list.end(), [&](const std::string& k) { return text::equals_ignoring_case(word, k); });
}

} // namespace

OptOutKeyword classify_opt_out(const Form& form, const OptOutSettings& settings) {
    if (auto type = form.find("OptOutType")) {
        const std::string_view value = text::trim(*type);
        if (text::equals_ignoring_case(value, "STOP")) return OptOutKeyword::stop;
        if (text::equals_ignoring_case(value, "START")) return OptOutKeyword::start;
        if (text::equals_ignoring_case(value, "HELP")) return OptOutKeyword::help;
    }
    if (!settings.keywords) return OptOutKeyword::none;
    const std::string_view word = text::trim(form.find("Body").value_or(""));
    if (word.empty()) return OptOutKeyword::none;
    if (listed(word, settings.stop)) return OptOutKeyword::stop;
    if (listed(word, settings.start)) return OptOutKeyword::start;
    if (listed(word, settings.help)) return OptOutKeyword::help;
    return OptOutKeyword::none;
}

std::string_view describe(OptOutKeyword keyword) {
    switch (keyword) {
    case OptOutKeyword::stop: return "opt-out";
    case OptOutKeyword::start: return "opt-in";
    case OptOutKeyword::help: return "help";
    case OptOutKeyword::none: break;
    }
    return "";
}

} // namespace sms
