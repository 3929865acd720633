#include "devtools/flow_command.hpp"

#include <cstdio>
#include <map>
#include <string>

#include "config/config.hpp"
#include "flow/flow_dot.hpp"
#include "conversation/open_conversation.hpp"

namespace sms {

namespace {

int usage(std::string_view message) {
    std::fprintf(stderr, "flow: %s\nusage: sms_fcgi flow check|dot FILE [OPTIONS]\n", std::string(message).c_str());
    return 2;
}

void print_check(const flow::CheckedFlow& checked, const std::string& path) {
    std::map<std::string_view, std::size_t> by_type;
    for (const auto& state : checked.flow.states) ++by_type[widget_type_name(state.type)];
    std::printf("%s: OK, %zu states (", path.c_str(), checked.flow.states.size());
    bool first = true;
    for (const auto& [type, count] : by_type) {
        std::printf("%s%zu %.*s", first ? "" : ", ", count, static_cast<int>(type.size()), type.data());
        first = false;
    }
    std::printf(")\nrevision: %08x (%s)\n", checked.flow.revision, checked.flow.sid.c_str());
    std::printf("cookie: %s\n", checked.budget.describe().c_str());
    for (const auto& state : checked.flow.states) {
        if (state.type != flow::WidgetType::make_http_request && state.type != flow::WidgetType::run_function) continue;
        std::printf("calls: %s %s %s\n", state.name.c_str(), std::string(state.call.method()).c_str(),
                    state.call.url_source.c_str());
    }
    for (const auto& warning : checked.warnings) std::printf("warning: %s\n", warning.c_str());
}

} // namespace

std::string_view flow_command_usage() {
    return "       sms_fcgi flow check FILE [OPTIONS]       check a Studio flow: states, cookie size, calls, warnings\n"
           "       sms_fcgi flow dot FILE [OPTIONS]         the flow as a Graphviz graph (dot -Tpng)\n";
}

int run_flow_command(const std::vector<std::string_view>& args, const char* const* environment) {
    if (args.size() < 2 || (args[0] != "check" && args[0] != "dot")) return usage("expected check or dot, and a file");
    const std::string path(args[1]);
    auto loaded = load_config(environment, {args.begin() + 2, args.end()});
    if (auto* error = std::get_if<std::string>(&loaded)) return usage(*error);
    const Config& config = std::get<Config>(loaded);
    auto checked = check_configured_flow(config, path);
    if (auto* errors = std::get_if<std::vector<std::string>>(&checked)) {
        for (const auto& error : *errors) std::fprintf(stderr, "%s: %s\n", path.c_str(), error.c_str());
        return 2;
    }
    const auto& flow = std::get<flow::CheckedFlow>(checked);
    if (args[0] == "dot") {
        std::fputs(flow::flow_dot(flow.flow).c_str(), stdout);
    } else {
        print_check(flow, path);
    }
    return 0;
}

} // namespace sms
