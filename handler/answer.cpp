#include "handler/answer.hpp"

namespace sms {

Answer error_answer(int status, std::string_view reason) {
    Answer answer;
    answer.response.status = status;
    answer.response.content_type = "text/plain; charset=utf-8";
    answer.response.body.reserve(reason.size() + 1);
    answer.response.body.append(reason).push_back('\n');
    answer.record.error = reason;
    return answer;
}

} // namespace sms
