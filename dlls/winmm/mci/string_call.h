// What the string layer tells the device layer about the call in progress (beside string_bridge.h, whose
// functions go the other way).
//
// mciSendCommand hands applications a cleaned result: the driver's flags in the high word of its return value
// (MCI_RESOURCE_RETURNED, MCI_RESOURCE_DRIVER, MCI_COLONIZED3_RETURN, MCI_COLONIZED4_RETURN,
// MCI_INTEGER_RETURNED, mmddk.h) are dropped, and a returned resource is reduced to its value. mciSendString needs
// them to print "stopped", "milliseconds" or "01:02:03". While in_string_call() is true on the calling thread, the
// device layer should return the driver's value untouched; return_format.cpp reads the flags when they are there.
#pragma once

namespace winmm::mci {

bool in_string_call();

// Marks the current thread as inside mciSendString for the life of the object.
class StringCallScope {
public:
    StringCallScope();
    ~StringCallScope();
    StringCallScope(const StringCallScope&) = delete;
    StringCallScope& operator=(const StringCallScope&) = delete;

private:
    bool previous_;
};

}  // namespace winmm::mci
