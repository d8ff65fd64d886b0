// mci-open: MCI_OPEN and MCI_CLOSE through mciSendCommand against the test driver: the message order a driver
// sees, device ids, names (aliases, element names, device names), MCI_OPEN_TYPE_ID, element ids, the ANSI
// conversion, the answers winmm gives itself, and bad input.
#include <windows.h>

#include <mmsystem.h>
#include <mmddk.h>

#include <catch.hpp>

#include <cstring>
#include <string>
#include <thread>

#include "test_device.h"

using mci_test_driver::Record;
using namespace test_device;

extern "C" {
DWORD_PTR WINAPI mciGetDriverData(MCIDEVICEID wDeviceID);
BOOL WINAPI mciSetDriverData(MCIDEVICEID wDeviceID, DWORD_PTR dwData);
}

namespace {

std::wstring text(const WCHAR* s) { return std::wstring(s); }

std::wstring install_name(MCIDEVICEID id) {
    wchar_t buf[128] = L"";
    MCI_SYSINFO_PARMSW p = {};
    p.lpstrReturn = buf;
    p.dwRetSize = 128;
    if (mciSendCommandW(id, MCI_SYSINFO, MCI_SYSINFO_INSTALLNAME, reinterpret_cast<DWORD_PTR>(&p))) return L"?";
    return buf;
}

}  // namespace

TEST_CASE("open by device name: DRV_OPEN carries the id, then MCI_OPEN_DRIVER; close reverses it", "[open]") {
    auto& reg = setup();
    CloseAll guard;
    MCI_OPEN_PARMSW p = {};
    p.lpstrDeviceType = kName;
    REQUIRE(mciSendCommandW(0, MCI_OPEN, MCI_OPEN_TYPE | MCI_WAIT, reinterpret_cast<DWORD_PTR>(&p)) == 0);
    const MCIDEVICEID id = p.wDeviceID;
    CHECK(id == 1);  // ids start at 1 (Wine's tests on Windows: the first device of a program is "1")

    auto msgs = reg.log.messages();
    REQUIRE(msgs.size() >= 2);
    CHECK(msgs[msgs.size() - 2] == DRV_OPEN);  // after DRV_LOAD and DRV_ENABLE of a module's first open
    CHECK(msgs.back() == MCI_OPEN_DRIVER);
    Record drv_open = reg.log.first(DRV_OPEN);
    CHECK(drv_open.device_id == id);
    CHECK(text(drv_open.text1) == kParams);  // DRV_OPEN's lParam1: the MCI32 text after the file name
    CHECK(text(drv_open.text2) == kParams);  // MCI_OPEN_DRIVER_PARMS.lpstrParams: the same text
    Record open_drv = reg.log.first(MCI_OPEN_DRIVER);
    CHECK(open_drv.driver_id == id);  // the id DRV_OPEN answered is the driver id of every later message
    CHECK(open_drv.flags == (MCI_OPEN_TYPE | MCI_WAIT));
    CHECK(open_drv.device_id == id);
    CHECK(text(open_drv.text3) == kName);

    // The device is known by its device name (no alias, no element); names compare without case.
    CHECK(mciGetDeviceIDW(L"MCITESTDEV") == id);
    CHECK(mciGetDeviceIDA("mcitestdev") == id);
    CHECK(mciGetDriverData(id) == kDefaults.data_base + id);  // stored by the driver during DRV_OPEN
    CHECK(mciGetCreatorTask(id) == reinterpret_cast<HTASK>(static_cast<DWORD_PTR>(GetCurrentThreadId())));
    CHECK(install_name(id) == kName);

    reg.log.clear();
    REQUIRE(close(id) == 0);
    msgs = reg.log.messages();
    REQUIRE(msgs.size() >= 2);
    CHECK(msgs[0] == MCI_CLOSE_DRIVER);
    CHECK(msgs[1] == DRV_CLOSE);
    // The driver still reaches its data while DRV_CLOSE runs.
    CHECK(reg.log.first(DRV_CLOSE).data == kDefaults.data_base + id);
    CHECK(mciGetDeviceIDW(kName) == 0);
    MCI_STATUS_PARMS st = {};
    st.dwItem = MCI_STATUS_MODE;
    CHECK(mciSendCommandW(id, MCI_STATUS, MCI_STATUS_ITEM, reinterpret_cast<DWORD_PTR>(&st)) ==
          MCIERR_INVALID_DEVICE_ID);
    CHECK(close(id) == MCIERR_INVALID_DEVICE_ID);

    // The lowest free id is handed out again.
    MCIDEVICEID again = open();
    CHECK(again == id);
}

