#include "server/cgi_server.hpp"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>

#include "server/cgi_environment.hpp"
#include "server/cgi_response.hpp"
#include "server/log_lines.hpp"

namespace sms {

int serve_cgi(const Handler& handler, bool log_requests, const char* const* environment) {
    const auto started = std::chrono::steady_clock::now();
    Request request;
    read_cgi_environment(environment, request);
    request.now = std::time(nullptr);

    std::string body;
    const HeadCheck head = check_head(request, handler.settings());
    if (!head.error && head.body_length > 0) {
        body.resize(head.body_length);
        std::size_t got = 0;
        while (got < body.size()) {
            ssize_t n = ::read(STDIN_FILENO, body.data() + got, body.size() - got);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            got += static_cast<std::size_t>(n);
        }
        body.resize(got);
    }
    request.body = body;

    const Answer answer = handler.handle(request, head);
    std::string bytes;
    render_cgi_response(answer.response, bytes);
    bool written = std::fwrite(bytes.data(), 1, bytes.size(), stdout) == bytes.size() && std::fflush(stdout) == 0;
    if (wants_log_line(log_requests, answer)) {
        LogLines log;
        log.add(answer, request.now,
                std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count());
        log.flush();
    }
    return written ? 0 : 1;
}

int answer_cgi_configuration_error(std::string_view reason) {
    const std::string text = "configuration error: " + std::string(reason);
    std::string bytes;
    render_cgi_response(error_answer(500, text).response, bytes);
    std::fwrite(bytes.data(), 1, bytes.size(), stdout);
    std::fflush(stdout);
    log_error(text);
    return 2;
}

} // namespace sms
