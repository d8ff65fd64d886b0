// mci-sysinfo: MCI_SYSINFO, which winmm answers itself from the MCI32 section and the open devices: quantities,
// names, install names, the buffer rules (dwRetSize in characters, overflow leaves the buffer alone), "all", and
// the ANSI form.
#include <catch.hpp>

#include <cstring>
#include <string>

#include "test_device.h"

using namespace test_device;

namespace {

DWORD installed_count() {
    HKEY key;
    DWORD values = 0;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, mci_support::kMciKey, 0, KEY_READ, &key) != ERROR_SUCCESS) return 0;
    RegQueryInfoKeyW(key, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, &values, nullptr, nullptr, nullptr,
                     nullptr);
    RegCloseKey(key);
    return values;
}

MCIERROR quantity(MCIDEVICEID id, DWORD flags, UINT type, DWORD* out) {
    MCI_SYSINFO_PARMSW p = {};
    p.lpstrReturn = reinterpret_cast<LPWSTR>(out);
    p.dwRetSize = sizeof(DWORD);
    p.wDeviceType = type;
    return mciSendCommandW(id, MCI_SYSINFO, MCI_SYSINFO_QUANTITY | flags, reinterpret_cast<DWORD_PTR>(&p));
}

MCIERROR name(MCIDEVICEID id, DWORD flags, UINT type, DWORD number, std::wstring* out, DWORD size = 128) {
    wchar_t buf[256];
    wcscpy(buf, L"Y");
    MCI_SYSINFO_PARMSW p = {};
    p.lpstrReturn = buf;
    p.dwRetSize = size;
    p.dwNumber = number;
    p.wDeviceType = type;
    MCIERROR e = mciSendCommandW(id, MCI_SYSINFO, MCI_SYSINFO_NAME | flags, reinterpret_cast<DWORD_PTR>(&p));
    *out = buf;
    return e;
}

}  // namespace

TEST_CASE("installed devices: quantity and names of all, and of one type", "[sysinfo]") {
    setup();
    CloseAll guard;
    DWORD n = 0;
    REQUIRE(quantity(MCI_ALL_DEVICE_ID, 0, 0, &n) == 0);
    CHECK(n == installed_count());
    bool found = false;
    for (DWORD i = 1; i <= n; ++i) {
        std::wstring s;
        REQUIRE(name(MCI_ALL_DEVICE_ID, 0, 0, i, &s) == 0);
        found = found || s == kName;
    }
    CHECK(found);
    std::wstring s;
    CHECK(name(MCI_ALL_DEVICE_ID, 0, 0, n + 1, &s) == MCIERR_OUTOFRANGE);
    CHECK(name(MCI_ALL_DEVICE_ID, 0, 0, 0, &s) == MCIERR_OUTOFRANGE);

    // A type counts its standard name and that name with a number; the wDeviceType of the id 0 is what counts.
    DWORD before = 0;
    REQUIRE(quantity(0, 0, MCI_DEVTYPE_OTHER, &before) == 0);
    {
        mci_support::RegistryValue a(mci_support::kMciKey, L"other", driver_path());
        mci_support::RegistryValue b(mci_support::kMciKey, L"other7", driver_path());
        mci_support::RegistryValue c(mci_support::kMciKey, L"otherwise", driver_path());
        DWORD now = 0;
        REQUIRE(quantity(0, 0, MCI_DEVTYPE_OTHER, &now) == 0);
        CHECK(now == before + 2);
        REQUIRE(quantity(MCI_ALL_DEVICE_ID, 0, MCI_DEVTYPE_OTHER, &now) == 0);
        CHECK(now == n + 3);  // "all" overrides wDeviceType
    }
    CHECK(quantity(0, 0, 0x1234, &n) == MCIERR_DEVICE_TYPE_REQUIRED);
}

