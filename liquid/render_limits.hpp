// What one render may cost at most. Exceeding any of them stops the render
// with an error instead of spending more time or memory.
#pragma once

#include <cstddef>

namespace sms::liquid {

struct RenderLimits {
    // Loop iterations in all, counted over every for loop and range.
    std::size_t max_iterations = 10000;
    // Bytes of the rendered output.
    std::size_t max_output_bytes = 65536;
    // Bytes and elements produced by filters, captures and assignments in all:
    // what bounds strings doubled in a loop.
    std::size_t max_work = 4u << 20;
};

} // namespace sms::liquid
