#include "period_table.h"

namespace winmm::time {

void PeriodTable::begin(uint32_t period, Requester who) { ++counts_[static_cast<int>(who)][period]; }

bool PeriodTable::end(uint32_t period, Requester who) {
    auto& counts = counts_[static_cast<int>(who)];
    auto it = counts.find(period);
    if (it == counts.end()) return false;
    if (--it->second == 0) counts.erase(it);
    return true;
}

uint32_t PeriodTable::finest() const {
    uint32_t best = 0;
    for (const auto& counts : counts_)
        if (!counts.empty() && (best == 0 || counts.begin()->first < best)) best = counts.begin()->first;
    return best;
}

}  // namespace winmm::time
