// A flow as a Graphviz DOT graph: states as boxes (named, with their widget
// type), transitions as edges labelled with their event or conditions.
#pragma once

#include <string>

#include "flow/flow.hpp"

namespace sms::flow {

std::string flow_dot(const Flow& flow);

} // namespace sms::flow
