// Calls a function pointer with `arg_bytes` bytes of zeroed stack arguments and reports how far the stack pointer
// moved across the call: 0 for a stdcall function that pops exactly its arguments, -arg_bytes for cdecl.
#pragma once

#include <cstdint>

extern "C" uint32_t call_measured(const void* fn, unsigned arg_bytes, int* stack_delta);
