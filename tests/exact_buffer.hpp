// Test input that ends exactly where its heap block ends, so that
// AddressSanitizer reports a parser reading even one byte past the end
// (a std::string would hide that behind its terminator and spare capacity).
#pragma once

#include <cstring>
#include <memory>
#include <string_view>

namespace sms::test {

class ExactBuffer {
public:
    explicit ExactBuffer(std::string_view text) : size_(text.size()), bytes_(new char[text.size()]) {
        if (size_ != 0) std::memcpy(bytes_.get(), text.data(), size_);
    }

    std::string_view view() const { return {bytes_.get(), size_}; }

private:
    std::size_t size_;
    std::unique_ptr<char[]> bytes_;
};

} // namespace sms::test
