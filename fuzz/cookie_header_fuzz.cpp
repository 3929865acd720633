// find_cookie on arbitrary Cookie headers, one or several: no crash, a found
// value always points inside one of the headers, and an ambiguous lookup
// finds nothing.
#include <cstdlib>
#include <vector>

#include "fuzz/fuzz_input.hpp"
#include "request/cookie_header.hpp"

namespace {

bool inside(std::string_view part, std::string_view whole) {
    return part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    sms::fuzz::FuzzInput in(data, size);
    const std::string_view name = in.next();
    const std::string_view header = in.next();
    std::vector<std::string_view> more;
    while (!in.rest().empty()) more.push_back(in.next());
    sms::FoundCookie found;
    sms::find_cookie(header, more, name.empty() ? "sms_session" : name, sms::CookieLimits{}, found);
    if (found.ambiguous && found.value) std::abort();
    if (found.value) {
        bool within = inside(*found.value, header);
        for (std::string_view h : more) within = within || inside(*found.value, h);
        if (!within) std::abort();
    }
    return 0;
}
