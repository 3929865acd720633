// In-memory stdin and stdout for the tests of the interactive tools.
#pragma once

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <string_view>

namespace sms::test {

// Calls `run` with `input` readable from its first FILE*, and returns what it
// wrote to the second. Neither is a terminal.
inline std::string through_memory_files(std::string_view input, const std::function<void(std::FILE*, std::FILE*)>& run) {
    std::string typed(input);
    std::FILE* in = ::fmemopen(typed.data(), typed.size(), "r");
    char* printed = nullptr;
    std::size_t printed_size = 0;
    std::FILE* out = ::open_memstream(&printed, &printed_size);
    BOOST_TEST_REQUIRE((in != nullptr && out != nullptr));
    run(in, out);
    std::fclose(in);
    std::fclose(out);
    std::string output(printed, printed_size);
    std::free(printed);
    return output;
}

} // namespace sms::test
