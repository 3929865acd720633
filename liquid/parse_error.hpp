// Why a template did not parse, and where: byte offset, 1-based line and column.
#pragma once

#include <cstddef>
#include <string>

namespace sms::liquid {

struct ParseError {
    std::string message;
    std::size_t offset = 0;
    std::size_t line = 1;
    std::size_t column = 1;

    // "message, line:L, col:C", the way liquidjs words positions.
    std::string to_string() const {
        return message + ", line:" + std::to_string(line) + ", col:" + std::to_string(column);
    }
};

} // namespace sms::liquid
