// find_cookie on arbitrary Cookie headers: no crash, and a found value always
// points inside the header.
#include <cstdlib>

#include "fuzz/fuzz_input.hpp"
#include "request/cookie_header.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    sms::fuzz::FuzzInput in(data, size);
    std::string_view name = in.next();
    std::string_view header = in.rest();
    std::optional<std::string_view> value;
    sms::find_cookie(header, name.empty() ? "sms_session" : name, sms::CookieLimits{}, value);
    if (value && (value->data() < header.data() || value->data() + value->size() > header.data() + header.size())) {
        std::abort();
    }
    return 0;
}
