// x64 has one calling convention and the caller owns the stack: a plain call, with zeroed register arguments.
#include "call_measured.h"

extern "C" uint32_t call_measured(const void* fn, unsigned, int* stack_delta) {
    using any_fn = uintptr_t (*)(uintptr_t, uintptr_t, uintptr_t, uintptr_t, uintptr_t, uintptr_t, uintptr_t,
                                 uintptr_t);
    *stack_delta = 0;
    return static_cast<uint32_t>(reinterpret_cast<any_fn>(fn)(0, 0, 0, 0, 0, 0, 0, 0));
}
