// Template data from JSON (nlohmann), and values written as JSON the way
// JavaScript's JSON.stringify writes them (the json and to_json filters).
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json_fwd.hpp>

#include "liquid/value.hpp"

namespace sms::liquid {

// Deeper JSON is refused: conversion and rendering recurse once per level.
inline constexpr int kMaxJsonDepth = 64;

// A Value, or an error message for what is not JSON or nests too deeply.
std::variant<Value, std::string> value_from_json(const nlohmann::ordered_json& json);
std::variant<Value, std::string> parse_json_value(std::string_view text);

// JSON.stringify(value): false when the result is undefined (undefined itself),
// in which case nothing is appended.
bool append_json(std::string& out, const Value& value);

} // namespace sms::liquid
