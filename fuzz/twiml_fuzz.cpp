// The TwiML writer on arbitrary bytes in every position: the output must
// always be well-formed XML, as libxml2 parses it.
#include <libxml/parser.h>

#include <cstdlib>

#include "fuzz/fuzz_input.hpp"
#include "twiml/messaging_response.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    sms::fuzz::FuzzInput in(data, size);
    const std::string_view body = in.next(), to = in.next(), media = in.next(), url = in.next(), method = in.next();

    sms::twiml::MessagingResponse response;
    response.message(body, {{"to", to}, {"statusCallback", url}});
    response.message_without_body({{"from", to}}).body(body).media(media, {{"method", method}});
    response.redirect(url, {{"method", method}});
    const std::string xml = response.to_string();

    xmlDocPtr doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "fuzz.xml", nullptr,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doc == nullptr) std::abort();
    xmlFreeDoc(doc);
    return 0;
}
