// The session's bytes before they are signed or sealed: a strict, compact
// binary form. Decoding accepts exactly what encoding produces.
#pragma once

#include <string>
#include <string_view>

#include "session/session.hpp"

namespace sms {

// Version 2: the last message's id (its kind, then 16 bytes unless it is
// none), started, last_seen - started, then the entries sorted by key:
// unsigned LEB128 numbers, length-prefixed strings, integers zigzagged.
// Appended to `out`: the codec puts the pair check first.
void append_payload(std::string& out, const Session& session);
std::string encode_payload(const Session& session);

// False on anything encode_payload could not have written: truncation,
// trailing bytes, unsorted or repeated keys, unknown tags, overlong numbers.
bool decode_payload(std::string_view bytes, Session& out);

// Version 1, as cookies issued before version 2 carry it (read, never
// written): started, last_seen, the MessageSid and the reply it got, then
// the entries. The MessageSid becomes the last message's id; the reply,
// which version 2 no longer keeps, is dropped.
bool decode_payload_v1(std::string_view bytes, Session& out);

} // namespace sms