TEST_CASE("aliases: explicit ones must be unused, derived names must not be open already", "[open][alias]") {
    auto& reg = setup();
    CloseAll guard;
    MCIDEVICEID tune = open(L"tune");
    REQUIRE(tune != 0);
    CHECK(mciGetDeviceIDW(L"tune") == tune);
    CHECK(mciGetDeviceIDW(kName) == 0);  // only the alias names it
    CHECK(text(reg.log.first(MCI_OPEN_DRIVER).text2) == L"tune");

    reg.log.clear();
    MCIERROR err = 0;
    CHECK(open(L"TUNE", 0, &err) == 0);
    CHECK(err == MCIERR_DUPLICATE_ALIAS);
    CHECK(reg.log.count(DRV_OPEN) == 0);  // refused before any driver was opened

    MCIDEVICEID plain = open();
    REQUIRE(plain != 0);
    CHECK(plain != tune);
    CHECK(open(nullptr, 0, &err) == 0);
    CHECK(err == MCIERR_DEVICE_OPEN);       // a second device under the same derived name
    CHECK(open(kName, 0, &err) == 0);
    CHECK(err == MCIERR_DUPLICATE_ALIAS);   // an alias equal to an open device's name

    CHECK(close(tune) == 0);
    CHECK(mciGetDeviceIDW(L"tune") == 0);
    MCIDEVICEID tune2 = open(L"tune");
    CHECK(tune2 == tune);  // the freed id and the freed alias are both available again
}

TEST_CASE("MCI_OPEN_TYPE_ID: the standard name of the type, with the ordinal appended", "[open][typeid]") {
    setup();
    CloseAll guard;
    mci_support::RegistryValue other(mci_support::kMciKey, L"other", driver_path());
    mci_support::RegistryValue other2(mci_support::kMciKey, L"other2", driver_path());
    REQUIRE(other.ok());
    REQUIRE(other2.ok());

    MCI_OPEN_PARMSW p = {};
    p.lpstrDeviceType = reinterpret_cast<LPCWSTR>(static_cast<DWORD_PTR>(MCI_DEVTYPE_OTHER));
    REQUIRE(mciSendCommandW(0, MCI_OPEN, MCI_OPEN_TYPE | MCI_OPEN_TYPE_ID, reinterpret_cast<DWORD_PTR>(&p)) == 0);
    CHECK(install_name(p.wDeviceID) == L"other");
    CHECK(mciGetDeviceIDW(L"other") == p.wDeviceID);

    MCI_OPEN_PARMSW q = {};
    q.lpstrDeviceType = reinterpret_cast<LPCWSTR>(static_cast<DWORD_PTR>(MAKELONG(MCI_DEVTYPE_OTHER, 2)));
    REQUIRE(mciSendCommandW(0, MCI_OPEN, MCI_OPEN_TYPE | MCI_OPEN_TYPE_ID, reinterpret_cast<DWORD_PTR>(&q)) == 0);
    CHECK(install_name(q.wDeviceID) == L"other2");

    MCI_OPEN_PARMSW bad = {};
    bad.lpstrDeviceType = reinterpret_cast<LPCWSTR>(static_cast<DWORD_PTR>(0x1234));
    CHECK(mciSendCommandW(0, MCI_OPEN, MCI_OPEN_TYPE | MCI_OPEN_TYPE_ID, reinterpret_cast<DWORD_PTR>(&bad)) ==
          MCIERR_INVALID_DEVICE_NAME);
    // The id needs the flag it qualifies.
    CHECK(mciSendCommandW(0, MCI_OPEN, MCI_OPEN_TYPE_ID, reinterpret_cast<DWORD_PTR>(&p)) == MCIERR_MISSING_PARAMETER);
}

