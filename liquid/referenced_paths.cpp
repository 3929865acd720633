#include "liquid/referenced_paths.hpp"

#include <algorithm>

namespace sms::liquid {

namespace {

class PathCollector {
public:
    void nodes(const std::vector<Node>& list) {
        for (const Node& node : list) this->node(node);
    }

    std::vector<VariablePath> result() {
        std::sort(paths_.begin(), paths_.end());
        paths_.erase(std::unique(paths_.begin(), paths_.end()), paths_.end());
        std::vector<VariablePath> kept;
        for (auto& path : paths_) {
            // Sorted order puts a prefix right before the paths under it.
            if (!kept.empty() && path.size() >= kept.back().size() &&
                std::equal(kept.back().begin(), kept.back().end(), path.begin()))
                continue;
            kept.push_back(std::move(path));
        }
        return kept;
    }

private:
    void node(const Node& n) {
        filtered(n.expression);
        for (const Branch& branch : n.branches) {
            for (const Expression& condition : branch.conditions) expression(condition);
            nodes(branch.body);
        }
        for (const Expression& e : n.offset) expression(e);
        for (const Expression& e : n.limit) expression(e);
        if (n.kind == Node::Kind::for_) loop_variables_.push_back(n.text);
        nodes(n.body);
        if (n.kind == Node::Kind::for_) loop_variables_.pop_back();
        nodes(n.else_body);
    }

    void filtered(const FilteredExpression& e) {
        expression(e.value);
        for (const FilterCall& call : e.filters) {
            for (const Expression& argument : call.arguments) expression(argument);
            for (const auto& [name, argument] : call.named_arguments) expression(argument);
        }
    }

    void expression(const Expression& e) {
        for (const Expression& operand : e.operands) expression(operand);
        if (e.kind != Expression::Kind::path) return;
        for (const PathStep& step : e.path)
            for (const Expression& inner : step.dynamic) expression(inner);
        const PathStep& first = e.path.front();
        if (first.kind != PathStep::Kind::key) {
            paths_.push_back({}); // a computed top-level name: any of the data
            return;
        }
        if (first.key == "forloop" ||
            std::find(loop_variables_.begin(), loop_variables_.end(), first.key) != loop_variables_.end())
            return;
        VariablePath path;
        for (const PathStep& step : e.path) {
            if (step.kind != PathStep::Kind::key || (!path.empty() && (step.key == "size" || step.key == "first" ||
                                                                      step.key == "last" || step.key == "length")))
                break;
            path.push_back(step.key);
        }
        paths_.push_back(std::move(path));
    }

    std::vector<VariablePath> paths_;
    std::vector<std::string> loop_variables_;
};

} // namespace

std::vector<VariablePath> referenced_paths(const Template& compiled) {
    PathCollector collector;
    collector.nodes(compiled.nodes());
    return collector.result();
}

} // namespace sms::liquid
