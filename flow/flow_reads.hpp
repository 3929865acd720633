// What a flow's templates read, gathered while the flow compiles, and from
// that what its cookie keeps from one answer to the next: the trigger and
// inbound fields, the variables, and the call results a later answer reads.
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "flow/flow.hpp"
#include "liquid/referenced_paths.hpp"

namespace sms::flow {

std::string in_quotes(std::string_view text);

// A state as load errors name it: states[3] "ask" (send-and-wait-for-reply).
struct StateRef {
    std::size_t index;
    std::string name;
    std::string type;
    std::string describe() const;
};

using StateIndex = std::map<std::string, std::size_t, std::less<>>; // state name → index

class FlowReads {
public:
    // Records what `compiled`, the state's `property`, reads; a read whose
    // fields cannot be known is an error.
    void note(const StateRef& state, std::string_view property, const liquid::Template& compiled,
              std::vector<std::string>& errors);
    // A key set-variables writes: kept whether or not a template reads it.
    void note_variable(const std::string& key) { variable_keys_.insert(key); }

    // Fills the flow's stored fields and data shape from what was noted; a
    // read of what no state provides is an error.
    void store(Flow& flow, const StateIndex& states, std::vector<std::string>& errors) const;

private:
    void note_fixed(const liquid::VariablePath& path);
    void store_call_results(Flow& flow, const StateIndex& states, std::vector<std::string>& errors) const;

    std::set<std::string> trigger_reads_;                                    // trigger.message.FIELD
    std::map<std::string, std::set<std::string>, std::less<>> inbound_reads_; // widgets.NAME.inbound.FIELD
    std::map<std::string, StateRef, std::less<>> inbound_readers_;           // NAME: one state that reads it
    std::set<std::string> variable_keys_;                                    // flow.variables.KEY written or read
    // widgets.NAME.PATH read for any other widget than a wait: PATH (empty
    // for the whole widget) and the reading state's index, by NAME.
    std::map<std::string, std::set<std::pair<liquid::VariablePath, std::size_t>>, std::less<>> widget_reads_;
    bool channel_address_ = false; // flow.channel.address
    bool contact_address_ = false; // contact.channel.address
    bool sid_ = false;             // flow.sid, flow.flow_sid
};

} // namespace sms::flow
