// Template::parse: splits the source into text, {{ output }} and {% tag %}
// tokens (with whitespace control), then builds the node tree.
#include "liquid/template.hpp"

#include <utility>

#include "liquid/expression_parser.hpp"

namespace sms::liquid {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

struct Token {
    enum class Kind { text, output, tag };
    Kind kind;
    std::size_t begin;         // offset of the token in the source
    std::string_view markup;   // text: the bytes; output: inside {{ }}; tag: after the name
    std::size_t markup_offset; // offset of markup in the source
    std::string_view name;     // tag name
};

// The end of the markup that starts at from: the offset of close, skipping
// quoted strings; npos when it never comes.
std::size_t find_close(std::string_view source, std::size_t from, std::string_view close) {
    for (std::size_t i = from; i < source.size(); ++i) {
        const char c = source[i];
        if (c == '"' || c == '\'') {
            for (++i; i < source.size() && source[i] != c; ++i)
                if (source[i] == '\\') ++i;
            if (i >= source.size()) return std::string_view::npos;
        } else if (source.compare(i, close.size(), close) == 0) {
            return i;
        }
    }
    return std::string_view::npos;
}

class Tokenizer {
public:
    explicit Tokenizer(std::string_view source) : source_(source) {}

    std::vector<Token> run() {
        bool trim_next_left = false;
        std::size_t pos = 0;
        while (pos < source_.size()) {
            const std::size_t open = source_.find('{', pos);
            std::size_t start = open;
            while (start != std::string_view::npos && start + 1 < source_.size() && source_[start + 1] != '{' &&
                   source_[start + 1] != '%')
                start = source_.find('{', start + 1);
            if (start == std::string_view::npos || start + 1 >= source_.size()) {
                add_text(pos, source_.size(), trim_next_left, false);
                break;
            }
            const bool is_output = source_[start + 1] == '{';
            const bool trim_left = start + 2 < source_.size() && source_[start + 2] == '-';
            add_text(pos, start, trim_next_left, trim_left);
            const std::size_t inner = start + 2 + (trim_left ? 1 : 0);
            const std::string_view close = is_output ? "}}" : "%}";
            const std::size_t end = find_close(source_, inner, close);
            if (end == std::string_view::npos)
                throw SyntaxError{std::string(is_output ? "output" : "tag") + " \"" +
                                      std::string(source_.substr(start, 16)) + "\" not closed",
                                  start};
            const bool trim_right = end > inner && source_[end - 1] == '-';
            const std::size_t inner_end = end - (trim_right ? 1 : 0);
            Token token{is_output ? Token::Kind::output : Token::Kind::tag, start, {}, inner, {}};
            if (is_output) {
                token.markup = source_.substr(inner, inner_end - inner);
            } else {
                std::size_t p = inner;
                while (p < inner_end && is_blank(source_[p])) ++p;
                const std::size_t name_start = p;
                if (p < inner_end && source_[p] == '#') {
                    ++p;
                } else {
                    while (p < inner_end && !is_blank(source_[p])) ++p;
                }
                token.name = source_.substr(name_start, p - name_start);
                token.markup = source_.substr(p, inner_end - p);
                token.markup_offset = p;
            }
            tokens_.push_back(token);
            pos = end + 2;
            trim_next_left = trim_right;
            if (token.kind == Token::Kind::tag && token.name == "raw") pos = read_raw(pos, trim_next_left);
        }
        return std::move(tokens_);
    }

private:
    void add_text(std::size_t begin, std::size_t end, bool trim_start, bool trim_end) {
        if (trim_start)
            while (begin < end && is_blank(source_[begin])) ++begin;
        if (trim_end)
            while (end > begin && is_blank(source_[end - 1])) --end;
        if (begin < end) tokens_.push_back({Token::Kind::text, begin, source_.substr(begin, end - begin), begin, {}});
    }

