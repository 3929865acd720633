#include "liquid/expression_parser.hpp"

#include "liquid/filter_table.hpp"
#include "liquid/js_number.hpp"

namespace sms::liquid {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_identifier_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' || c == '-' || c == '?' ||
           static_cast<unsigned char>(c) >= 0x80;
}

Expression literal(Value v) {
    Expression e;
    e.literal = std::move(v);
    return e;
}

// A JSON-style escape inside a quoted string, as liquidjs reads them.
void append_escape(std::string& out, std::string_view text, std::size_t& i) {
    const char c = text[i++];
    switch (c) {
    case 'n': out += '\n'; return;
    case 't': out += '\t'; return;
    case 'r': out += '\r'; return;
    case 'b': out += '\b'; return;
    case 'f': out += '\f'; return;
    case 'v': out += '\v'; return;
    default: out += c; return;
    }
}

} // namespace

void ExpressionParser::fail(std::string message) const { throw SyntaxError{std::move(message), offset()}; }

void ExpressionParser::skip_blanks() {
    while (pos_ < text_.size() && is_blank(text_[pos_])) ++pos_;
}

bool ExpressionParser::at_end() {
    skip_blanks();
    return pos_ >= text_.size();
}

void ExpressionParser::expect_end() {
    if (!at_end()) fail("unexpected \"" + std::string(text_.substr(pos_, 20)) + "\"");
}

bool ExpressionParser::word(std::string_view w) {
    skip_blanks();
    if (text_.substr(pos_, w.size()) != w) return false;
    if (pos_ + w.size() < text_.size() && is_identifier_char(text_[pos_ + w.size()])) return false;
    pos_ += w.size();
    return true;
}

bool ExpressionParser::punct(std::string_view p) {
    skip_blanks();
    if (text_.substr(pos_, p.size()) != p) return false;
    pos_ += p.size();
    return true;
}

std::string ExpressionParser::identifier() {
    skip_blanks();
    const std::size_t start = pos_;
    while (pos_ < text_.size() && is_identifier_char(text_[pos_])) ++pos_;
    return std::string(text_.substr(start, pos_ - start));
}

std::string ExpressionParser::identifier_or_quoted() {
    skip_blanks();
    if (pos_ < text_.size() && (text_[pos_] == '"' || text_[pos_] == '\'')) {
        Expression e = value();
        return e.literal.string();
    }
    std::string name = identifier();
    if (name.empty()) fail("expected a variable name");
    return name;
}

bool ExpressionParser::peek_value() {
    skip_blanks();
    if (pos_ >= text_.size()) return false;
    const char c = text_[pos_];
    return c == '"' || c == '\'' || c == '(' || c == '[' || is_identifier_char(c);
}

PathStep ExpressionParser::bracket_step() {
    if (++depth_ > kMaxNesting) fail("expression nested too deeply");
    Expression inside = value();
    if (!punct("]")) fail("expected ]");
    --depth_;
    PathStep step;
    if (inside.kind == Expression::Kind::literal && inside.literal.is_string()) {
        step.key = inside.literal.string();
    } else if (inside.kind == Expression::Kind::literal && inside.literal.is_number()) {
        step.kind = PathStep::Kind::index;
        step.index = inside.literal.number();
    } else {
        step.kind = PathStep::Kind::dynamic;
        step.dynamic.push_back(std::move(inside));
    }
    return step;
}

