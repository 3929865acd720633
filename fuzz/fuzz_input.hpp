// Splits one fuzzer input into several string fields, so a target can fuzz a
// function that takes more than one buffer. Fields are separated by a 0xFF
// byte, which seldom matters to the code under test.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sms::fuzz {

class FuzzInput {
public:
    FuzzInput(const std::uint8_t* data, std::size_t size)
        : rest_(reinterpret_cast<const char*>(data), size) {}

    // The next field (empty once the input is used up).
    std::string_view next() {
        auto sep = rest_.find('\xFF');
        auto field = rest_.substr(0, sep);
        rest_ = sep == std::string_view::npos ? std::string_view{} : rest_.substr(sep + 1);
        return field;
    }

    std::string_view rest() const { return rest_; }

private:
    std::string_view rest_;
};

} // namespace sms::fuzz