TEST_CASE("open devices: quantity, names (their aliases) and install names", "[sysinfo]") {
    setup();
    CloseAll guard;
    DWORD n = 99;
    REQUIRE(quantity(MCI_ALL_DEVICE_ID, MCI_SYSINFO_OPEN, 0, &n) == 0);
    CHECK(n == 0);
    std::wstring s;
    CHECK(name(MCI_ALL_DEVICE_ID, MCI_SYSINFO_OPEN, 0, 1, &s) == MCIERR_OUTOFRANGE);

    MCIDEVICEID a = open(L"alpha");
    MCIDEVICEID b = open(L"beta");
    REQUIRE(a != 0);
    REQUIRE(b != 0);
    REQUIRE(quantity(MCI_ALL_DEVICE_ID, MCI_SYSINFO_OPEN, 0, &n) == 0);
    CHECK(n == 2);
    REQUIRE(quantity(0, MCI_SYSINFO_OPEN, MCI_DEVTYPE_OTHER, &n) == 0);  // the type the driver reported
    CHECK(n == 2);
    REQUIRE(quantity(0, MCI_SYSINFO_OPEN, MCI_DEVTYPE_WAVEFORM_AUDIO, &n) == 0);
    CHECK(n == 0);
    REQUIRE(name(MCI_ALL_DEVICE_ID, MCI_SYSINFO_OPEN, 0, 1, &s) == 0);
    CHECK(s == L"alpha");
    REQUIRE(name(0, MCI_SYSINFO_OPEN, MCI_DEVTYPE_OTHER, 2, &s) == 0);
    CHECK(s == L"beta");
    CHECK(name(MCI_ALL_DEVICE_ID, MCI_SYSINFO_OPEN, 0, 3, &s) == MCIERR_OUTOFRANGE);

    wchar_t buf[64] = L"M";
    MCI_SYSINFO_PARMSW p = {};
    p.lpstrReturn = buf;
    p.dwRetSize = 64;
    REQUIRE(mciSendCommandW(a, MCI_SYSINFO, MCI_SYSINFO_INSTALLNAME, reinterpret_cast<DWORD_PTR>(&p)) == 0);
    CHECK(std::wstring(buf) == kName);
    wcscpy(buf, L"M");
    CHECK(mciSendCommandW(MCI_ALL_DEVICE_ID, MCI_SYSINFO, MCI_SYSINFO_INSTALLNAME, reinterpret_cast<DWORD_PTR>(&p)) ==
          MCIERR_CANNOT_USE_ALL);
    CHECK(std::wstring(buf) == L"M");
    CHECK(mciSendCommandW(24000, MCI_SYSINFO, MCI_SYSINFO_INSTALLNAME, reinterpret_cast<DWORD_PTR>(&p)) ==
          MCIERR_INVALID_DEVICE_NAME);
    CHECK(std::wstring(buf) == L"M");
}

TEST_CASE("buffers: sizes count characters; too small is MCIERR_PARAM_OVERFLOW with the buffer untouched",
          "[sysinfo][buffer]") {
    setup();
    CloseAll guard;
    REQUIRE(open(L"mysound") != 0);
    std::wstring s;
    CHECK(name(MCI_ALL_DEVICE_ID, MCI_SYSINFO_OPEN, 0, 1, &s, 8) == 0);  // "mysound" and its terminator
    CHECK(s == L"mysound");
    CHECK(name(MCI_ALL_DEVICE_ID, MCI_SYSINFO_OPEN, 0, 1, &s, 7) == MCIERR_PARAM_OVERFLOW);
    CHECK(s == L"Y");

    DWORD words[3] = {0xDEADF00D, 99, 0xABADCAFE};
    MCI_SYSINFO_PARMSW p = {};
    p.lpstrReturn = reinterpret_cast<LPWSTR>(&words[1]);
    p.dwRetSize = sizeof(DWORD) - 1;
    CHECK(mciSendCommandW(MCI_ALL_DEVICE_ID, MCI_SYSINFO, MCI_SYSINFO_QUANTITY, reinterpret_cast<DWORD_PTR>(&p)) ==
          MCIERR_PARAM_OVERFLOW);
    CHECK(words[1] == 99);
    p.dwRetSize = 2 * sizeof(DWORD);  // only one DWORD is written
    CHECK(mciSendCommandW(MCI_ALL_DEVICE_ID, MCI_SYSINFO, MCI_SYSINFO_QUANTITY | MCI_SYSINFO_OPEN,
                          reinterpret_cast<DWORD_PTR>(&p)) == 0);
    CHECK(words[1] == 1);
    CHECK(words[0] == 0xDEADF00D);
    CHECK(words[2] == 0xABADCAFE);

    // The ANSI form converts names and leaves quantities binary.
    char abuf[16];
    std::memset(abuf, 'Z', sizeof(abuf));
    MCI_SYSINFO_PARMSA a = {};
    a.lpstrReturn = abuf;
    a.dwRetSize = 8;
    a.dwNumber = 1;
    REQUIRE(mciSendCommandA(MCI_ALL_DEVICE_ID, MCI_SYSINFO, MCI_SYSINFO_NAME | MCI_SYSINFO_OPEN,
                            reinterpret_cast<DWORD_PTR>(&a)) == 0);
    CHECK(std::string(abuf) == "mysound");
    CHECK(abuf[8] == 'Z');
    std::memset(abuf, 'Z', sizeof(abuf));
    a.dwRetSize = 2;
    CHECK(mciSendCommandA(MCI_ALL_DEVICE_ID, MCI_SYSINFO, MCI_SYSINFO_NAME | MCI_SYSINFO_OPEN,
                          reinterpret_cast<DWORD_PTR>(&a)) == MCIERR_PARAM_OVERFLOW);
    CHECK(abuf[0] == 'Z');
    a.lpstrReturn = reinterpret_cast<LPSTR>(&words[1]);
    a.dwRetSize = sizeof(DWORD);
    REQUIRE(mciSendCommandA(MCI_ALL_DEVICE_ID, MCI_SYSINFO, MCI_SYSINFO_QUANTITY | MCI_SYSINFO_OPEN,
                            reinterpret_cast<DWORD_PTR>(&a)) == 0);
    CHECK(words[1] == 1);
}