TEST_CASE("elements: the extension picks the device, the element is the default name", "[open][element]") {
    auto& reg = setup();
    CloseAll guard;
    const wchar_t* file = L"C:\\media\\clip.mctst";
    MCI_OPEN_PARMSW p = {};
    p.lpstrElementName = file;
    REQUIRE(mciSendCommandW(0, MCI_OPEN, MCI_OPEN_ELEMENT, reinterpret_cast<DWORD_PTR>(&p)) == 0);
    CHECK(text(reg.log.first(MCI_OPEN_DRIVER).text1) == file);
    CHECK(install_name(p.wDeviceID) == kName);
    CHECK(mciGetDeviceIDW(file) == p.wDeviceID);
    CHECK(mciGetDeviceIDW(kName) == 0);

    for (const wchar_t* name : {L"clip.nosuchext", L"noextension", L"dir.mctst\\file", L"trailingdot."}) {
        MCI_OPEN_PARMSW q = {};
        q.lpstrElementName = name;
        INFO("element " << std::string(name, name + wcslen(name)));
        CHECK(mciSendCommandW(0, MCI_OPEN, MCI_OPEN_ELEMENT, reinterpret_cast<DWORD_PTR>(&q)) ==
              MCIERR_EXTENSION_NOT_FOUND);
    }

    // The driver's refusal comes back as its error, and the device is gone (DRV_CLOSE, the id free again).
    reg.log.clear();
    MCI_OPEN_PARMSW m = {};
    m.lpstrElementName = mci_test_driver::kMissingElement;
    m.wDeviceID = 0x4242;
    CHECK(mciSendCommandW(0, MCI_OPEN, MCI_OPEN_ELEMENT, reinterpret_cast<DWORD_PTR>(&m)) == MCIERR_FILE_NOT_FOUND);
    CHECK(m.wDeviceID == 0x4242);
    CHECK(reg.log.count(DRV_CLOSE) == 1);
    CHECK(mciGetDeviceIDW(mci_test_driver::kMissingElement) == 0);

    // "new": an empty element name with a type and an alias.
    MCI_OPEN_PARMSW n = {};
    n.lpstrDeviceType = kName;
    n.lpstrElementName = L"";
    n.lpstrAlias = L"fresh";
    REQUIRE(mciSendCommandW(0, MCI_OPEN, MCI_OPEN_TYPE | MCI_OPEN_ELEMENT | MCI_OPEN_ALIAS,
                            reinterpret_cast<DWORD_PTR>(&n)) == 0);
    CHECK(mciGetDeviceIDW(L"fresh") == n.wDeviceID);
}

TEST_CASE("element ids: mciGetDeviceIDFromElementID finds the device by id and device name", "[open][element]") {
    setup();
    CloseAll guard;
    MCI_OPEN_PARMSW p = {};
    p.lpstrDeviceType = kName;
    p.lpstrElementName = reinterpret_cast<LPCWSTR>(static_cast<DWORD_PTR>(0x777));
    REQUIRE(mciSendCommandW(0, MCI_OPEN, MCI_OPEN_TYPE | MCI_OPEN_ELEMENT | MCI_OPEN_ELEMENT_ID,
                            reinterpret_cast<DWORD_PTR>(&p)) == 0);
    CHECK(mciGetDeviceIDFromElementIDW(0x777, kName) == p.wDeviceID);
    CHECK(mciGetDeviceIDFromElementIDA(0x777, "MCITESTDEV") == p.wDeviceID);
    CHECK(mciGetDeviceIDFromElementIDW(0x778, kName) == 0);
    CHECK(mciGetDeviceIDFromElementIDW(0x777, L"waveaudio") == 0);
    CHECK(mciGetDeviceIDFromElementIDW(0x777, nullptr) == 0);
    CHECK(mciGetDeviceIDFromElementIDA(0x777, nullptr) == 0);
    // An element id cannot pick a device type by itself.
    MCI_OPEN_PARMSW q = {};
    q.lpstrElementName = reinterpret_cast<LPCWSTR>(static_cast<DWORD_PTR>(0x777));
    CHECK(mciSendCommandW(0, MCI_OPEN, MCI_OPEN_ELEMENT | MCI_OPEN_ELEMENT_ID, reinterpret_cast<DWORD_PTR>(&q)) ==
          MCIERR_DEVICE_TYPE_REQUIRED);
}

