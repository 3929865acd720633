// Template::render: walks the compiled nodes against the data, within a budget.
#include "liquid/template.hpp"

#include <cmath>
#include <limits>

#include "liquid/filter_spec.hpp"
#include "liquid/property.hpp"
#include "liquid/render_budget.hpp"

namespace sms::liquid {

namespace {

enum class Flow { normal, break_, continue_ };

// A for loop's variable and forloop state.
struct LoopFrame {
    std::string_view variable;
    Value item;
    std::size_t index = 0;
    std::size_t length = 0;
};

// The size of what a value holds, charged as work when a filter makes it.
std::size_t weight(const Value& v) {
    if (v.is_string()) return v.string().size();
    if (v.is_array()) return v.array().size();
    if (v.is_object()) return v.object().size();
    return 1;
}

// slice(count)'s reading of count (ToIntegerOrInfinity, then from the end when negative).
std::size_t slice_index(double count, std::size_t length) {
    if (std::isnan(count)) count = 0;
    count = std::trunc(count);
    const double n = static_cast<double>(length);
    if (count < 0) count = std::max(n + count, 0.0);
    return static_cast<std::size_t>(std::min(count, n));
}

bool is_empty_like(const Value& v) {
    if (v.is_string()) return v.string().empty();
    if (v.is_array()) return v.array().empty();
    if (v.is_object()) return v.object().empty();
    return false;
}

bool is_blank_like(const Value& v) {
    if (v.is_nil() || (v.kind() == Value::Kind::boolean && !v.boolean())) return true;
    if (v.is_string()) {
        for (char c : v.string())
            if (!(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')) return false;
        return true;
    }
    return is_empty_like(v);
}

class Renderer {
public:
    Renderer(const Value& data, const RenderLimits& limits, std::time_t now)
        : data_(data), budget_(limits), now_(now) {}

    Flow render(const std::vector<Node>& nodes, std::string& out) {
        for (const Node& node : nodes) {
            const Flow flow = render(node, out);
            if (flow != Flow::normal) return flow;
        }
        return Flow::normal;
    }

private:
    void write(std::string& out, const Value& value) {
        append_text(out, value);
        budget_.output(out);
    }

    Flow render(const Node& node, std::string& out) {
        switch (node.kind) {
        case Node::Kind::text:
            out += node.text;
            budget_.output(out);
            return Flow::normal;
        case Node::Kind::output: write(out, evaluate(node.expression)); return Flow::normal;
        case Node::Kind::if_:
            for (const Branch& branch : node.branches)
                if (evaluate(branch.conditions[0]).truthy() != branch.negated) return render(branch.body, out);
            return render(node.else_body, out);
        case Node::Kind::case_: {
            const Value subject = evaluate(node.expression);
            bool hit = false;
            for (const Branch& branch : node.branches) {
                for (const Expression& candidate : branch.conditions) {
                    if (compare_equal(subject, candidate)) {
                        hit = true;
                        const Flow flow = render(branch.body, out);
                        if (flow != Flow::normal) return flow;
                        break;
                    }
                }
            }
            return hit ? Flow::normal : render(node.else_body, out);
        }
        case Node::Kind::assign: {
            Value value = evaluate(node.expression);
            budget_.work(weight(value));
            assign(node.text, std::move(value));
            return Flow::normal;
        }
        case Node::Kind::capture: {
            std::string captured;
            const Flow flow = render(node.body, captured);
            budget_.work(captured.size());
            assign(node.text, Value(std::move(captured)));
            return flow;
        }
        case Node::Kind::for_: return render_for(node, out);
        case Node::Kind::break_: return Flow::break_;
        case Node::Kind::continue_: return Flow::continue_;
        }
        return Flow::normal;
    }

    Flow render_for(const Node& node, std::string& out) {
        // The collection: a range stays a pair of numbers (never expanded), an
        // array is shared, a string is one item, an object its [key, value] pairs.
        const Expression& source = node.expression.value;
        Value collection;
        double range_start = 0;
        std::size_t length = 0;
        const bool is_range = source.kind == Expression::Kind::range;
        if (is_range) {
            range_start = to_number(evaluate(source.operands[0]));
            const double stop = to_number(evaluate(source.operands[1])) + 1;
            const double count = std::ceil(stop - range_start);
            length = std::isnan(count) || count <= 0 ? 0
                     : count > 1e15             ? static_cast<std::size_t>(1e15)
                                                : static_cast<std::size_t>(count);
        } else {
            collection = enumerable(evaluate(source));
            length = collection.array().size();
        }
        if (length == 0) return render(node.else_body, out);
        std::size_t begin = 0, end = length;
        if (!node.offset.empty()) {
            const Value offset = evaluate(node.offset[0]);
            if (offset.kind() != Value::Kind::undefined) begin = slice_index(to_number(offset), end);
        }
        if (!node.limit.empty()) {
            const Value limit = evaluate(node.limit[0]);
            if (limit.kind() != Value::Kind::undefined) end = begin + slice_index(to_number(limit), end - begin);
        }
        loops_.push_back({node.text, Value(), 0, end - begin});
        const std::size_t frame = loops_.size() - 1;
        Flow result = Flow::normal;
        for (std::size_t i = 0; i < end - begin; ++i) {
            budget_.iterate();
            const std::size_t at = node.reversed ? end - 1 - i : begin + i;
            loops_[frame].item = is_range ? Value(range_start + static_cast<double>(at)) : collection.array()[at];
            loops_[frame].index = i;
            if (render(node.body, out) == Flow::break_) break;
        }
        loops_.pop_back();
        return result;
    }

    Value enumerable(const Value& v) {
        if (v.is_array()) return v;
        if (v.is_string() && !v.string().empty()) return Value(Array{v});
        if (v.is_object()) {
            Array pairs;
            for (const auto& [key, member] : v.object()) pairs.push_back(Value(Array{Value(key), member}));
            budget_.work(pairs.size());
            return Value(std::move(pairs));
        }
        return Value(Array{});
    }

    void assign(const std::string& name, Value value) {
        for (auto& [key, existing] : assigns_)
            if (key == name) {
                existing = std::move(value);
                return;
            }
        assigns_.emplace_back(name, std::move(value));
    }

    Value evaluate(const FilteredExpression& e) {
        Value value = evaluate(e.value);
        for (const FilterCall& call : e.filters) {
            std::vector<Value> positional;
            positional.reserve(call.arguments.size());
            for (const Expression& argument : call.arguments) positional.push_back(evaluate(argument));
            std::vector<std::pair<std::string_view, Value>> named;
            for (const auto& [key, argument] : call.named_arguments) named.emplace_back(key, evaluate(argument));
            FilterContext context{budget_, now_};
            value = call.filter->function(value, FilterArguments{positional, named}, context);
            budget_.work(weight(value));
        }
        return value;
    }

    Value evaluate(const Expression& e) {
        switch (e.kind) {
        case Expression::Kind::literal:
        case Expression::Kind::nil:
        case Expression::Kind::empty:
        case Expression::Kind::blank: return e.literal;
        case Expression::Kind::path: return lookup(e.path);
        case Expression::Kind::range: {
            const double start = to_number(evaluate(e.operands[0]));
            const double stop = to_number(evaluate(e.operands[1])) + 1;
            Array numbers;
            for (double i = start; i < stop; ++i) {
                budget_.iterate();
                numbers.push_back(Value(i));
            }
            return Value(std::move(numbers));
        }
        case Expression::Kind::binary: return Value(binary(e));
        }
        return Value();
    }

    // liquidjs's nil, empty and blank are drops that compare by meaning:
    // nil equals undefined too, empty any empty string, array or object,
    // blank also nil, false and whitespace.
    static bool special(const Expression& e) {
        return e.kind == Expression::Kind::nil || e.kind == Expression::Kind::empty || e.kind == Expression::Kind::blank;
    }

    bool compare_equal(const Value& left, const Expression& right) {
        if (right.kind == Expression::Kind::nil) return left.is_nil();
        if (right.kind == Expression::Kind::empty) return is_empty_like(left);
        if (right.kind == Expression::Kind::blank) return is_blank_like(left);
        return equals(left, evaluate(right));
    }

    bool binary(const Expression& e) {
        const Expression& l = e.operands[0];
        const Expression& r = e.operands[1];
        switch (e.op) {
        case Operator::and_: {
            const bool left = evaluate(l).truthy();
            return evaluate(r).truthy() && left;
        }
        case Operator::or_: {
            const bool left = evaluate(l).truthy();
            return evaluate(r).truthy() || left;
        }
        case Operator::equal:
        case Operator::not_equal: {
            bool same;
            if (special(l))
                same = r.kind != Expression::Kind::empty && compare_equal(evaluate(r), l);
            else
                same = compare_equal(evaluate(l), r);
            return same == (e.op == Operator::equal);
        }
        default: break;
        }
        const Value left = evaluate(l), right = evaluate(r);
        if (e.op != Operator::contains && (special(l) || special(r))) return false; // drops order against nothing
        switch (e.op) {
        case Operator::less: return less_than(left, right);
        case Operator::greater: return less_than(right, left);
        case Operator::less_equal: return less_or_equal(left, right);
        case Operator::greater_equal: return less_or_equal(right, left);
        case Operator::contains:
            if (left.is_array()) {
                for (const Value& element : left.array())
                    if (equals(element, right)) return true;
                return false;
            }
            if (left.is_string()) return left.string().find(js_string(right)) != std::string::npos;
            return false;
        default: return false;
        }
    }

    Value root(std::string_view name) {
        for (auto frame = loops_.rbegin(); frame != loops_.rend(); ++frame)
            if (frame->variable == name) return frame->item;
        for (const auto& [key, value] : assigns_)
            if (key == name) return value;
        if (const Value* member = data_.member(name)) return *member;
        return Value();
    }

    // forloop.NAME of the innermost loop, computed without building the object.
    Value forloop_property(std::string_view key) {
        const LoopFrame& f = loops_.back();
        if (key == "index") return Value(static_cast<double>(f.index + 1));
        if (key == "index0") return Value(static_cast<double>(f.index));
        if (key == "rindex") return Value(static_cast<double>(f.length - f.index));
        if (key == "rindex0") return Value(static_cast<double>(f.length - f.index - 1));
        if (key == "first") return Value(f.index == 0);
        if (key == "last") return Value(f.index + 1 == f.length);
        if (key == "length") return Value(static_cast<double>(f.length));
        return Value();
    }

    Value lookup(const std::vector<PathStep>& path) {
        std::size_t next = 1;
        Value current;
        const PathStep& first = path[0];
        if (first.kind == PathStep::Kind::key && first.key == "forloop" && !loops_.empty() &&
            !shadowed(first.key)) {
            if (path.size() < 2 || path[1].kind != PathStep::Kind::key) return Value();
            current = forloop_property(path[1].key);
            next = 2;
        } else if (first.kind == PathStep::Kind::key) {
            current = root(first.key);
        } else {
            const Value key = first.kind == PathStep::Kind::index ? Value(first.index) : evaluate(first.dynamic[0]);
            current = root(to_text(key));
        }
        for (; next < path.size(); ++next) {
            const PathStep& step = path[next];
            if (current.is_nil()) return Value();
            switch (step.kind) {
            case PathStep::Kind::key: current = read_property(current, step.key); break;
            case PathStep::Kind::index: current = read_index(current, step.index); break;
            case PathStep::Kind::dynamic: {
                const Value key = evaluate(step.dynamic[0]);
                current = key.is_number() ? read_index(current, key.number()) : read_property(current, js_string(key));
                break;
            }
            }
        }
        return current;
    }

    bool shadowed(std::string_view name) {
        for (const auto& frame : loops_)
            if (frame.variable == name) return true;
        return false;
    }

    const Value& data_;
    RenderBudget budget_;
    std::time_t now_;
    std::vector<LoopFrame> loops_;
    std::vector<std::pair<std::string, Value>> assigns_;
};

} // namespace

std::optional<std::string> Template::render(const Value& data, std::string& out, const RenderLimits& limits,
                                            std::time_t now) const {
    out.clear();
    try {
        Renderer(data, limits, now).render(nodes_, out);
    } catch (const BudgetExceeded& stop) {
        return stop.message;
    }
    return std::nullopt;
}

} // namespace sms::liquid