TEST_CASE("flags and notification", "[sysinfo][badinput]") {
    setup();
    CloseAll guard;
    DWORD n = 0;
    MCI_SYSINFO_PARMSW p = {};
    p.lpstrReturn = reinterpret_cast<LPWSTR>(&n);
    p.dwRetSize = sizeof(n);
    CHECK(mciSendCommandW(MCI_ALL_DEVICE_ID, MCI_SYSINFO, 0, reinterpret_cast<DWORD_PTR>(&p)) ==
          MCIERR_MISSING_PARAMETER);
    CHECK(mciSendCommandW(MCI_ALL_DEVICE_ID, MCI_SYSINFO, MCI_SYSINFO_QUANTITY | MCI_SYSINFO_NAME,
                          reinterpret_cast<DWORD_PTR>(&p)) == MCIERR_FLAGS_NOT_COMPATIBLE);
    CHECK(mciSendCommandW(MCI_ALL_DEVICE_ID, MCI_SYSINFO, MCI_SYSINFO_QUANTITY, 0) == MCIERR_NULL_PARAMETER_BLOCK);
    CHECK(mciSendCommandA(MCI_ALL_DEVICE_ID, MCI_SYSINFO, MCI_SYSINFO_NAME, 0) == MCIERR_NULL_PARAMETER_BLOCK);
    MCI_SYSINFO_PARMSW nobuf = {};
    nobuf.dwRetSize = 100;
    CHECK(mciSendCommandW(MCI_ALL_DEVICE_ID, MCI_SYSINFO, MCI_SYSINFO_QUANTITY, reinterpret_cast<DWORD_PTR>(&nobuf)) ==
          MCIERR_PARAM_OVERFLOW);

    mci_support::NotifyWindow w;
    p.dwCallback = w.callback();
    REQUIRE(mciSendCommandW(MCI_ALL_DEVICE_ID, MCI_SYSINFO, MCI_SYSINFO_QUANTITY | MCI_NOTIFY,
                            reinterpret_cast<DWORD_PTR>(&p)) == 0);
    CHECK(w.next().status == MCI_NOTIFY_SUCCESSFUL);
    p.dwRetSize = 1;
    CHECK(mciSendCommandW(MCI_ALL_DEVICE_ID, MCI_SYSINFO, MCI_SYSINFO_QUANTITY | MCI_NOTIFY,
                          reinterpret_cast<DWORD_PTR>(&p)) == MCIERR_PARAM_OVERFLOW);
    CHECK(w.drain().empty());
}