    // {% raw %}: everything up to {% endraw %} is text, whatever it holds.
    std::size_t read_raw(std::size_t pos, bool& trim_next_left) {
        for (std::size_t at = source_.find("{%", pos); at != std::string_view::npos; at = source_.find("{%", at + 2)) {
            std::size_t p = at + 2;
            const bool trim_left = p < source_.size() && source_[p] == '-';
            if (trim_left) ++p;
            while (p < source_.size() && is_blank(source_[p])) ++p;
            if (source_.compare(p, 6, "endraw") != 0) continue;
            p += 6;
            while (p < source_.size() && is_blank(source_[p])) ++p;
            const bool trim_right = p < source_.size() && source_[p] == '-';
            if (trim_right) ++p;
            if (source_.compare(p, 2, "%}") != 0) continue;
            add_text(pos, at, trim_next_left, trim_left);
            tokens_.push_back({Token::Kind::tag, at, {}, p, "endraw"});
            trim_next_left = trim_right;
            return p + 2;
        }
        throw SyntaxError{"tag {% raw %} not closed", tokens_.back().begin};
    }

    std::string_view source_;
    std::vector<Token> tokens_;
};

// Builds nodes from the tokens; each block tag reads up to its end tag.
class TreeBuilder {
public:
    explicit TreeBuilder(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

    std::vector<Node> run() {
        std::vector<Node> nodes;
        if (const Token* stray = block(nodes, {})) unexpected(*stray);
        return nodes;
    }

private:
    // Parses nodes into out until one of the tags in ends (returned) or the
    // end of the tokens (nullptr; an error when ends is not empty).
    const Token* block(std::vector<Node>& out, std::initializer_list<std::string_view> ends) {
        while (next_ < tokens_.size()) {
            const Token& token = tokens_[next_++];
            if (token.kind == Token::Kind::text) {
                Node node;
                node.text = std::string(token.markup);
                out.push_back(std::move(node));
                continue;
            }
            if (token.kind == Token::Kind::output) {
                ExpressionParser parser(token.markup, token.markup_offset);
                Node node;
                node.kind = Node::Kind::output;
                node.expression = parser.filtered();
                parser.expect_end();
                out.push_back(std::move(node));
                continue;
            }
            for (auto end : ends)
                if (token.name == end) return &token;
            tag(token, out);
        }
        return nullptr;
    }

    [[noreturn]] void unexpected(const Token& token) {
        throw SyntaxError{"unexpected tag \"" + std::string(token.name) + "\"", token.begin};
    }

    [[noreturn]] void not_closed(const Token& token) {
        throw SyntaxError{"tag \"" + std::string(token.name) + "\" not closed", token.begin};
    }

    void enter(const Token& token) {
        if (++depth_ > kMaxNesting) throw SyntaxError{"blocks nested too deeply", token.begin};
    }

    void no_arguments(const Token& token) {
        ExpressionParser parser(token.markup, token.markup_offset);
        parser.expect_end();
    }

    void tag(const Token& token, std::vector<Node>& out) {
        ExpressionParser parser(token.markup, token.markup_offset);
        const std::string_view name = token.name;
        Node node;
        if (name == "if" || name == "unless") {
            enter(token);
            node.kind = Node::Kind::if_;
            Branch branch;
            branch.negated = name == "unless";
            branch.conditions.push_back(parser.condition());
            parser.expect_end();
            const std::string end = name == "if" ? "endif" : "endunless";
            for (;;) {
                const Token* stop = block(branch.body, {"elsif", "else", end});
                if (stop == nullptr) not_closed(token);
                node.branches.push_back(std::move(branch));
                if (stop->name == "elsif") {
                    ExpressionParser elsif(stop->markup, stop->markup_offset);
                    branch = Branch{};
                    branch.conditions.push_back(elsif.condition());
                    elsif.expect_end();
                    continue;
                }
                if (stop->name == "else") {
                    const Token* close = block(node.else_body, {end, "else", "elsif"});
                    if (close == nullptr) not_closed(token);
                    if (close->name != end) unexpected(*close);
                }
                break;
            }
            --depth_;
        } else if (name == "case") {
            enter(token);
            node.kind = Node::Kind::case_;
            node.expression = parser.filtered();
            parser.expect_end();
            std::vector<Node> ignored; // between case and the first when
            const Token* stop = block(ignored, {"when", "else", "endcase"});
            while (stop != nullptr && stop->name == "when") {
                Branch branch;
                ExpressionParser when(stop->markup, stop->markup_offset);
                do branch.conditions.push_back(when.value());
                while (when.punct(",") || when.word("or"));
                when.expect_end();
                stop = block(branch.body, {"when", "else", "endcase"});
                node.branches.push_back(std::move(branch));
            }
            if (stop != nullptr && stop->name == "else") stop = block(node.else_body, {"endcase"});
            if (stop == nullptr) not_closed(token);
            --depth_;
        } else if (name == "for") {
            enter(token);
            node.kind = Node::Kind::for_;
            node.text = parser.identifier();
            if (node.text.empty() || !parser.word("in")) parser.fail("illegal tag: for" + std::string(token.markup));
            node.expression.value = parser.value();
            while (!parser.at_end()) {
                parser.punct(",");
                const std::string key = parser.identifier();
                if (key == "reversed") {
                    node.reversed = true;
                } else if ((key == "limit" || key == "offset") && parser.punct(":")) {
                    (key == "limit" ? node.limit : node.offset).assign(1, parser.value());
                } else {
                    parser.fail("unexpected \"" + key + "\" in for");
                }
            }
            const Token* stop = block(node.body, {"else", "endfor"});
            if (stop != nullptr && stop->name == "else") stop = block(node.else_body, {"endfor"});
            if (stop == nullptr) not_closed(token);
            --depth_;
        } else if (name == "assign") {
            node.kind = Node::Kind::assign;
            node.text = parser.identifier();
            if (node.text.empty() || !parser.punct("=")) parser.fail("illegal tag: assign" + std::string(token.markup));
            node.expression = parser.filtered();
            parser.expect_end();
        } else if (name == "capture") {
            enter(token);
            node.kind = Node::Kind::capture;
            node.text = parser.identifier_or_quoted();
            parser.expect_end();
            if (block(node.body, {"endcapture"}) == nullptr) not_closed(token);
            --depth_;
        } else if (name == "echo") {
            node.kind = Node::Kind::output;
            if (!parser.at_end()) node.expression = parser.filtered();
            parser.expect_end();
        } else if (name == "break" || name == "continue") {
            node.kind = name == "break" ? Node::Kind::break_ : Node::Kind::continue_;
            no_arguments(token);
        } else if (name == "comment") {
            // Tokens inside are skipped (they were checked for being closed).
            while (next_ < tokens_.size() && tokens_[next_].name != "endcomment") ++next_;
            if (next_++ >= tokens_.size()) not_closed(token);
            return;
        } else if (name == "raw") {
            if (next_ < tokens_.size() && tokens_[next_].kind == Token::Kind::text) {
                node.text = std::string(tokens_[next_++].markup);
                out.push_back(std::move(node));
            }
            ++next_; // endraw, which the tokenizer put there
            return;
        } else if (name == "#") {
            return;
        } else {
            throw SyntaxError{"tag \"" + std::string(name) + "\" not found", token.begin};
        }
        out.push_back(std::move(node));
    }

    std::vector<Token> tokens_;
    std::size_t next_ = 0;
    int depth_ = 0;
};

ParseError located(std::string_view source, SyntaxError error) {
    ParseError e{std::move(error.message), error.offset, 1, 1};
    for (std::size_t i = 0; i < error.offset && i < source.size(); ++i) {
        if (source[i] == '\n') {
            ++e.line;
            e.column = 1;
        } else {
            ++e.column;
        }
    }
    return e;
}

} // namespace

std::variant<Template, ParseError> Template::parse(std::string_view source) {
    try {
        return Template(TreeBuilder(Tokenizer(source).run()).run());
    } catch (SyntaxError& error) {
        return located(source, std::move(error));
    }
}

} // namespace sms::liquid
