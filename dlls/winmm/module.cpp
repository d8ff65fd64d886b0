#include "module.h"

namespace winmm::module {

namespace {
HMODULE self_module;
}

HMODULE self() { return self_module; }

void set_self(HMODULE module) { self_module = module; }

}  // namespace winmm::module
