// parse_form on arbitrary bytes: no crash, limits respected, and the decoded
// fields never longer than the input.
#include <cstdlib>

#include "request/form.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    sms::FormLimits limits{16, 64};
    sms::Form form;
    sms::FormError error = sms::parse_form(input, limits, form);
    if (form.size() > limits.max_params) std::abort();
    std::size_t decoded = 0;
    for (std::size_t i = 0; i < form.size(); ++i) {
        const auto [name, value] = form[i];
        if (name.size() > limits.max_field_bytes || value.size() > limits.max_field_bytes) std::abort();
        decoded += name.size() + value.size();
    }
    if (error == sms::FormError::none && decoded > input.size()) std::abort();
    return 0;
}
