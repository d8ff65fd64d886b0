#include "string_call.h"

namespace winmm::mci {

namespace {
thread_local bool t_in_string_call = false;
}

bool in_string_call() { return t_in_string_call; }

StringCallScope::StringCallScope() : previous_(t_in_string_call) { t_in_string_call = true; }
StringCallScope::~StringCallScope() { t_in_string_call = previous_; }

}  // namespace winmm::mci
