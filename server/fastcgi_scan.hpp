// Checks the FastCGI records a peer has sent so far, before libfcgi reads
// any of them: is one whole request there, and is it sane? A pure function
// over bytes (the server reads them first), so a peer that stalls
// never holds a thread inside libfcgi, and lengths that libfcgi would trust
// (CVE-2025-23016 and its overflowing sum) never reach it, whichever libfcgi
// the binary links.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace sms {

struct FastcgiScanLimits {
    std::size_t max_params_bytes = 64 * 1024; // all FastCGI parameters of a request, names and values
    std::size_t body_handoff_bytes = 32 * 1024; // body bytes present before the rest may be read blocking
    std::size_t max_records = 1024;             // records in one request (nginx sends a handful)
};

enum class FastcgiScanVerdict {
    incomplete, // wait for more bytes: `length` bytes must be present before scanning again helps
    complete,   // a whole request: its first `length` bytes
    head_ready, // parameters whole and at least body_handoff_bytes of the body: read on, with a deadline
    invalid,    // close the connection: `problem` says why
};

struct FastcgiScan {
    FastcgiScanVerdict verdict = FastcgiScanVerdict::incomplete;
    std::size_t length = 0;
    std::string_view problem;
};

// Scans `bytes` from the start of a request (records up to and including its
// empty FCGI_STDIN record). It accepts FCGI_GET_VALUES anywhere, as libfcgi
// does, and refuses what libfcgi misreads or leaks on: other management
// records, records of other request ids, padding where libfcgi switches
// streams.
FastcgiScan scan_fastcgi_request(std::span<const unsigned char> bytes, const FastcgiScanLimits& limits);

} // namespace sms
