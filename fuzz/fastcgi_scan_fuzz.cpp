// The FastCGI record scan against libfcgi itself: any bytes are scanned
// without a fault, and whenever the scan says a request is whole, libfcgi,
// reading those bytes alone from a socket, answers it (an FCGI_END_REQUEST
// comes back) without needing a byte more. That is what lets the server hand
// a connection to libfcgi's blocking reads without a thread ever waiting.
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "fuzz/fuzz_handler.hpp"
#include "server/fastcgi_scan.hpp"
#include "server/fastcgi_server.hpp"

namespace {

// True when the bytes the peer got back hold an FCGI_END_REQUEST record.
bool has_end_request(const std::string& answer) {
    for (std::size_t at = 0; at + 8 <= answer.size();) {
        const auto* h = reinterpret_cast<const unsigned char*>(answer.data() + at);
        if (h[1] == 3) return true;
        at += 8 + ((std::size_t{h[4]} << 8) | h[5]) + h[6];
    }
    return false;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    FCGX_Init();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const sms::FastcgiScan scan = sms::scan_fastcgi_request({data, size}, sms::FastcgiScanLimits{});
    if (scan.verdict != sms::FastcgiScanVerdict::complete) return 0;
    if (scan.length > size) std::abort();

    int ends[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, ends) != 0) std::abort();
    // Inputs are at most a few KiB: the socket buffer holds all of it.
    if (::write(ends[0], data, scan.length) != static_cast<ssize_t>(scan.length)) std::abort();
    ::shutdown(ends[0], SHUT_WR); // a byte too few now reads as EOF, not a wait

    FCGX_Request fcgi;
    sms::init_fastcgi_connection(fcgi, ends[1]);
    sms::LoopState loop;
    if (sms::serve_fastcgi_request(sms::fuzz::counter_handler(), fcgi, loop)) FCGX_Free(&fcgi, 1);

    std::string answer;
    char buffer[4096];
    for (ssize_t n; (n = ::read(ends[0], buffer, sizeof buffer)) > 0;) answer.append(buffer, static_cast<std::size_t>(n));
    ::close(ends[0]);
    if (!has_end_request(answer)) std::abort();
    return 0;
}