TEST_CASE("mciSendCommandA: strings go to the driver as UTF-16 and answers come back as ANSI", "[open][ansi]") {
    auto& reg = setup();
    CloseAll guard;
    MCI_OPEN_PARMSA p = {};
    const char* type = "mcitestdev";
    p.lpstrDeviceType = type;
    p.lpstrElementName = "song.mctst";
    p.lpstrAlias = "ansi";
    REQUIRE(mciSendCommandA(0, MCI_OPEN, MCI_OPEN_TYPE | MCI_OPEN_ELEMENT | MCI_OPEN_ALIAS,
                            reinterpret_cast<DWORD_PTR>(&p)) == 0);
    CHECK(p.wDeviceID != 0);
    CHECK(p.lpstrDeviceType == type);  // the caller's pointers are left as they were
    Record od = reg.log.first(MCI_OPEN_DRIVER);
    CHECK(text(od.text1) == L"song.mctst");
    CHECK(text(od.text2) == L"ansi");
    CHECK(text(od.text3) == L"mcitestdev");
    CHECK(mciGetDeviceIDA("ANSI") == p.wDeviceID);

    char buf[64];
    std::memset(buf, 'x', sizeof(buf));
    MCI_INFO_PARMSA info = {};
    info.lpstrReturn = buf;
    info.dwRetSize = sizeof(buf);
    REQUIRE(mciSendCommandA(p.wDeviceID, MCI_INFO, MCI_INFO_PRODUCT, reinterpret_cast<DWORD_PTR>(&info)) == 0);
    CHECK(std::string(buf) == "winmm-ng test MCI device");
    CHECK(info.lpstrReturn == buf);

    // The driver's overflow answer leaves the caller's buffer as it was.
    std::memset(buf, 'x', sizeof(buf));
    info.dwRetSize = 5;
    CHECK(mciSendCommandA(p.wDeviceID, MCI_INFO, MCI_INFO_PRODUCT, reinterpret_cast<DWORD_PTR>(&info)) ==
          MCIERR_PARAM_OVERFLOW);
    CHECK(buf[0] == 'x');

    MCI_SYSINFO_PARMSA si = {};
    si.lpstrReturn = buf;
    si.dwRetSize = sizeof(buf);
    REQUIRE(mciSendCommandA(p.wDeviceID, MCI_SYSINFO, MCI_SYSINFO_INSTALLNAME, reinterpret_cast<DWORD_PTR>(&si)) ==
            0);
    CHECK(std::string(buf) == "mcitestdev");
    CHECK(mciSendCommandA(p.wDeviceID, MCI_CLOSE, 0, 0) == 0);
}

TEST_CASE("answers: packed resource constants are unpacked, unknown and custom commands reach the driver",
          "[open][dispatch]") {
    auto& reg = setup();
    CloseAll guard;
    MCIDEVICEID id = open();
    REQUIRE(id != 0);
    MCI_STATUS_PARMS st = {};
    st.dwItem = MCI_STATUS_MODE;
    CHECK(mciSendCommandW(id, MCI_STATUS, MCI_STATUS_ITEM, reinterpret_cast<DWORD_PTR>(&st)) == 0);
    CHECK(st.dwReturn == MCI_MODE_STOP);
    MCI_GETDEVCAPS_PARMS caps = {};
    caps.dwItem = MCI_GETDEVCAPS_DEVICE_TYPE;
    CHECK(mciSendCommandW(id, MCI_GETDEVCAPS, MCI_GETDEVCAPS_ITEM, reinterpret_cast<DWORD_PTR>(&caps)) == 0);
    CHECK(caps.dwReturn == MCI_DEVTYPE_OTHER);

    reg.log.clear();
    CHECK(mciSendCommandW(id, mci_test_driver::kCustomCommand, 0x55, 0) == mci_test_driver::kCustomAnswer);
    CHECK(reg.log.first(mci_test_driver::kCustomCommand).flags == 0x55);
    CHECK(mciSendCommandW(id, 0x0899, 0, 0) == MCIERR_UNRECOGNIZED_COMMAND);
    CHECK(reg.log.count(0x0899) == 1);
    CHECK(mciSendCommandW(id, MCI_STATUS, MCI_STATUS_ITEM, 0) == MCIERR_NULL_PARAMETER_BLOCK);

    // Driver messages and winmm's own driver commands are not application commands: the driver never sees them.
    reg.log.clear();
    for (UINT msg : {static_cast<UINT>(DRV_CLOSE), static_cast<UINT>(DRV_USER), static_cast<UINT>(MCI_OPEN_DRIVER),
                     static_cast<UINT>(MCI_CLOSE_DRIVER), 0x0100u, 0x2000u}) {
        INFO("message " << msg);
        CHECK(mciSendCommandW(id, msg, 0, 0) == MCIERR_UNRECOGNIZED_COMMAND);
    }
    CHECK(reg.log.records().empty());
}

