#include "server/deadline_watchdog.hpp"

#include <sys/socket.h>

namespace sms {

DeadlineWatchdog::DeadlineWatchdog() : thread_([this] { run(); }) {}

DeadlineWatchdog::~DeadlineWatchdog() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_one();
    thread_.join();
}

std::uint64_t DeadlineWatchdog::arm(int fd, Clock::time_point deadline) {
    std::uint64_t ticket;
    {
        std::lock_guard lock(mutex_);
        ticket = next_ticket_++;
        watches_.emplace(ticket, Watch{fd, deadline});
    }
    changed_.notify_one();
    return ticket;
}

bool DeadlineWatchdog::disarm(std::uint64_t ticket) {
    std::lock_guard lock(mutex_);
    auto found = watches_.find(ticket);
    bool fired = found != watches_.end() && found->second.fired;
    if (found != watches_.end()) watches_.erase(found);
    return fired;
}

void DeadlineWatchdog::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        auto earliest = Clock::time_point::max();
        for (auto& [ticket, watch] : watches_) {
            if (watch.fired) continue;
            if (watch.deadline <= Clock::now()) {
                // Under the lock, so the owner cannot have closed the fd yet.
                ::shutdown(watch.fd, SHUT_RDWR);
                watch.fired = true;
            } else if (watch.deadline < earliest) {
                earliest = watch.deadline;
            }
        }
        if (earliest == Clock::time_point::max()) changed_.wait(lock);
        else changed_.wait_until(lock, earliest);
    }
}

} // namespace sms
