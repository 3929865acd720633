// The X-Twilio-Signature validator and URL normalisation on arbitrary URLs,
// parameters and signatures: no crash; a signature computed here verifies.
#include <cstdlib>

#include "fuzz/fuzz_input.hpp"
#include "signature/twilio_signature.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const sms::SignatureValidator validator({"fuzz-auth-token-0123456789abcdef"});
    sms::fuzz::FuzzInput in(data, size);
    const std::string_view url = in.next(), signature = in.next();
    sms::Form form;
    while (!in.rest().empty() && form.size() < 64) {
        std::string_view name = in.next();
        form.add(name, in.next());
    }
    validator.valid(signature, url, form);
    if (!validator.valid(sms::compute_twilio_signature("fuzz-auth-token-0123456789abcdef", url, form), url, form)) {
        std::abort();
    }
    return 0;
}
