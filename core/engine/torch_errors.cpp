#include "torch_errors.h"

#include <string>

namespace ds {

bool isOutOfMemory(const c10::Error& e) {
    // CPU: "[enforce fail at alloc_cpu.cpp:..] ... DefaultCPUAllocator: can't allocate memory";
    // CUDA: c10::OutOfMemoryError, "CUDA out of memory. Tried to allocate ...".
    if (dynamic_cast<const c10::OutOfMemoryError*>(&e)) return true;
    const std::string what = e.what_without_backtrace();
    for (const char* sign : {"alloc_cpu", "can't allocate memory", "out of memory",
                             "Cannot allocate memory", "bad_alloc"})
        if (what.find(sign) != std::string::npos) return true;
    return false;
}

}  // namespace ds
