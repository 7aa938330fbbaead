#pragma once
// Recognising LibTorch's allocation failures, so they reach a person as "out of memory" with
// an estimate instead of raw "[enforce fail at alloc_cpu.cpp]" text. Internal (LibTorch).
#include <c10/util/Exception.h>

namespace ds {

// True for c10::OutOfMemoryError and for CPU allocator failures, which LibTorch reports as a
// plain c10::Error ("DefaultCPUAllocator: can't allocate memory").
bool isOutOfMemory(const c10::Error& e);

}  // namespace ds
