// winmm-ng PlaySound: sound event ("alias") names to file names, in Windows' lookup order (portable: the
// registry and win.ini are reached through the callbacks the caller passes, so the order is testable alone).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace winmm::playsound {

struct AliasStores {
    // The default value of HKCU\AppEvents\Schemes\Apps\<app>\<alias>\.Current (app ".Default" for the system's
    // events), environment strings expanded; nullopt when the key or value does not exist.
    std::function<std::optional<std::wstring>(const std::wstring& app, const std::wstring& alias)> registry;
    // The value of <alias> in win.ini's [sounds] section, nullopt when there is none.
    std::function<std::optional<std::wstring>(const std::wstring& alias)> profile;
};

enum class AliasKind {
    not_found,  // no event of that name anywhere
    silent,     // the event exists with no file: the user chose "no sound" (the default sound is not played)
    file,       // the event names a file
};

struct AliasHit {
    AliasKind kind = AliasKind::not_found;
    std::wstring file;
};

// The application's own events (SND_APPLICATION; `app` = the executable's base name) first, then the system's
// (.Default), then win.ini [sounds], whose value is "file[,description]".
AliasHit find_alias(const AliasStores& stores, const std::wstring& alias, const std::wstring* app);

// The event name of a predefined SND_ALIAS_SYSTEM* identifier (sndAlias('S', x)); nullptr for others.
const wchar_t* alias_id_name(uintptr_t id);

// The event that is played when a sound is not found (unless SND_NODEFAULT).
inline const wchar_t* default_event() { return L".Default"; }

}  // namespace winmm::playsound
