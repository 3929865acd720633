#include "session/payload.hpp"

#include <algorithm>
#include <array>
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

    bool string(std::string_view& s) {
        std::uint64_t n;
        if (!number(n) || n > in_.size()) return false;
        s = in_.substr(0, n);
        in_.remove_prefix(n);
        return true;
    }

    bool byte(unsigned char& b) {
        if (in_.empty()) return false;
        b = static_cast<unsigned char>(in_.front());
        in_.remove_prefix(1);
        return true;
    }

    template <std::size_t N>
    bool bytes(std::array<std::uint8_t, N>& out) {
        if (in_.size() < N) return false;
        std::copy_n(in_.begin(), N, out.begin());
        in_.remove_prefix(N);
        return true;
    }

    bool done() const { return in_.empty(); }
    std::size_t remaining() const { return in_.size(); }

private:
    std::string_view in_;
};

// The entry count, then each entry; shared by both versions.
bool read_entries(Reader& r, Session& out) {
    std::uint64_t count;
    if (!r.number(count)) return false;
    if (count > r.remaining() / 3) return false; // each entry takes at least 3 bytes
    std::string_view key, previous;
    for (std::uint64_t i = 0; i < count; ++i) {
        unsigned char tag;
        if (!r.string(key) || (i > 0 && key <= previous) || !r.byte(tag)) return false;
        if (tag == kTagInt) {
            std::uint64_t n;
            if (!r.number(n)) return false;
            out.set(key, unzigzag(n));
        } else if (tag == kTagString) {
            std::string_view value;
            if (!r.string(value)) return false;
            out.set(key, std::string(value));
        } else {
            return false;
        }
        previous = key;
    }
    return r.done();
}

} // namespace

std::string encode_payload(const Session& session) {
    std::string out;
    append_payload(out, session);
    return out;
}

void append_payload(std::string& out, const Session& session) {
    // Times are never negative, and a session cannot start after its last
    // message: the decoder rejects both, so conversation code that edits
    // them must not be able to make its own cookie unreadable.
    const std::int64_t last_seen = session.last_seen > 0 ? session.last_seen : 0;
    const std::int64_t started = std::clamp<std::int64_t>(session.started, 0, last_seen);
    out.push_back(static_cast<char>(session.last_message.kind));
    if (session.last_message.kind != MessageId::none) {
        out.append(reinterpret_cast<const char*>(session.last_message.bytes.data()), MessageId::kBytes);
    }
    put_number(out, static_cast<std::uint64_t>(started));
    put_number(out, static_cast<std::uint64_t>(last_seen - started));
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
}

bool decode_payload(std::string_view bytes, Session& out) {
    out = Session{};
    Reader r(bytes);
    unsigned char kind;
    if (!r.byte(kind) || kind > MessageId::digest) return false;
    out.last_message.kind = static_cast<MessageId::Kind>(kind);
    if (kind != MessageId::none && !r.bytes(out.last_message.bytes)) return false;
    std::int64_t idle_since_start;
    if (!r.time(out.started) || !r.time(idle_since_start) || idle_since_start > INT64_MAX - out.started) return false;
    out.last_seen = out.started + idle_since_start;
    return read_entries(r, out);
}

bool decode_payload_v1(std::string_view bytes, Session& out) {
    out = Session{};
    Reader r(bytes);
    std::string_view message_sid, reply;
    if (!r.time(out.started) || !r.time(out.last_seen) || !r.string(message_sid) || !r.string(reply)) return false;
    out.last_message = message_id(message_sid);
    return read_entries(r, out);
}

} // namespace sms
