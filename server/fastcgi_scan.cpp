#include "server/fastcgi_scan.hpp"

#include <algorithm>
#include <cstdint>

namespace sms {

namespace {

// FastCGI 1.0 record types and roles (the specification's section 8).
constexpr unsigned kVersion1 = 1;
constexpr unsigned kBeginRequest = 1;
constexpr unsigned kParams = 4;
constexpr unsigned kStdin = 5;
constexpr unsigned kGetValues = 9;
constexpr unsigned kRoleResponder = 1;
constexpr unsigned kRoleFilter = 3;
constexpr std::size_t kHeaderBytes = 8;
constexpr std::size_t kBeginBodyBytes = 8;

// Walks name-value pairs (1- or 4-byte lengths, then the bytes) across the
// records that carry them, checking every length against the budget before
// anything would be allocated for it.
class PairWalker {
public:
    explicit PairWalker(std::size_t budget) : budget_(budget) {}

    // False once a length is over the budget.
    bool feed(std::span<const unsigned char> content) {
        for (std::size_t i = 0; i < content.size();) {
            if (skip_ > 0) {
                std::size_t n = std::min<std::size_t>(skip_, content.size() - i);
                skip_ -= n;
                i += n;
                continue;
            }
            length_bytes_[length_have_++] = content[i++];
            std::size_t want = (length_bytes_[0] & 0x80) != 0 ? 4 : 1;
            if (length_have_ < want) continue;
            std::uint32_t length = length_bytes_[0] & 0x7f;
            for (std::size_t k = 1; k < want; ++k) length = (length << 8) | length_bytes_[k];
            length_have_ = 0;
            if (length > budget_) return false;
            budget_ -= length;
            pending_ += length;
            if (++lengths_read_ % 2 == 0) { // the name's and the value's lengths are known
                skip_ = pending_;
                pending_ = 0;
            }
        }
        return true;
    }

