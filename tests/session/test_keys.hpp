// Secrets and key rings shared by the session, handler and log tests.
#pragma once

#include <string_view>
#include <variant>

#include "session/key_ring.hpp"

namespace sms::test {

// Letters only, so that no digit in an error message can look like a secret.
inline constexpr std::string_view kSecretA = "QzXvKwYpLmNbRtSgHjDfAeUiOcVxZqWy";
inline constexpr std::string_view kSecretB = "MnBvCxZlKjHgFdSaPoIuYtReWqAsDfGhJk";
inline constexpr std::string_view kRetiredSecret = "ZyXwVuTsRqPoNmLkJiHgFeDcBaZyXwVuTs";

// A ring that the test expects to be valid; a bad secret ends the test case.
inline KeyRing make_key_ring(std::string_view current, std::string_view previous = "") {
    return std::get<KeyRing>(KeyRing::from_secrets(current, previous));
}

} // namespace sms::test
