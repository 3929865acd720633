#include "server/fastcgi_scan.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

#include "tests/server/fastcgi_records.hpp"

namespace sms {

namespace {

using test::record;

FastcgiScan scan(std::string_view bytes, FastcgiScanLimits limits = {}) {
    return scan_fastcgi_request({reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()}, limits);
}

const std::string kForm = "From=%2B14155550100&Body=hi";

std::string nginx_request(unsigned id = 1) {
    return test::whole_request(id,
                               {{"REQUEST_METHOD", "POST"},
                                {"CONTENT_TYPE", "application/x-www-form-urlencoded"},
                                {"CONTENT_LENGTH", std::to_string(kForm.size())}},
                               kForm);
}

} // namespace

BOOST_AUTO_TEST_SUITE(fastcgi_scan)

BOOST_AUTO_TEST_CASE(a_whole_request_is_complete_with_its_exact_length) {
    const std::string request = nginx_request();
    auto result = scan(request);
    BOOST_TEST(int(result.verdict) == int(FastcgiScanVerdict::complete));
    BOOST_TEST(result.length == request.size());
    // The next request on a kept-alive connection, already there, is not part of it.
    result = scan(request + nginx_request(2));
    BOOST_TEST(int(result.verdict) == int(FastcgiScanVerdict::complete));
    BOOST_TEST(result.length == request.size());
}

BOOST_AUTO_TEST_CASE(every_shorter_prefix_is_incomplete_and_says_how_much_more_helps) {
    const std::string request = nginx_request();
    for (std::size_t n = 0; n < request.size(); ++n) {
        auto result = scan(std::string_view(request).substr(0, n));
        BOOST_TEST_REQUIRE(int(result.verdict) == int(FastcgiScanVerdict::incomplete), "prefix of " << n);
        BOOST_TEST(result.length > n);
        BOOST_TEST(result.length <= request.size());
    }
}

BOOST_AUTO_TEST_CASE(get_values_records_are_passed_over_as_libfcgi_does) {
    const std::string get_values = record(test::kGetValues, 0, test::pairs({{"FCGI_MAX_CONNS", ""}}), 3);
    std::string request = get_values + test::begin_request(1) + get_values + record(test::kParams, 1, "") +
                          get_values + record(test::kStdin, 1, "");
    auto result = scan(request);
    BOOST_TEST(int(result.verdict) == int(FastcgiScanVerdict::complete));
    BOOST_TEST(result.length == request.size());
}

BOOST_AUTO_TEST_CASE(records_of_another_request_are_refused) {
    // Found by fuzz/fastcgi_scan_fuzz: after an empty record of another
    // request id, libfcgi skips the next record of this one as well.
    const std::string begin = test::begin_request(1);
    for (const std::string& other : {record(0, 256, ""), record(test::kParams, 7, "xyz", 5), test::begin_request(2)}) {
        BOOST_TEST(scan(begin + other).problem == "FastCGI request multiplexing is not supported");
    }
}

BOOST_AUTO_TEST_CASE(the_sixteen_bytes_that_abort_an_unpatched_libfcgi_are_refused) {
    // FCGI_GET_VALUES with one pair declaring a name and a value of 0x40000000 bytes each.
    const std::string crasher("\x01\x09\x00\x00\x00\x08\x00\x00\xc0\x00\x00\x00\xc0\x00\x00\x00", 16);
    auto result = scan(crasher);
    BOOST_TEST(int(result.verdict) == int(FastcgiScanVerdict::invalid));
    BOOST_TEST(result.problem == "malformed FCGI_GET_VALUES");
    // The same pair as a request's parameters.
    const std::string in_params = test::begin_request(1) + record(test::kParams, 1, crasher.substr(8));
    result = scan(in_params);
    BOOST_TEST(int(result.verdict) == int(FastcgiScanVerdict::invalid));
    BOOST_TEST(result.problem == "FastCGI parameter over the limit");
}

BOOST_AUTO_TEST_CASE(parameter_lengths_count_against_the_limit_across_records) {
    FastcgiScanLimits limits;
    limits.max_params_bytes = 4096;
    const std::string big_value(3000, 'v');
    // Each pair fits; together they do not.
    std::string request = test::begin_request(1) + record(test::kParams, 1, test::pairs({{"A", big_value}})) +
                          record(test::kParams, 1, test::pairs({{"B", big_value}}));
    BOOST_TEST(scan(request, limits).problem == "FastCGI parameters over the limit");
    // A pair whose lengths are split between two records is still read.
    const std::string pair = test::pairs({{"HTTP_HOST", "example.com"}});
    request = test::begin_request(1) + record(test::kParams, 1, pair.substr(0, 1)) +
              record(test::kParams, 1, pair.substr(1)) + record(test::kParams, 1, "") + record(test::kStdin, 1, "");
    BOOST_TEST(int(scan(request, limits).verdict) == int(FastcgiScanVerdict::complete));
}

BOOST_AUTO_TEST_CASE(what_libfcgi_would_reject_is_refused_with_a_reason) {
    const std::string begin = test::begin_request(1);
    const auto problem = [](std::string_view bytes) { return std::string(scan(bytes).problem); };
    BOOST_TEST(problem(std::string("\x02\x01\x00\x01\x00\x08\x00\x00", 8)) == "unsupported FastCGI version");
    BOOST_TEST(problem(record(test::kBeginRequest, 1, "short")) == "malformed FCGI_BEGIN_REQUEST");
    BOOST_TEST(problem(record(test::kBeginRequest, 0, std::string(8, '\0'))) == "malformed FCGI_BEGIN_REQUEST");
    BOOST_TEST(problem(test::begin_request(1, 9)) == "unknown FastCGI role");
    BOOST_TEST(problem(record(test::kParams, 1, "")) == "FastCGI record before FCGI_BEGIN_REQUEST");
    BOOST_TEST(problem(begin + record(test::kAbortRequest, 1, "")) == "FastCGI record out of order in the parameters");
    BOOST_TEST(problem(begin + record(test::kStdin, 1, "x")) == "FastCGI record out of order in the parameters");
    BOOST_TEST(problem(begin + record(test::kParams, 1, "\x05") + record(test::kParams, 1, "")) ==
               "FastCGI parameter cut short");
    BOOST_TEST(problem(begin + record(test::kParams, 1, "") + record(test::kParams, 1, "")) ==
               "FastCGI record out of order in the body");
    BOOST_TEST(problem(record(test::kParams, 0, "")) == "unknown FastCGI management record");
    // A stack buffer overflow in libfcgi's answer (third_party/libfcgi/03-*.patch).
    std::vector<std::pair<std::string, std::string>> asked(4, {"FCGI_MPXS_CONNS", ""});
    BOOST_TEST(problem(record(test::kGetValues, 0, test::pairs(asked))) ==
               "FCGI_GET_VALUES asks for more than three variables");
    // Found by fuzz/fastcgi_scan_fuzz: libfcgi reads this padding as the next header.
    BOOST_TEST(problem(record(test::kBeginRequest, 1, std::string("\0\1\1\0\0\0\0\0", 8), 8)) ==
               "padded FCGI_BEGIN_REQUEST");
    BOOST_TEST(problem(begin + record(test::kParams, 1, "", 8)) == "padded end of FastCGI parameters");
    BOOST_TEST(problem(begin + record(test::kParams, 1, "") + record(test::kStdin, 1, "", 8)) ==
               "padded end of FastCGI body");
    FastcgiScanLimits few;
    few.max_records = 4;
    BOOST_TEST(std::string(scan(begin + record(test::kParams, 1, "") + record(test::kStdin, 1, "a") +
                                    record(test::kStdin, 1, "b") + record(test::kStdin, 1, ""),
                                few)
                               .problem) == "too many FastCGI records in one request");
}

BOOST_AUTO_TEST_CASE(a_large_body_is_handed_over_once_the_head_and_enough_of_the_body_are_there) {
    FastcgiScanLimits limits;
    limits.body_handoff_bytes = 100;
    const std::string head = test::begin_request(1) + record(test::kParams, 1, test::pairs({{"A", "b"}})) +
                             record(test::kParams, 1, "");
    const std::string chunk = record(test::kStdin, 1, std::string(60, 'x'));
    BOOST_TEST(int(scan(head + chunk, limits).verdict) == int(FastcgiScanVerdict::incomplete));
    auto result = scan(head + chunk + chunk.substr(0, 50), limits);
    BOOST_TEST(int(result.verdict) == int(FastcgiScanVerdict::head_ready));
    // Parameters alone never are: they must be whole before libfcgi reads them.
    const std::string unfinished = test::begin_request(1) + record(test::kParams, 1, test::pairs({{"A", std::string(200, 'b')}}));
    BOOST_TEST(int(scan(unfinished, limits).verdict) == int(FastcgiScanVerdict::incomplete));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace sms
