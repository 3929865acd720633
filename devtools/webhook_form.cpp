#include "devtools/webhook_form.hpp"

#include <openssl/rand.h>

#include <cstddef>
#include <stdexcept>

namespace sms::devtools {

namespace {

std::string_view country_of(std::string_view number) { return number.substr(0, 2) == "+1" ? "US" : ""; }

// UTF-16 code units: what a UCS-2 segment counts.
std::size_t utf16_units(std::string_view text) {
    std::size_t units = 0;
    for (char c : text) {
        const auto b = static_cast<unsigned char>(c);
        if ((b & 0xC0) != 0x80) units += b >= 0xF0 ? 2 : 1;
    }
    return units;
}

} // namespace

Form inbound_sms_form(const InboundSms& sms) {
    const std::string segments = std::to_string(count_segments(sms.body));
    return {
        {"ToCountry", country_of(sms.to)},
        {"ToState", ""},
        {"SmsMessageSid", sms.message_sid},
        {"NumMedia", "0"},
        {"ToCity", ""},
        {"FromZip", ""},
        {"SmsSid", sms.message_sid},
        {"FromState", ""},
        {"SmsStatus", "received"},
        {"FromCity", ""},
        {"Body", sms.body},
        {"FromCountry", country_of(sms.from)},
        {"To", sms.to},
        {"ToZip", ""},
        {"NumSegments", segments},
        {"MessageSid", sms.message_sid},
        {"AccountSid", sms.account_sid},
        {"From", sms.from},
        {"ApiVersion", "2010-04-01"},
    };
}

std::string random_sid(std::string_view prefix) {
    static constexpr char kHex[] = "0123456789abcdef";
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("RAND_bytes failed");
    std::string sid(prefix);
    for (unsigned char b : bytes) {
        sid.push_back(kHex[b >> 4]);
        sid.push_back(kHex[b & 0xF]);
    }
    return sid;
}

int count_segments(std::string_view body) {
    bool ascii = true;
    for (char c : body) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    const std::size_t length = ascii ? body.size() : utf16_units(body);
    const std::size_t single = ascii ? 160 : 70;
    const std::size_t part = ascii ? 153 : 67;
    if (length <= single) return 1;
    return static_cast<int>((length + part - 1) / part);
}

} // namespace sms::devtools
