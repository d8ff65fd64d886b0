// Fault-injecting I/O procedure for the mmio conformance suite (part B).
//
// A FaultRecorder is a Recorder (see recording_ioproc.h: in-memory file, full message trace) that misbehaves on
// purpose at the k-th call of a chosen message (counted from the moment the fault is armed):
//   - Fail:  returns -1 and changes nothing (neither the file nor lDiskOffset);
//   - Short: performs the operation for fewer bytes than asked (a short write or a short read) and returns that count.
// A fault can cover several consecutive calls (times), or stay until disarm() (times = kForever).
// MMIOM_WRITE and MMIOM_WRITEFLUSH can be counted together ("any write"), since an implementation may flush with
// either.
#pragma once

#include "recording_ioproc.h"

#include <climits>

namespace confb {

class FaultRecorder : public Recorder {
public:
    enum class Kind { Fail, Short };
    static constexpr int kForever = INT_MAX;
    static constexpr UINT kAnyWrite = 0xFFFF0001u;  // matches MMIOM_WRITE and MMIOM_WRITEFLUSH

    struct Fault {
        UINT msg = kAnyWrite;
        int k = 1;                 // 1-based index of the first failing call
        int times = 1;             // how many calls fail from the k-th on
        Kind kind = Kind::Fail;
        LONG shortCount = -1;      // Short: bytes actually transferred (-1 means half of the request, rounded down)
    };

    FaultRecorder() = default;
    explicit FaultRecorder(const Options& o) : Recorder(o) {}

    void arm(const Fault& f) {
        std::lock_guard<std::mutex> g(mu_);
        fault_ = f;
        armed_ = true;
        calls_ = 0;
        hits_ = 0;
    }
    void arm(UINT msg, int k, Kind kind = Kind::Fail, int times = 1, LONG shortCount = -1) {
        Fault f;
        f.msg = msg;
        f.k = k;
        f.times = times;
        f.kind = kind;
        f.shortCount = shortCount;
        arm(f);
    }
    void disarm() {
        std::lock_guard<std::mutex> g(mu_);
        armed_ = false;
    }
    // Number of calls on which the fault actually fired.
    int hits() const {
        std::lock_guard<std::mutex> g(mu_);
        return hits_;
    }
    // Number of matching calls seen since arming.
    int calls() const {
        std::lock_guard<std::mutex> g(mu_);
        return calls_;
    }

protected:
    LRESULT handle(MMIOINFO* info, UINT msg, LPARAM lParam1, LPARAM lParam2) override {
        if (armed_ && matches(msg)) {
            ++calls_;
            bool fire = calls_ >= fault_.k && (fault_.times == kForever || calls_ < fault_.k + fault_.times);
            if (fire) {
                ++hits_;
                if (fault_.kind == Kind::Fail) return -1;
                LONG asked = static_cast<LONG>(lParam2);
                LONG n = fault_.shortCount >= 0 ? fault_.shortCount : asked / 2;
                if (n > asked) n = asked;
                if (n < 0) n = 0;
                if (msg == MMIOM_READ || is_write_msg(msg))
                    return base_handle(info, msg == MMIOM_WRITEFLUSH && !opt.knowsWriteFlush ? MMIOM_WRITE : msg,
                                       lParam1, static_cast<LPARAM>(n));
                return -1;  // "short" has no meaning for other messages: fail them
            }
        }
        return base_handle(info, msg, lParam1, lParam2);
    }

private:
    bool matches(UINT msg) const {
        if (fault_.msg == kAnyWrite) return is_write_msg(msg) && !(msg == MMIOM_WRITEFLUSH && !opt.knowsWriteFlush);
        return msg == fault_.msg;
    }

    bool armed_ = false;
    Fault fault_;
    int calls_ = 0;
    int hits_ = 0;
};

}  // namespace confb
