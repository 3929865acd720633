// The whole handler on arbitrary requests: a status it documents, a cookie
// only on success and as its outcome says (fuzz/answer_rules.hpp), and a
// body that says what went wrong on errors.
#include <cstdlib>

#include "fuzz/answer_rules.hpp"
#include "fuzz/fuzz_handler.hpp"
#include "fuzz/fuzz_input.hpp"


extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    sms::fuzz::FuzzInput in(data, size);
    sms::Request request;
    request.method = in.next();
    request.content_type = in.next();
    request.content_length = in.next();
    request.query_string = in.next();
    request.cookie = in.next();
    request.https = in.next();
    request.body = in.rest();
    request.now = 1'800'000'000;

    const sms::Answer answer = sms::fuzz::counter_handler().handle(request);
    switch (answer.response.status) {
    case 200:
        if (!sms::fuzz::cookie_follows_outcome(answer) || answer.response.content_type != "text/xml") std::abort();
        break;
    case 400: case 405: case 411: case 413: case 415: case 431: case 500:
        if (!sms::fuzz::error_is_explained(answer)) std::abort();
        break;
    default:
        std::abort();
    }
    return 0;
}
