// Shared libraries loaded at run time (dlopen), so that only the processes
// that need one (a calling flow's libcurl, simulate's libxml2, the metrics
// plugin) load it. Loaded libraries stay until the process exits.
#pragma once

#include <string>
#include <variant>

namespace sms {

class SharedLibrary {
public:
    // The library (a soname or a path), or dlerror's words for why not. A
    // static build (STATIC=1) loads none.
    static std::variant<SharedLibrary, std::string> open(const std::string& name);

    // Sets `function` to the library's `name`, or to null; the first name
    // not found is what missing() tells.
    template <typename Function>
    void find(const char* name, Function*& function) {
        function = reinterpret_cast<Function*>(address(name));
    }

    // Empty while every find has succeeded; else dlerror's words for the first that did not.
    const std::string& missing() const { return missing_; }

private:
    explicit SharedLibrary(void* handle) : handle_(handle) {}
    void* address(const char* name);

    void* handle_;
    std::string missing_;
};

} // namespace sms