    // True when the pairs end exactly here (libfcgi fails a pair cut short).
    bool at_pair_boundary() const { return skip_ == 0 && length_have_ == 0 && lengths_read_ % 2 == 0; }
    std::size_t pairs() const { return lengths_read_ / 2; }

private:
    std::size_t budget_;
    std::size_t skip_ = 0;    // name and value bytes still to pass over
    std::size_t pending_ = 0; // the name's length, until the value's is read
    std::size_t lengths_read_ = 0;
    unsigned char length_bytes_[4] = {};
    std::size_t length_have_ = 0;
};

FastcgiScan invalid(std::string_view problem) { return {FastcgiScanVerdict::invalid, 0, problem}; }

} // namespace

FastcgiScan scan_fastcgi_request(std::span<const unsigned char> bytes, const FastcgiScanLimits& limits) {
    enum class Phase { begin, params, body } phase = Phase::begin;
    unsigned request_id = 0;
    std::size_t params_bytes = 0;
    std::size_t body_bytes = 0;
    PairWalker params(limits.max_params_bytes);

    std::size_t at = 0;
    std::size_t wait_for = 0; // set where a partly received record decides it
    for (std::size_t records = 0;; ++records) {
        if (records == limits.max_records) return invalid("too many FastCGI records in one request");
        if (bytes.size() - at < kHeaderBytes) break;
        const unsigned char* h = bytes.data() + at;
        const unsigned version = h[0], type = h[1];
        const unsigned id = (h[2] << 8) | h[3];
        const std::size_t content_length = (std::size_t{h[4]} << 8) | h[5];
        const std::size_t padding = h[6];
        const std::size_t record_end = at + kHeaderBytes + content_length + padding;
        if (version != kVersion1) return invalid("unsupported FastCGI version");

        // Records are checked once whole: libfcgi reads a record's content
        // before it acts on it, and content lengths are at most 65,535.
        const bool whole = record_end <= bytes.size();
        std::span<const unsigned char> content;
        if (whole) content = bytes.subspan(at + kHeaderBytes, content_length);

        if (type == kBeginRequest) {
            if (id == 0 || content_length != kBeginBodyBytes) return invalid("malformed FCGI_BEGIN_REQUEST");
            if (phase == Phase::begin) {
                // libfcgi switches streams right after this record and the
                // empty ones that end a stream, reading their padding as the
                // next record: nobody pads them, so padding there is refused.
                if (padding != 0) return invalid("padded FCGI_BEGIN_REQUEST");
                if (!whole) break;
                const unsigned role = (content[0] << 8) | content[1];
                if (role < kRoleResponder || role > kRoleFilter) return invalid("unknown FastCGI role");
                request_id = id;
                phase = Phase::params;
            } else {
                return invalid("FastCGI request multiplexing is not supported");
            }
        } else if (id == 0) {
            // libfcgi answers any other management record with
            // FCGI_UNKNOWN_TYPE, leaking a little memory each time.
            if (type != kGetValues) return invalid("unknown FastCGI management record");
            if (!whole) break;
            PairWalker values(limits.max_params_bytes); // libfcgi reads its pairs like parameters
            if (!values.feed(content) || !values.at_pair_boundary()) return invalid("malformed FCGI_GET_VALUES");
            // There are three variables to ask for; libfcgi answers into a
            // buffer sized for them, and repeats overflow it.
            if (values.pairs() > 3) return invalid("FCGI_GET_VALUES asks for more than three variables");
        } else if (phase == Phase::begin) {
            return invalid("FastCGI record before FCGI_BEGIN_REQUEST");
        } else if (id != request_id) {
            // libfcgi would skip it, but after an empty one it skips the next
            // record too; web servers send one request at a time anyway.
            return invalid("FastCGI request multiplexing is not supported");
        } else if (phase == Phase::params) {
            if (type != kParams) return invalid("FastCGI record out of order in the parameters");
            params_bytes += content_length;
            if (params_bytes > limits.max_params_bytes) return invalid("FastCGI parameters over the limit");
            if (!whole) break;
            if (!params.feed(content)) return invalid("FastCGI parameter over the limit");
            if (content_length == 0) {
                if (padding != 0) return invalid("padded end of FastCGI parameters");
                if (!params.at_pair_boundary()) return invalid("FastCGI parameter cut short");
                phase = Phase::body;
            }
        } else {
            if (type != kStdin) return invalid("FastCGI record out of order in the body");
            if (content_length == 0 && padding != 0) return invalid("padded end of FastCGI body");
            if (content_length == 0 && whole) return {FastcgiScanVerdict::complete, record_end, {}};
            if (!whole) {
                // libfcgi hands over a body record's content as it arrives.
                const std::size_t present = bytes.size() - (at + kHeaderBytes);
                body_bytes += present;
                if (body_bytes < limits.body_handoff_bytes) {
                    wait_for = std::min(record_end, bytes.size() + (limits.body_handoff_bytes - body_bytes));
                }
                break;
            }
            body_bytes += content_length;
        }
        if (!whole) break;
        at = record_end;
    }
    if (phase == Phase::body && body_bytes >= limits.body_handoff_bytes) return {FastcgiScanVerdict::head_ready, at, {}};
    if (phase != Phase::body && bytes.size() >= limits.max_params_bytes + limits.body_handoff_bytes) {
        return invalid("FastCGI request head over the limit");
    }
    // Nothing more can be decided before the next header, or the end of the
    // record that started at `at`, has arrived.
    if (wait_for == 0) {
        wait_for = at + kHeaderBytes;
        if (bytes.size() - at >= kHeaderBytes) {
            const unsigned char* h = bytes.data() + at;
            wait_for = at + kHeaderBytes + ((std::size_t{h[4]} << 8) | h[5]) + h[6];
        }
    }
    return {FastcgiScanVerdict::incomplete, wait_for, {}};
}

} // namespace sms