TEST_CASE("bad input gets MCI's errors", "[open][badinput]") {
    setup();
    CloseAll guard;
    mci_support::RegistryValue broken(mci_support::kMciKey, L"mcibroken", L"no_such_mci_driver.dll");
    REQUIRE(broken.ok());
    CHECK(mciSendCommandW(0, MCI_OPEN, MCI_OPEN_TYPE, 0) == MCIERR_NULL_PARAMETER_BLOCK);
    CHECK(mciSendCommandA(0, MCI_OPEN, MCI_OPEN_TYPE, 0) == MCIERR_NULL_PARAMETER_BLOCK);
    MCI_OPEN_PARMSW p = {};
    CHECK(mciSendCommandW(0, MCI_OPEN, MCI_OPEN_TYPE, reinterpret_cast<DWORD_PTR>(&p)) == MCIERR_NULL_PARAMETER_BLOCK);
    CHECK(mciSendCommandW(0, MCI_OPEN, MCI_OPEN_ELEMENT, reinterpret_cast<DWORD_PTR>(&p)) ==
          MCIERR_NULL_PARAMETER_BLOCK);
    CHECK(mciSendCommandW(0, MCI_OPEN, MCI_WAIT, reinterpret_cast<DWORD_PTR>(&p)) == MCIERR_INVALID_DEVICE_NAME);
    p.lpstrDeviceType = L"nosuchmcidevice";
    CHECK(mciSendCommandW(0, MCI_OPEN, MCI_OPEN_TYPE, reinterpret_cast<DWORD_PTR>(&p)) == MCIERR_INVALID_DEVICE_NAME);
    p.lpstrDeviceType = L"";
    CHECK(mciSendCommandW(0, MCI_OPEN, MCI_OPEN_TYPE, reinterpret_cast<DWORD_PTR>(&p)) == MCIERR_INVALID_DEVICE_NAME);
    p.lpstrDeviceType = L"ALL";
    CHECK(mciSendCommandW(0, MCI_OPEN, MCI_OPEN_TYPE, reinterpret_cast<DWORD_PTR>(&p)) == MCIERR_CANNOT_USE_ALL);
    p.lpstrDeviceType = L"mcibroken";
    CHECK(mciSendCommandW(0, MCI_OPEN, MCI_OPEN_TYPE, reinterpret_cast<DWORD_PTR>(&p)) == MCIERR_CANNOT_LOAD_DRIVER);
    std::wstring long_name(200, L'd');
    p.lpstrDeviceType = long_name.c_str();
    CHECK(mciSendCommandW(0, MCI_OPEN, MCI_OPEN_TYPE, reinterpret_cast<DWORD_PTR>(&p)) == MCIERR_DEVICE_LENGTH);
    p.lpstrDeviceType = kName;
    CHECK(mciSendCommandW(0, MCI_OPEN, MCI_OPEN_TYPE | MCI_OPEN_ALIAS, reinterpret_cast<DWORD_PTR>(&p)) ==
          MCIERR_NULL_PARAMETER_BLOCK);
    CHECK(mciGetDeviceIDW(L"mcibroken") == 0);
    CHECK(mciSendCommandW(0, 0x0812 /* MCI_SOUND */, 0x100 /* MCI_SOUND_NAME */, 0) == MCIERR_NULL_PARAMETER_BLOCK);

    MCI_GENERIC_PARMS g = {};
    for (MCIDEVICEID id : {0u, 2u, 999u, 0x10000u}) {
        INFO("device " << id);
        CHECK(mciSendCommandW(id, MCI_PLAY, 0, reinterpret_cast<DWORD_PTR>(&g)) == MCIERR_INVALID_DEVICE_ID);
        CHECK(mciSendCommandW(id, MCI_CLOSE, 0, 0) == MCIERR_INVALID_DEVICE_ID);
        CHECK(mciGetCreatorTask(id) == nullptr);
        CHECK(mciGetDriverData(id) == 0);
        CHECK_FALSE(mciSetDriverData(id, 1));
        DWORD data = 0x99;
        CHECK(mciGetYieldProc(id, &data) == nullptr);
        CHECK(data == 0x99);
        CHECK_FALSE(mciSetYieldProc(id, nullptr, 0));
    }
    CHECK(mciGetDeviceIDW(nullptr) == 0);
    CHECK(mciGetDeviceIDA(nullptr) == 0);
    CHECK(mciGetDeviceIDW(L"") == 0);
    CHECK(mciGetDeviceIDW(L"all") == MCI_ALL_DEVICE_ID);
    CHECK(mciGetDeviceIDA("ALL") == MCI_ALL_DEVICE_ID);
}

