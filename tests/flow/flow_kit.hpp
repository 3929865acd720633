// Flows for the tests: compiled from JSON text, a sender texting them.
#pragma once

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "flow/flow_conversation.hpp"
#include "flow/flow_loader.hpp"
#include "tests/conversation/sender.hpp"

namespace sms::test {

// The compiled flow; the test fails if it does not load.
inline flow::Flow compile_flow(std::string_view json) {
    auto loaded = flow::load_flow(json);
    if (auto* errors = std::get_if<std::vector<std::string>>(&loaded)) {
        for (const auto& error : *errors) BOOST_TEST_MESSAGE(error);
    }
    BOOST_REQUIRE(std::holds_alternative<flow::LoadedFlow>(loaded));
    return std::get<flow::LoadedFlow>(std::move(loaded)).flow;
}

// Every error load_flow reports; the test fails if it loads.
inline std::vector<std::string> load_errors(std::string_view json) {
    auto loaded = flow::load_flow(json);
    BOOST_REQUIRE(std::holds_alternative<std::vector<std::string>>(loaded));
    return std::get<std::vector<std::string>>(loaded);
}

// A flow whose trigger goes to `first`, with `states` (JSON objects, comma-separated) after it.
inline std::string flow_json(std::string_view first, std::string_view states) {
    return R"({"description": "test", "initial_state": "Trigger", "flags": {"allow_concurrent_calls": true},
              "states": [{"name": "Trigger", "type": "trigger", "properties": {"offset": {"x": 0, "y": 0}},
                          "transitions": [{"event": "incomingMessage", "next": ")" +
           std::string(first) + R"("}]}, )" + std::string(states) + "]}";
}

struct FlowSender : Sender<flow::FlowConversation> {
    explicit FlowSender(std::string_view json, flow::FlowLimits limits = {})
        : Sender<flow::FlowConversation>(flow::FlowConversation(compile_flow(json), limits)) {}
};

// The TwiML of a reply with these <Message>s, each given as its inner XML.
inline std::string replies(std::initializer_list<std::string_view> messages) {
    std::string out = R"(<?xml version="1.0" encoding="UTF-8"?><Response>)";
    for (auto message : messages) out += "<Message>" + std::string(message) + "</Message>";
    return out + "</Response>";
}

} // namespace sms::test
