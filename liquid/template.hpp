// A Liquid template, parsed once and rendered many times. Rendering walks
// the compiled nodes only; it never parses.
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "liquid/node.hpp"
#include "liquid/parse_error.hpp"
#include "liquid/render_limits.hpp"
#include "liquid/value.hpp"

namespace sms::liquid {

class Template {
public:
    // The compiled template, or what is wrong and where. Unknown tags and
    // filters are errors, as with liquidjs's strictFilters.
    static std::variant<Template, ParseError> parse(std::string_view source);

    // Renders with data (an object whose members are the top-level variables)
    // into out, which is cleared first. Returns why rendering stopped when a
    // limit was reached (out then holds what was rendered until then).
    std::optional<std::string> render(const Value& data, std::string& out, const RenderLimits& limits,
                                      std::time_t now) const;

    const std::vector<Node>& nodes() const { return nodes_; }

private:
    explicit Template(std::vector<Node> nodes) : nodes_(std::move(nodes)) {}
    std::vector<Node> nodes_;
};

} // namespace sms::liquid
