// TRANSITIONAL: see backend_fallback.h.
#include "backend_fallback.h"

#include "backend.h"

namespace winmm::mci::backend_fallback {

namespace {

template <typename Fn>
Fn lookup(const char* name) {
    HMODULE m = winmm::backend::module();
    if (!m) return nullptr;
    return reinterpret_cast<Fn>(reinterpret_cast<void*>(GetProcAddress(m, name)));
}

}  // namespace

DriverNotifyFn driver_notify() { return lookup<DriverNotifyFn>("mciDriverNotify"); }
GetDriverDataFn get_driver_data() { return lookup<GetDriverDataFn>("mciGetDriverData"); }
SetDriverDataFn set_driver_data() { return lookup<SetDriverDataFn>("mciSetDriverData"); }
DriverYieldFn driver_yield() { return lookup<DriverYieldFn>("mciDriverYield"); }

}  // namespace winmm::mci::backend_fallback
