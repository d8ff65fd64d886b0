// The portable core of PlaySound on its own (its sources compiled in, no sound server): how fdwSound is decoded
// and in which order sound events are looked up, with stores the test controls.
#include <windows.h>
#include <mmsystem.h>

#include <catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "alias_lookup.h"
#include "request.h"

using namespace winmm::playsound;

TEST_CASE("the flag values are Windows'") {
    CHECK(flag::async == SND_ASYNC);
    CHECK(flag::nodefault == SND_NODEFAULT);
    CHECK(flag::memory == SND_MEMORY);
    CHECK(flag::loop == SND_LOOP);
    CHECK(flag::nostop == SND_NOSTOP);
    CHECK(flag::purge == SND_PURGE);
    CHECK(flag::application == SND_APPLICATION);
    CHECK(flag::nowait == SND_NOWAIT);
    CHECK(flag::alias == SND_ALIAS);
    CHECK(flag::filename == SND_FILENAME);
    CHECK(flag::resource == SND_RESOURCE);
    CHECK(flag::alias_id == SND_ALIAS_ID);
}

TEST_CASE("the source is decided from flag combinations") {
    CHECK(decode(0, false).source == Source::none);
    CHECK(decode(SND_FILENAME | SND_ASYNC, false).source == Source::none);
    CHECK(decode(0, true).source == Source::alias_or_file);
    CHECK(decode(SND_FILENAME, true).source == Source::file);
    CHECK(decode(SND_ALIAS, true).source == Source::alias);
    CHECK(decode(SND_ALIAS_ID, true).source == Source::alias_id);
    CHECK(decode(SND_MEMORY, true).source == Source::memory);
    CHECK(decode(SND_RESOURCE, true).source == Source::resource);
    CHECK(decode(0x100000 /* SND_RING alone */, true).source == Source::alias_or_file);
    CHECK(decode(SND_FILENAME | SND_MEMORY, true).source == Source::invalid);
    CHECK(decode(SND_FILENAME | SND_RESOURCE, true).source == Source::invalid);
    CHECK(decode(SND_FILENAME | SND_ALIAS, true).source == Source::invalid);
    CHECK(decode(SND_ALIAS | SND_MEMORY, true).source == Source::invalid);
}

TEST_CASE("modes: SND_LOOP implies asynchronous play") {
    Request r = decode(SND_LOOP, true);
    CHECK(r.loop);
    CHECK(r.async);
    r = decode(SND_SYNC | SND_NODEFAULT | SND_NOSTOP | SND_NOWAIT | SND_PURGE | SND_APPLICATION, true);
    CHECK_FALSE(r.async);
    CHECK(r.nodefault);
    CHECK(r.nostop);
    CHECK(r.nowait);
    CHECK(r.purge);
    CHECK(r.application);
}

namespace {

struct FakeStores {
    std::map<std::wstring, std::wstring> reg;  // "app|alias" -> value
    std::map<std::wstring, std::wstring> ini;
    std::vector<std::wstring> asked;
    AliasStores stores() {
        AliasStores s;
        s.registry = [this](const std::wstring& app, const std::wstring& alias) -> std::optional<std::wstring> {
            asked.push_back(L"reg:" + app + L"|" + alias);
            auto it = reg.find(app + L"|" + alias);
            if (it == reg.end()) return std::nullopt;
            return it->second;
        };
        s.profile = [this](const std::wstring& alias) -> std::optional<std::wstring> {
            asked.push_back(L"ini:" + alias);
            auto it = ini.find(alias);
            if (it == ini.end()) return std::nullopt;
            return it->second;
        };
        return s;
    }
};

}  // namespace

TEST_CASE("events: the application's key, then .Default, then win.ini") {
    FakeStores f;
    std::wstring app = L"myapp";
    AliasHit h = find_alias(f.stores(), L"Ding", &app);
    CHECK(h.kind == AliasKind::not_found);
    CHECK(f.asked == std::vector<std::wstring>{L"reg:myapp|Ding", L"reg:.Default|Ding", L"ini:Ding"});

    f.ini[L"Ding"] = L" c:\\ding.wav , The ding";
    h = find_alias(f.stores(), L"Ding", &app);
    CHECK(h.kind == AliasKind::file);
    CHECK(h.file == L"c:\\ding.wav");

    f.reg[L".Default|Ding"] = L"c:\\default.wav";
    h = find_alias(f.stores(), L"Ding", &app);
    CHECK(h.file == L"c:\\default.wav");
    h = find_alias(f.stores(), L"Ding", nullptr);
    CHECK(h.file == L"c:\\default.wav");

    f.reg[L"myapp|Ding"] = L"c:\\app.wav";
    h = find_alias(f.stores(), L"Ding", &app);
    CHECK(h.file == L"c:\\app.wav");
    f.asked.clear();
    h = find_alias(f.stores(), L"Ding", nullptr);  // without SND_APPLICATION the app's key is not read
    CHECK(h.file == L"c:\\default.wav");
    CHECK(f.asked == std::vector<std::wstring>{L"reg:.Default|Ding"});
}

TEST_CASE("events: an empty value is a chosen silence; an empty name is no event") {
    FakeStores f;
    f.reg[L".Default|Quiet"] = L"";
    f.ini[L"Quiet2"] = L",Nothing";
    CHECK(find_alias(f.stores(), L"Quiet", nullptr).kind == AliasKind::silent);
    CHECK(find_alias(f.stores(), L"Quiet2", nullptr).kind == AliasKind::silent);
    f.asked.clear();
    CHECK(find_alias(f.stores(), L"", nullptr).kind == AliasKind::not_found);
    CHECK(f.asked.empty());
}

TEST_CASE("SND_ALIAS_ID identifiers name the system events") {
    CHECK(std::wstring(alias_id_name(SND_ALIAS_SYSTEMASTERISK)) == L"SystemAsterisk");
    CHECK(std::wstring(alias_id_name(SND_ALIAS_SYSTEMQUESTION)) == L"SystemQuestion");
    CHECK(std::wstring(alias_id_name(SND_ALIAS_SYSTEMHAND)) == L"SystemHand");
    CHECK(std::wstring(alias_id_name(SND_ALIAS_SYSTEMEXIT)) == L"SystemExit");
    CHECK(std::wstring(alias_id_name(SND_ALIAS_SYSTEMSTART)) == L"SystemStart");
    CHECK(std::wstring(alias_id_name(SND_ALIAS_SYSTEMEXCLAMATION)) == L"SystemExclamation");
    CHECK(std::wstring(alias_id_name(SND_ALIAS_SYSTEMDEFAULT)) == L".Default");
    CHECK(alias_id_name(0x1234) == nullptr);
    CHECK(alias_id_name(0) == nullptr);
}
