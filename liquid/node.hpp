// The compiled form of a template: a tree of nodes made once by the parser
// and only walked when rendering.
#pragma once

#include <string>
#include <vector>

#include "liquid/expression.hpp"

namespace sms::liquid {

struct Node;

// One arm of if/elsif/unless (condition) or when (any of values).
struct Branch {
    std::vector<Expression> conditions; // if: one; when: each compared with the case's subject
    bool negated = false;               // unless
    std::vector<Node> body;
};

struct Node {
    enum class Kind { text, output, if_, case_, assign, capture, for_, break_, continue_ };
    Kind kind = Kind::text;
    std::string text;              // text: the bytes; assign, capture: the name; for: the loop variable
    FilteredExpression expression; // output, assign: what to evaluate; case: subject; for: collection
    std::vector<Branch> branches;  // if (first, then elsif), case (whens)
    std::vector<Node> body;        // capture, for
    std::vector<Node> else_body;   // if, unless, case, for
    std::vector<Expression> offset, limit; // for: zero or one each
    bool reversed = false;         // for
};

} // namespace sms::liquid
