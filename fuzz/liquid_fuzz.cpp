// The Liquid engine on arbitrary bytes: a template (parsed, and rendered when
// it parses) with arbitrary JSON data. Parsing must end in a template or an
// error with a position inside the template; rendering must stay within its
// limits, whatever the template and data.
#include <cstdlib>

#include "fuzz/fuzz_input.hpp"
#include "liquid/json_value.hpp"
#include "liquid/referenced_paths.hpp"
#include "liquid/template.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    sms::fuzz::FuzzInput in(data, size);
    const std::string_view source = in.next(), json = in.next();

    auto parsed = sms::liquid::Template::parse(source);
    if (auto* error = std::get_if<sms::liquid::ParseError>(&parsed)) {
        if (error->offset > source.size() || error->message.empty()) std::abort();
        return 0;
    }
    const auto& compiled = std::get<sms::liquid::Template>(parsed);
    (void)sms::liquid::referenced_paths(compiled);

    sms::liquid::Value values{sms::liquid::Object{}};
    auto converted = sms::liquid::parse_json_value(json);
    if (auto* value = std::get_if<sms::liquid::Value>(&converted); value != nullptr && value->is_object())
        values = *value;

    sms::liquid::RenderLimits limits;
    limits.max_iterations = 2000;
    limits.max_output_bytes = 16384;
    limits.max_work = 1u << 20;
    std::string out;
    const auto stopped = compiled.render(values, out, limits, 1764547200);
    if (out.size() > limits.max_output_bytes) std::abort();
    (void)stopped;
    return 0;
}
