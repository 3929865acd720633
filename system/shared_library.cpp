#include "system/shared_library.hpp"

#include <dlfcn.h>

// The linker defines _DYNAMIC in every dynamically linked program, and
// nothing defines it in a fully static one (make STATIC=1).
extern "C" const char _DYNAMIC[] __attribute__((weak));

namespace sms {

std::variant<SharedLibrary, std::string> SharedLibrary::open(const std::string& name) {
    // A fully static binary carries its own C library, and a shared library
    // would bring a second one: refuse here, before anything can go wrong.
    if (_DYNAMIC == nullptr) {
        return "a static build cannot load " + name + " (nor any library at run time); use the default build";
    }
    void* handle = ::dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) return std::string(::dlerror());
    return SharedLibrary(handle);
}

void* SharedLibrary::address(const char* name) {
    void* found = ::dlsym(handle_, name);
    if (found == nullptr && missing_.empty()) {
        const char* error = ::dlerror();
        missing_ = error != nullptr ? error : std::string(name) + " not found";
    }
    return found;
}

} // namespace sms
