#include "system/shared_library.hpp"

#include <dlfcn.h>

namespace sms {

std::variant<SharedLibrary, std::string> SharedLibrary::open(const std::string& name) {
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
