// FastCGI records built byte by byte, for tests and fuzz seeds: what a web
// server (or a hostile peer) sends on a FastCGI connection.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sms::test {

enum RecordType : unsigned char {
    kBeginRequest = 1, kAbortRequest = 2, kParams = 4, kStdin = 5, kGetValues = 9,
};

inline std::string record(unsigned char type, unsigned id, std::string_view content, unsigned char padding = 0) {
    std::string out{char(1), char(type), char(id >> 8), char(id & 0xff),
                    char(content.size() >> 8), char(content.size() & 0xff), char(padding), char(0)};
    out.append(content).append(padding, '\0');
    return out;
}

inline std::string begin_request(unsigned id, unsigned role = 1, bool keep_connection = true) {
    return record(kBeginRequest, id, std::string{char(role >> 8), char(role & 0xff), char(keep_connection ? 1 : 0), 0, 0, 0, 0, 0});
}

// A name-value pair's length: one byte below 128, else four with the top bit set.
inline std::string pair_length(std::uint32_t length) {
    if (length < 0x80) return std::string(1, char(length));
    return {char(0x80 | (length >> 24)), char((length >> 16) & 0xff), char((length >> 8) & 0xff), char(length & 0xff)};
}

inline std::string pairs(const std::vector<std::pair<std::string, std::string>>& list) {
    std::string out;
    for (const auto& [name, value] : list) out += pair_length(name.size()) + pair_length(value.size()) + name + value;
    return out;
}

// A whole responder request as nginx sends it: parameters, then the body,
// each stream ended by an empty record.
inline std::string whole_request(unsigned id, const std::vector<std::pair<std::string, std::string>>& params,
                                 std::string_view body) {
    std::string out = begin_request(id) + record(kParams, id, pairs(params)) + record(kParams, id, "");
    if (!body.empty()) out += record(kStdin, id, body);
    return out + record(kStdin, id, "");
}

} // namespace sms::test
