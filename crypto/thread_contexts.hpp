// Per-thread working copies of keyed OpenSSL contexts. In OpenSSL 3, setting
// a key up (fetching the algorithm, the key schedule, allocations with shared
// reference counts) costs more than using it, so each key is set up once in
// a template context, and each thread re-initialises its own copy for every
// use: no allocation and no shared mutable state per request
// (bench/README-notes.md has the numbers).
//
// Copies are found by the key's id, never by address, so that a destroyed
// key's copy can never serve another key. The cache is small and evicts
// round-robin: a server uses a handful of keys, while the tests and the
// developer tools create many short-lived ones.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>

namespace sms {

// A new key id: unique in the process, never 0.
std::uint64_t next_key_id();

template <typename Context, Context* (*Copy)(const Context*), void (*Free)(Context*)>
class ThreadContexts {
public:
    ThreadContexts() = default;
    ThreadContexts(const ThreadContexts&) = delete;
    ThreadContexts& operator=(const ThreadContexts&) = delete;
    ~ThreadContexts() {
        for (auto& slot : slots_) Free(slot.context);
    }

    // This thread's copy of the template context of key `id`. `keyed()`
    // returns that template; it is called only when this thread has no copy
    // yet, so a key can set its template up lazily at no cost per use.
    template <typename Keyed>
    Context* get(std::uint64_t id, Keyed&& keyed) {
        for (auto& slot : slots_) {
            if (slot.id == id) return slot.context;
        }
        Context* copy = Copy(keyed());
        if (copy == nullptr) throw std::runtime_error("out of memory for a crypto context");
        Slot& victim = slots_[next_victim_];
        next_victim_ = (next_victim_ + 1) % slots_.size();
        Free(victim.context);
        victim = {id, copy};
        return copy;
    }

private:
    struct Slot {
        std::uint64_t id = 0; // 0: empty
        Context* context = nullptr;
    };
    std::array<Slot, 8> slots_{};
    std::size_t next_victim_ = 0;
};

} // namespace sms
