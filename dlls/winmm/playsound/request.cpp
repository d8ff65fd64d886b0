// winmm-ng PlaySound: decoding of the fdwSound flags (see request.h and docs/playsound.md).
#include "request.h"

namespace winmm::playsound {

Request decode(uint32_t flags, bool has_name) {
    Request r;
    r.async = flags & flag::async;
    r.loop = flags & flag::loop;
    r.nodefault = flags & flag::nodefault;
    r.nostop = flags & flag::nostop;
    r.nowait = flags & flag::nowait;
    r.purge = flags & flag::purge;
    r.application = flags & flag::application;
    // [decision] SND_LOOP without SND_ASYNC (the pages say a looped sound "must" be asynchronous, and name no
    // error): it plays asynchronously. A synchronous endless loop would never return to the caller, and the
    // caller's intent, a sound that repeats until stopped, is kept.
    if (r.loop) r.async = true;

    if (!has_name) {
        r.source = Source::none;
        return r;
    }
    const bool alias = flags & flag::alias;
    const bool id = (flags & flag::alias_id) == flag::alias_id;
    const bool file = flags & flag::filename;
    const bool res = (flags & flag::resource) == flag::resource;
    const bool mem = flags & flag::memory;
    // [decision] Two source kinds at once (for instance SND_FILENAME | SND_MEMORY) name no sound Windows
    // documents; the call fails and leaves the current sound alone rather than guessing which one was meant.
    int kinds = int(alias) + int(file) + int(mem);
    if (kinds > 1) {
        r.source = Source::invalid;
        return r;
    }
    if (res)
        r.source = Source::resource;
    else if (mem)
        r.source = Source::memory;
    else if (id)
        r.source = Source::alias_id;
    else if (alias)
        r.source = Source::alias;
    else if (file)
        r.source = Source::file;
    else
        r.source = Source::alias_or_file;
    return r;
}

}  // namespace winmm::playsound
