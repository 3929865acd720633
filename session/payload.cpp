#include "session/payload.hpp"

#include <algorithm>
#include <cstdint>

namespace sms {

namespace {

enum : unsigned char { kTagInt = 0, kTagString = 1 };

void put_number(std::string& out, std::uint64_t n) {
    while (n >= 0x80) {
        out.push_back(static_cast<char>((n & 0x7f) | 0x80));
        n >>= 7;
    }
    out.push_back(static_cast<char>(n));
}

void put_string(std::string& out, std::string_view s) {
    put_number(out, s.size());
    out.append(s);
}

std::uint64_t zigzag(std::int64_t n) {
    return (static_cast<std::uint64_t>(n) << 1) ^ static_cast<std::uint64_t>(n >> 63);
}

std::int64_t unzigzag(std::uint64_t n) {
    return static_cast<std::int64_t>(n >> 1) ^ -static_cast<std::int64_t>(n & 1);
}

class Reader {
public:
    explicit Reader(std::string_view in) : in_(in) {}

    bool number(std::uint64_t& n) {
        n = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (in_.empty()) return false;
            auto byte = static_cast<unsigned char>(in_.front());
            in_.remove_prefix(1);
            if (shift == 63 && byte > 1) return false;
            n |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
            if ((byte & 0x80) == 0) return byte != 0 || shift == 0; // shortest form only
        }
        return false;
    }

    bool time(std::int64_t& t) {
        std::uint64_t n;
        if (!number(n) || n > static_cast<std::uint64_t>(INT64_MAX)) return false;
        t = static_cast<std::int64_t>(n);
        return true;
    }

    bool string(std::string& s) {
        std::uint64_t n;
        if (!number(n) || n > in_.size()) return false;
        s.assign(in_.substr(0, n));
        in_.remove_prefix(n);
        return true;
    }

    bool byte(unsigned char& b) {
        if (in_.empty()) return false;
        b = static_cast<unsigned char>(in_.front());
        in_.remove_prefix(1);
        return true;
    }

    bool done() const { return in_.empty(); }
    std::size_t remaining() const { return in_.size(); }

private:
    std::string_view in_;
};

} // namespace

std::string encode_payload(const Session& session) {
    std::string out;
    out.reserve(32 + session.last_message_sid.size() + session.last_reply.size());
    // Times are never negative, and a session cannot start after its last
    // message: the decoder rejects both, so conversation code that edits
    // them must not be able to make its own cookie unreadable.
    const std::int64_t last_seen = session.last_seen > 0 ? session.last_seen : 0;
    const std::int64_t started = std::clamp<std::int64_t>(session.started, 0, last_seen);
    put_number(out, static_cast<std::uint64_t>(started));
    put_number(out, static_cast<std::uint64_t>(last_seen));
    put_string(out, session.last_message_sid);
    put_string(out, session.last_reply);
    put_number(out, session.entries().size());
    for (const auto& [key, value] : session.entries()) {
        put_string(out, key);
        if (const auto* i = std::get_if<std::int64_t>(&value)) {
            out.push_back(static_cast<char>(kTagInt));
            put_number(out, zigzag(*i));
        } else {
            out.push_back(static_cast<char>(kTagString));
            put_string(out, std::get<std::string>(value));
        }
    }
    return out;
}

bool decode_payload(std::string_view bytes, Session& out) {
    out = Session{};
    Reader r(bytes);
    std::uint64_t count;
    if (!r.time(out.started) || !r.time(out.last_seen) || !r.string(out.last_message_sid) ||
        !r.string(out.last_reply) || !r.number(count)) {
        return false;
    }
    if (count > r.remaining() / 3) return false; // each entry takes at least 3 bytes
    std::string key, previous;
    for (std::uint64_t i = 0; i < count; ++i) {
        unsigned char tag;
        if (!r.string(key) || (i > 0 && key <= previous) || !r.byte(tag)) return false;
        if (tag == kTagInt) {
            std::uint64_t n;
            if (!r.number(n)) return false;
            out.set(key, unzigzag(n));
        } else if (tag == kTagString) {
            std::string value;
            if (!r.string(value)) return false;
            out.set(key, std::move(value));
        } else {
            return false;
        }
        previous.swap(key);
    }
    return r.done();
}

} // namespace sms
