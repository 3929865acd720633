#include "devtools/liquid_command.hpp"

#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "liquid/json_value.hpp"
#include "liquid/template.hpp"

namespace sms {

namespace {

int usage(std::string_view message) {
    std::fprintf(stderr, "liquid: %s\nusage: sms_fcgi liquid TEMPLATE|- [--data FILE.json]\n", std::string(message).c_str());
    return 2;
}

} // namespace

std::string_view liquid_usage() {
    return "       sms_fcgi liquid TEMPLATE|- [--data FILE.json]   render a Liquid template (- reads it from stdin)\n";
}

int run_liquid(const std::vector<std::string_view>& args) {
    std::string_view template_arg, data_file;
    bool have_template = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--data") {
            if (++i >= args.size()) return usage("--data needs a file");
            data_file = args[i];
        } else if (!have_template) {
            template_arg = args[i];
            have_template = true;
        } else {
            return usage("unexpected argument " + std::string(args[i]));
        }
    }
    if (!have_template) return usage("no template");

    std::string source;
    if (template_arg == "-") source.assign(std::istreambuf_iterator<char>(std::cin), {});
    else source = std::string(template_arg);

    liquid::Value data{liquid::Object{}};
    if (!data_file.empty()) {
        std::ifstream in{std::string(data_file)};
        if (!in) return usage("cannot read " + std::string(data_file));
        std::stringstream text;
        text << in.rdbuf();
        auto parsed = liquid::parse_json_value(text.str());
        if (auto* error = std::get_if<std::string>(&parsed)) return usage(std::string(data_file) + ": " + *error);
        data = std::get<liquid::Value>(parsed);
        if (!data.is_object()) return usage(std::string(data_file) + ": the data must be a JSON object");
    }

    auto parsed = liquid::Template::parse(source);
    if (auto* error = std::get_if<liquid::ParseError>(&parsed)) {
        std::fprintf(stderr, "liquid: %s\n", error->to_string().c_str());
        return 2;
    }
    std::string out;
    const auto stopped = std::get<liquid::Template>(parsed).render(data, out, liquid::RenderLimits{}, std::time(nullptr));
    std::fwrite(out.data(), 1, out.size(), stdout);
    if (stopped) {
        std::fprintf(stderr, "liquid: rendering stopped: %s\n", stopped->c_str());
        return 1;
    }
    return 0;
}

} // namespace sms
