// The compiled form of a Liquid expression: a literal, a variable path, a
// range, or an operator applied to two expressions; and an expression with
// its filters, as {{ }} and assign hold it.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "liquid/value.hpp"

namespace sms::liquid {

struct FilterSpec;
struct Expression;

// One step of a variable path: .name / ["name"], [2], or [expression].
struct PathStep {
    enum class Kind { key, index, dynamic };
    Kind kind = Kind::key;
    std::string key;
    double index = 0;
    std::vector<Expression> dynamic; // one element when kind is dynamic
};

enum class Operator { equal, not_equal, less, greater, less_equal, greater_equal, contains, and_, or_ };

struct Expression {
    enum class Kind { literal, nil, empty, blank, path, range, binary };
    Kind kind = Kind::literal;
    Value literal;
    std::vector<PathStep> path;    // path: the first step is the variable's name
    Operator op = Operator::equal; // binary
    std::vector<Expression> operands; // range: from, to; binary: left, right
};

struct FilterCall {
    const FilterSpec* filter = nullptr;
    std::vector<Expression> arguments;
    std::vector<std::pair<std::string, Expression>> named_arguments; // name: value
};

struct FilteredExpression {
    Expression value;
    std::vector<FilterCall> filters;
};

} // namespace sms::liquid
