// The session's bytes before they are signed or sealed: a strict, compact
// binary form. Decoding accepts exactly what encoding produces.
#pragma once

#include <string>
#include <string_view>

#include "session/session.hpp"

namespace sms {

// started, last_seen, last_message_sid, last_reply, then the entries sorted by
// key: unsigned LEB128 numbers, length-prefixed strings, integers zigzagged.
std::string encode_payload(const Session& session);

// False on anything encode_payload could not have written: truncation,
// trailing bytes, unsorted or repeated keys, unknown value tags, overlong numbers.
bool decode_payload(std::string_view bytes, Session& out);

} // namespace sms
