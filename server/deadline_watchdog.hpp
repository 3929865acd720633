// Bounds the time a thread may spend reading one request inside libfcgi,
// which reads blocking: when a deadline passes, the connection is shut down,
// so the blocked read returns and libfcgi gives the request up. Used only for
// requests whose body is too large to wait for without a thread
// (server/fastcgi_scan.hpp); every other request is read once whole.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <thread>

namespace sms {

class DeadlineWatchdog {
public:
    using Clock = std::chrono::steady_clock;

    DeadlineWatchdog();
    ~DeadlineWatchdog();
    DeadlineWatchdog(const DeadlineWatchdog&) = delete;
    DeadlineWatchdog& operator=(const DeadlineWatchdog&) = delete;

    // Shuts `fd` down at `deadline` unless disarmed first. The caller keeps
    // `fd` open until it has disarmed the returned ticket.
    std::uint64_t arm(int fd, Clock::time_point deadline);
    // True when the deadline had already shut the connection down.
    bool disarm(std::uint64_t ticket);

private:
    struct Watch {
        int fd;
        Clock::time_point deadline;
        bool fired = false;
    };
    void run();

    std::mutex mutex_;
    std::condition_variable changed_;
    std::map<std::uint64_t, Watch> watches_;
    std::uint64_t next_ticket_ = 1;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace sms
