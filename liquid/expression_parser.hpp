// Reads the expressions inside {{ }} and tag markup: values, variable paths,
// ranges, conditions (comparisons joined by and/or, evaluated right to left
// as Liquid does) and filter chains.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "liquid/expression.hpp"

namespace sms::liquid {

// Thrown inside the parser; Template::parse turns it into a ParseError.
struct SyntaxError {
    std::string message;
    std::size_t offset; // in the whole template
};

class ExpressionParser {
public:
    // markup is a slice of the template starting at byte offset base.
    ExpressionParser(std::string_view markup, std::size_t base) : text_(markup), base_(base) {}

    Expression value();              // a literal, path or range
    Expression condition();          // comparisons joined by and/or
    FilteredExpression filtered();   // a value then | filter: args ...
    std::string identifier();        // a name (letters, digits, _, -, ?)
    std::string identifier_or_quoted();
    bool word(std::string_view w);   // consumes the word w if it comes next
    bool punct(std::string_view p);  // consumes p if it comes next
    bool at_end();
    void expect_end();               // a syntax error if anything but blanks remains
    std::size_t offset() const { return base_ + pos_; }
    [[noreturn]] void fail(std::string message) const;

private:
    void skip_blanks();
    bool peek_value();
    Expression comparison();
    PathStep bracket_step();
    std::vector<FilterCall> filters();

    std::string_view text_;
    std::size_t base_;
    std::size_t pos_ = 0;
    int depth_ = 0; // nesting of [ ] and ( ), bounded so the stack is
};

// How deeply brackets and ranges may nest, and blocks, in a template.
inline constexpr int kMaxNesting = 64;
// How many and/or one condition may join.
inline constexpr std::size_t kMaxConditionTerms = 64;

} // namespace sms::liquid
