#include "flow/flow_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "flow/flow_loader.hpp"

namespace sms::flow {

namespace {

// Within one answer a wait widget stops the run, so a cycle of other
// widgets is the only way to spin: such a message is answered 500.
void warn_loops_without_wait(const Flow& flow, std::vector<std::string>& warnings) {
    enum class Mark : std::uint8_t { unvisited, on_path, done };
    std::vector<Mark> marks(flow.states.size(), Mark::unvisited);
    std::vector<std::size_t> path;
    const auto successors = [&flow](std::size_t index) {
        std::vector<std::size_t> next;
        const State& state = flow.states[index];
        if (state.type == WidgetType::send_and_wait_for_reply) return next;
        if (state.next != kEnd) next.push_back(state.next);
        for (const auto& split_case : state.cases) {
            if (split_case.next != kEnd) next.push_back(split_case.next);
        }
        return next;
    };
    // Depth-first, iteratively: a flow may have 1000 states in a chain.
    for (std::size_t root = 0; root < flow.states.size(); ++root) {
        if (marks[root] != Mark::unvisited) continue;
        std::vector<std::pair<std::size_t, std::vector<std::size_t>>> stack{{root, successors(root)}};
        marks[root] = Mark::on_path;
        while (!stack.empty()) {
            auto& [index, pending] = stack.back();
            if (pending.empty()) {
                marks[index] = Mark::done;
                stack.pop_back();
                continue;
            }
            const std::size_t next = pending.back();
            pending.pop_back();
            if (marks[next] == Mark::on_path) {
                std::string loop;
                bool in_loop = false;
                for (const auto& frame : stack) {
                    in_loop = in_loop || frame.first == next;
                    if (in_loop) loop += flow.states[frame.first].name + " -> ";
                }
                warnings.push_back("states " + loop + flow.states[next].name +
                                   " loop without a send-and-wait-for-reply: a message that enters it is answered 500");
            } else if (marks[next] == Mark::unvisited) {
                marks[next] = Mark::on_path;
                stack.emplace_back(next, successors(next));
            }
        }
    }
}

} // namespace

std::vector<std::string> keyword_clashes(const Flow& flow, const std::vector<std::string>& opt_in,
                                         const std::vector<std::string>& opt_out) {
    std::vector<std::string> warnings;
    const auto check = [&](const State& state, const SplitCondition& condition, const std::vector<std::string>& keywords,
                           std::string_view what) {
        const auto* compiled = std::get_if<Condition>(&condition.value);
        if (compiled == nullptr) return;
        for (const auto& keyword : keywords) {
            // The time is irrelevant: no keyword is a time or a date.
            if (compiled->matches(keyword, 0)) {
                warnings.push_back("state " + state.name + " condition \"" + condition.description + "\" matches " +
                                   keyword + ", " + std::string(what));
            }
        }
    };
    for (const auto& state : flow.states) {
        for (const auto& split_case : state.cases) {
            for (const auto& condition : split_case.conditions) {
                if (condition.type != ConditionType::equal_to && condition.type != ConditionType::matches_any_of) continue;
                check(state, condition, opt_in,
                      "an opt-in keyword: a sender's reply starts the flow over (remove it from SMS_OPT_IN_KEYWORDS)");
                check(state, condition, opt_out,
                      "an opt-out keyword: Twilio blocks a sender who texts it, and the flow never sees it as an answer");
            }
        }
    }
    return warnings;
}

std::variant<CheckedFlow, std::vector<std::string>> check_flow_text(std::string_view json_text,
                                                                    const FlowLimits& limits,
                                                                    const SessionOptions& session,
                                                                    BeforeFirstDigest before_first_digest) {
    auto loaded = load_flow(json_text, before_first_digest);
    if (auto* errors = std::get_if<std::vector<std::string>>(&loaded)) return std::move(*errors);
    CheckedFlow checked{std::move(std::get<LoadedFlow>(loaded).flow), {}, std::move(std::get<LoadedFlow>(loaded).warnings)};
    checked.budget = cookie_budget(checked.flow, limits, session);
    if (!checked.budget.fits()) {
        return std::vector<std::string>{"a sender could make this flow's cookie too large: " + checked.budget.describe() +
                                        "; lower SMS_FLOW_MAX_STORED_TEXT or keep fewer fields"};
    }
    for (const auto& state : checked.flow.states) {
        if (state.type == WidgetType::send_and_wait_for_reply && state.timeout_seconds > session.max_idle_seconds) {
            checked.warnings.push_back("state " + state.name + " waits " + std::to_string(state.timeout_seconds) +
                                       " s, longer than the cookie lives (" + std::to_string(session.max_idle_seconds) +
                                       " s): a later reply starts the flow afresh, not down its timeout path");
        }
    }
    warn_loops_without_wait(checked.flow, checked.warnings);
    return checked;
}

std::variant<CheckedFlow, std::vector<std::string>> check_flow_file(const std::string& path, const FlowLimits& limits,
                                                                    const SessionOptions& session,
                                                                    BeforeFirstDigest before_first_digest) {
    std::ifstream file(path, std::ios::binary);
    if (!file) return std::vector<std::string>{std::string("cannot read the flow file: ") + std::strerror(errno)};
    const std::string text{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
    return check_flow_text(text, limits, session, before_first_digest);
}

} // namespace sms::flow