TEST_CASE("names are per task: another thread does not find the alias, but the id works; [decision] all is the task's",
          "[open][threads][decision]") {
    auto& reg = setup();
    CloseAll guard;
    MCIDEVICEID id = open(L"mine");
    REQUIRE(id != 0);
    const DWORD main_thread = GetCurrentThreadId();
    MCIDEVICEID seen = 1;
    HTASK creator = nullptr;
    MCIERROR status_err = 1, stop_all_err = 1;
    MCIERROR open_same_alias = 1;
    std::thread other([&] {
        seen = mciGetDeviceIDW(L"mine");
        creator = mciGetCreatorTask(id);
        MCI_STATUS_PARMS st = {};
        st.dwItem = MCI_STATUS_LENGTH;
        status_err = mciSendCommandW(id, MCI_STATUS, MCI_STATUS_ITEM, reinterpret_cast<DWORD_PTR>(&st));
        stop_all_err = mciSendCommandW(MCI_ALL_DEVICE_ID, MCI_STOP, 0, 0);
        // The alias is free for this task: its own device may take it.
        MCIDEVICEID own = open(L"mine", 0, &open_same_alias);
        if (own) close(own);
    });
    other.join();
    CHECK(seen == 0);
    CHECK(creator == reinterpret_cast<HTASK>(static_cast<DWORD_PTR>(main_thread)));
    CHECK(status_err == 0);
    CHECK(stop_all_err == 0);
    CHECK(reg.log.count(MCI_STOP) == 0);  // "all" of the other task: it has no device
    CHECK(open_same_alias == 0);
    CHECK(mciGetDeviceIDW(L"mine") == id);
}

TEST_CASE("[decision] shareable: the flag reaches the driver; a second open under the same name is still taken",
          "[open][shareable][decision]") {
    auto& reg = setup();
    CloseAll guard;
    MCIERROR err = 0;
    MCIDEVICEID first = open(nullptr, MCI_OPEN_SHAREABLE, &err);
    REQUIRE(first != 0);
    CHECK((reg.log.first(MCI_OPEN_DRIVER).flags & MCI_OPEN_SHAREABLE) != 0);
    CHECK(open(nullptr, MCI_OPEN_SHAREABLE, &err) == 0);
    CHECK(err == MCIERR_DEVICE_OPEN);
    // Under another name the driver decides about sharing (the test driver allows it).
    MCIDEVICEID second = open(L"shared2", MCI_OPEN_SHAREABLE, &err);
    CHECK(second != 0);
    CHECK(second != first);
}
