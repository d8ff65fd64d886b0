// winmm-ng PlaySound: the sound event lookup order (see alias_lookup.h and docs/playsound.md).
#include "alias_lookup.h"

namespace winmm::playsound {

namespace {

std::wstring trim(const std::wstring& s) {
    size_t b = s.find_first_not_of(L" \t");
    if (b == std::wstring::npos) return L"";
    size_t e = s.find_last_not_of(L" \t");
    return s.substr(b, e - b + 1);
}

AliasHit hit(const std::wstring& file) {
    AliasHit h;
    h.file = trim(file);
    h.kind = h.file.empty() ? AliasKind::silent : AliasKind::file;
    return h;
}

constexpr uintptr_t id(char a, char b) { return uintptr_t(uint8_t(a)) | (uintptr_t(uint8_t(b)) << 8); }

}  // namespace

AliasHit find_alias(const AliasStores& stores, const std::wstring& alias, const std::wstring* app) {
    if (alias.empty()) return {};
    if (stores.registry) {
        if (app && !app->empty())
            if (auto v = stores.registry(*app, alias)) return hit(*v);
        if (auto v = stores.registry(L".Default", alias)) return hit(*v);
    }
    if (stores.profile) {
        if (auto v = stores.profile(alias)) {
            // win.ini's [sounds] entries are "file,description" (the Sounds control panel of Windows 3.x wrote
            // the description after the comma).
            std::wstring s = *v;
            size_t comma = s.find(L',');
            if (comma != std::wstring::npos) s.resize(comma);
            return hit(s);
        }
    }
    return {};
}

const wchar_t* alias_id_name(uintptr_t v) {
    // mmsystem.h: SND_ALIAS_SYSTEM* = sndAlias('S', c) = 'S' | (c << 8). Their events are the registry names
    // Windows' Sounds control panel shows for them.
    struct Entry {
        uintptr_t id;
        const wchar_t* name;
    };
    static const Entry table[] = {
        {id('S', '*'), L"SystemAsterisk"}, {id('S', '?'), L"SystemQuestion"},
        {id('S', 'H'), L"SystemHand"},     {id('S', 'E'), L"SystemExit"},
        {id('S', 'S'), L"SystemStart"},    {id('S', 'W'), L"SystemWelcome"},
        {id('S', '!'), L"SystemExclamation"}, {id('S', 'D'), L".Default"},
    };
    for (const Entry& e : table)
        if (e.id == v) return e.name;
    return nullptr;
}

}  // namespace winmm::playsound