Expression ExpressionParser::value() {
    skip_blanks();
    if (pos_ >= text_.size()) fail("expected a value");
    const char c = text_[pos_];
    if (c == '"' || c == '\'') {
        const std::size_t start = pos_++;
        std::string s;
        while (pos_ < text_.size() && text_[pos_] != c) {
            if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) {
                ++pos_;
                append_escape(s, text_, pos_);
            } else {
                s += text_[pos_++];
            }
        }
        if (pos_ >= text_.size()) {
            pos_ = start;
            fail("unclosed string");
        }
        ++pos_;
        return literal(Value(std::move(s)));
    }
    if (c == '(') {
        ++pos_;
        if (++depth_ > kMaxNesting) fail("expression nested too deeply");
        Expression range;
        range.kind = Expression::Kind::range;
        range.operands.push_back(value());
        if (!punct("..")) fail("expected .. in a range");
        range.operands.push_back(value());
        if (!punct(")")) fail("expected ) after a range");
        --depth_;
        return range;
    }
    const bool negative_number = c == '-' && pos_ + 1 < text_.size() && is_digit(text_[pos_ + 1]);
    if (is_digit(c) || negative_number) {
        const std::size_t start = pos_++;
        while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
        if (pos_ + 1 < text_.size() && text_[pos_] == '.' && is_digit(text_[pos_ + 1])) {
            ++pos_;
            while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
        }
        return literal(Value(parse_js_number(text_.substr(start, pos_ - start))));
    }
    Expression path;
    path.kind = Expression::Kind::path;
    if (c == '[') {
        ++pos_;
        path.path.push_back(bracket_step());
    } else {
        const std::string name = identifier();
        if (name.empty()) fail("invalid value \"" + std::string(text_.substr(pos_, 20)) + "\"");
        if (name == "true") return literal(Value(true));
        if (name == "false") return literal(Value(false));
        if (name == "nil" || name == "null" || name == "empty" || name == "blank") {
            // Compared specially (see the renderer); as values they are null or "".
            Expression e;
            e.kind = name == "empty"   ? Expression::Kind::empty
                     : name == "blank" ? Expression::Kind::blank
                                       : Expression::Kind::nil;
            e.literal = e.kind == Expression::Kind::nil ? Value::null() : Value(std::string());
            return e;
        }
        PathStep first;
        first.key = name;
        path.path.push_back(std::move(first));
    }
    for (;;) {
        if (pos_ + 1 < text_.size() && text_[pos_] == '.' && is_identifier_char(text_[pos_ + 1])) {
            ++pos_;
            PathStep step;
            step.key = identifier();
            path.path.push_back(std::move(step));
        } else if (pos_ < text_.size() && text_[pos_] == '[') {
            ++pos_;
            path.path.push_back(bracket_step());
        } else {
            break;
        }
    }
    return path;
}

Expression ExpressionParser::comparison() {
    Expression left = value();
    static constexpr std::pair<std::string_view, Operator> kOperators[] = {
        {"==", Operator::equal},      {"!=", Operator::not_equal}, {"<>", Operator::not_equal},
        {">=", Operator::greater_equal}, {"<=", Operator::less_equal}, {">", Operator::greater},
        {"<", Operator::less},
    };
    for (const auto& [symbol, op] : kOperators) {
        if (punct(symbol)) {
            Expression e;
            e.kind = Expression::Kind::binary;
            e.op = op;
            e.operands.push_back(std::move(left));
            e.operands.push_back(value());
            return e;
        }
    }
    if (word("contains")) {
        Expression e;
        e.kind = Expression::Kind::binary;
        e.op = Operator::contains;
        e.operands.push_back(std::move(left));
        e.operands.push_back(value());
        return e;
    }
    return left;
}

Expression ExpressionParser::condition() {
    // Liquid evaluates and/or right to left, with no precedence between them:
    // a and b or c is a and (b or c). Folded from the right, without recursion.
    std::vector<Expression> terms;
    std::vector<Operator> joins;
    terms.push_back(comparison());
    for (;;) {
        if (word("and")) joins.push_back(Operator::and_);
        else if (word("or")) joins.push_back(Operator::or_);
        else break;
        // Evaluating and freeing the folded tree recurses once per term.
        if (joins.size() > kMaxConditionTerms) fail("condition with more than " + std::to_string(kMaxConditionTerms) + " and/or");
        terms.push_back(comparison());
    }
    Expression result = std::move(terms.back());
    for (std::size_t i = joins.size(); i-- > 0;) {
        Expression e;
        e.kind = Expression::Kind::binary;
        e.op = joins[i];
        e.operands.push_back(std::move(terms[i]));
        e.operands.push_back(std::move(result));
        result = std::move(e);
    }
    return result;
}

std::vector<FilterCall> ExpressionParser::filters() {
    std::vector<FilterCall> calls;
    while (punct("|")) {
        skip_blanks();
        const std::size_t at = offset();
        const std::string name = identifier();
        if (name.empty()) fail("expected a filter name");
        FilterCall call;
        call.filter = find_filter(name);
        if (call.filter == nullptr) throw SyntaxError{"undefined filter: " + name, at};
        if (punct(":")) {
            do {
                // name: value is a named argument (default: x, allow_false: true).
                const std::size_t before = pos_;
                skip_blanks();
                std::string key = identifier();
                if (!key.empty() && punct(":")) {
                    call.named_arguments.emplace_back(std::move(key), value());
                } else {
                    pos_ = before;
                    call.arguments.push_back(value());
                }
            } while (punct(","));
        }
        if (call.arguments.size() < call.filter->min_arguments)
            throw SyntaxError{name + " expects " + std::to_string(call.filter->min_arguments + 1) + " arguments", at};
        calls.push_back(std::move(call));
    }
    return calls;
}

FilteredExpression ExpressionParser::filtered() {
    FilteredExpression e;
    e.value = value();
    e.filters = filters();
    return e;
}

} // namespace sms::liquid
