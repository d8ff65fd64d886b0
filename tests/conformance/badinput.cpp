// Conformance: invalid, closed and NULL handles, NULL pointers and negative counts.
// An implementation must never crash on these. Every test body therefore runs in a child process
// (this same executable, running only the hidden "child: ..." test case), and the visible test
// checks that the child ran its checks and exited cleanly: a crash or a hang fails the visible
// test instead of taking the whole run down.
// Spec: mmioRead.md, mmioWrite.md, mmioSeek.md, mmioClose.md, mmioGetInfo.md, mmioSetInfo.md,
// mmioSetBuffer.md, mmioFlush.md, mmioAdvance.md, mmioDescend.md, mmioAscend.md,
// mmioCreateChunk.md, mmioOpen.md, mmioRename.md.
#include <catch.hpp>

#include "support_files.h"

using namespace confa;

namespace {

// Runs "<this exe> <testName>" (compact reporter) with its output in a file; checks that it ran exactly one test
// case, that all its assertions passed and that it exited by itself with code 0.
void checkInChild(const std::string& testName) {
    // The name goes through Catch's test-spec syntax: it must not use its special characters.
    REQUIRE(testName.find_first_of(",[]\"\\*~") == std::string::npos);
    TempDir d;
    REQUIRE(d.ok());
    wchar_t exe[MAX_PATH + 1] = {};
    REQUIRE(GetModuleFileNameW(nullptr, exe, MAX_PATH) > 0);
    std::wstring cmd = L"\"" + std::wstring(exe) + L"\" \"" + toWide(testName) + L"\" --reporter compact --use-colour no";
    std::wstring outPath = d.w(L"child-output.txt");
    SECURITY_ATTRIBUTES sa = {sizeof sa, nullptr, TRUE};
    HANDLE out = CreateFileW(outPath.c_str(), GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, &sa,
                             CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
    REQUIRE(out != INVALID_HANDLE_VALUE);
    STARTUPINFOW si;
    std::memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = out;
    si.hStdError = out;
    PROCESS_INFORMATION pi;
    std::memset(&pi, 0, sizeof pi);
    std::vector<wchar_t> cmdBuf(cmd.begin(), cmd.end());
    cmdBuf.push_back(0);
    // The child makes its temporary folders inside ours, so they go when ours goes, even if the
    // child crashed before cleaning up.
    SetEnvironmentVariableW(TempDir::kParentVar, d.path().c_str());
    BOOL started = CreateProcessW(exe, cmdBuf.data(), nullptr, nullptr, TRUE, 0, nullptr, nullptr, &si, &pi);
    SetEnvironmentVariableW(TempDir::kParentVar, nullptr);
    CloseHandle(out);
    REQUIRE(started);
    DWORD wait = WaitForSingleObject(pi.hProcess, 120000);
    bool hung = wait != WAIT_OBJECT_0;
    if (hung) {
        TerminateProcess(pi.hProcess, 0xDEAD);  // our own child
        WaitForSingleObject(pi.hProcess, 10000);
    }
    DWORD code = 0;
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    Bytes raw = readFile(outPath);
    std::string output(raw.begin(), raw.end());
    if (output.size() > 6000) output = output.substr(0, 3000) + "\n[...]\n" + output.substr(output.size() - 3000);
    // Quote the child's report line by line so that none of its lines reads as this run's own.
    std::string quoted;
    size_t from = 0;
    while (from < output.size()) {
        size_t nl = output.find('\n', from);
        if (nl == std::string::npos) nl = output.size();
        std::string line = output.substr(from, nl - from);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        quoted += "child> " + line + "\n";
        from = nl + 1;
    }
    output = quoted;
    char verdict[160] = "";
    if (hung)
        lstrcpyA(verdict, "hung: killed after 120 s");
    else if (code != 0)
        wsprintfA(verdict, "exit code 0x%lx (%s)", (unsigned long)code,
                  code >= 0xC0000000ul ? "crashed" : "failed assertions or could not start");
    else if (output.find("Passed 1 test case") == std::string::npos)
        lstrcpyA(verdict, "exit code 0 but it did not report one passing test case");
    INFO("child \"" << testName << "\" output:\n" << output);
    CHECK(std::string(verdict) == "");
}

}  // namespace

#define CONFA_CAT2(a, b) a##b
#define CONFA_CAT(a, b) CONFA_CAT2(a, b)
// A test case whose body runs in a child process (see checkInChild).
#define ISOLATED_TEST_CASE(name, tags)                                                                \
    static void CONFA_CAT(isolatedBody, __LINE__)();                                                  \
    TEST_CASE("child: " name, "[.][child]") { CONFA_CAT(isolatedBody, __LINE__)(); }                  \
    TEST_CASE(name, tags) { checkInChild("child: " name); }                                           \
    static void CONFA_CAT(isolatedBody, __LINE__)()

namespace {

// Handles that no open returned. (Values an implementation could plausibly check and reject; a
// crash on them is caught by the child process.)
const HMMIO kBogus[] = {nullptr, (HMMIO)(UINT_PTR)0xDEAD, (HMMIO)(UINT_PTR)0x7FFF0000u,
                        (HMMIO)(INT_PTR)-1};

// A handle that was valid and has been closed.
HMMIO closedHandle() {
    static char block[64];
    MMIOINFO in = zeroInfo();
    in.fccIOProc = FOURCC_MEM;
    in.pchBuffer = block;
    in.cchBuffer = sizeof block;
    HMMIO h = mmioOpenA(nullptr, &in, MMIO_READWRITE);
    REQUIRE(h != nullptr);
    REQUIRE(mmioClose(h, 0) == 0);
    return h;
}

std::vector<HMMIO> invalidHandles() {
    std::vector<HMMIO> v(std::begin(kBogus), std::end(kBogus));
    v.push_back(closedHandle());
    return v;
}

// A small memory file with known content.
struct MemFile {
    char block[256];
    Hmmio h;
    explicit MemFile(DWORD extra = 0) {
        Bytes p = pattern(sizeof block, 90);
        std::memcpy(block, p.data(), sizeof block);
        MMIOINFO in = zeroInfo();
        in.fccIOProc = FOURCC_MEM;
        in.pchBuffer = block;
        in.cchBuffer = sizeof block;
        h = mmioOpenA(nullptr, &in, MMIO_READWRITE | extra);
    }
};

}  // namespace

// ------------------------------------------------------------ invalid handles

ISOLATED_TEST_CASE("mmioRead/mmioWrite/mmioSeek: an invalid handle gives -1", "[badinput][mmioRead][mmioWrite][mmioSeek]") {
    char buf[16] = "abcdefghijklmno";
    for (HMMIO h : invalidHandles()) {
        INFO("handle " << (const void*)h);
        // mmioRead.md: "If there is an error reading from the file, the return value is –1."
        CHECK(mmioRead(h, buf, sizeof buf) == -1);
        // mmioWrite.md: "If there is an error writing to the file, the return value is -1."
        CHECK(mmioWrite(h, buf, sizeof buf) == -1);
        // mmioSeek.md: "If there is an error, the return value is –1."
        CHECK(mmioSeek(h, 0, SEEK_SET) == -1);
        CHECK(mmioSeek(h, 0, SEEK_END) == -1);
    }
}

ISOLATED_TEST_CASE("mmioClose/mmioGetInfo/mmioSetInfo/mmioSetBuffer/mmioFlush/mmioAdvance: an invalid handle gives an error",
                   "[badinput][mmioClose][mmioGetInfo][mmioSetInfo][mmioSetBuffer][mmioFlush][mmioAdvance]") {
    for (HMMIO h : invalidHandles()) {
        INFO("handle " << (const void*)h);
        MMIOINFO info = zeroInfo();
        // mmioGetInfo.md / mmioSetInfo.md / mmioSetBuffer.md / mmioFlush.md: "Returns zero if
        // successful or an error otherwise." mmioAdvance.md: "Returns MMSYSERR_NOERROR if
        // successful or an error otherwise."
        CHECK(mmioGetInfo(h, &info, 0) != 0);
        info = zeroInfo();
        CHECK(mmioSetInfo(h, &info, 0) != 0);
        CHECK(mmioSetBuffer(h, nullptr, 1000, 0) != 0);
        CHECK(mmioFlush(h, 0) != 0);
        CHECK(mmioAdvance(h, &info, MMIO_READ) != 0);
        CHECK(mmioAdvance(h, nullptr, MMIO_WRITE) != 0);
        // mmioClose.md: "Returns zero if successful or an error otherwise."
        CHECK(mmioClose(h, 0) != 0);
    }
}

ISOLATED_TEST_CASE("mmioDescend/mmioAscend/mmioCreateChunk: an invalid handle gives an error",
                   "[badinput][mmioDescend][mmioAscend][mmioCreateChunk]") {
    for (HMMIO h : invalidHandles()) {
        INFO("handle " << (const void*)h);
        MMCKINFO ck;
        std::memset(&ck, 0, sizeof ck);
        ck.ckid = mmioFOURCC('d', 'a', 't', 'a');
        // mmioDescend.md / mmioAscend.md / mmioCreateChunk.md: "Returns MMSYSERR_NOERROR if
        // successful or an error otherwise."
        CHECK(mmioDescend(h, &ck, nullptr, 0) != 0);
        CHECK(mmioAscend(h, &ck, 0) != 0);
        CHECK(mmioCreateChunk(h, &ck, 0) != 0);
    }
}

ISOLATED_TEST_CASE("mmioClose: invalid handles give MMSYSERR_INVALHANDLE", "[badinput][mmioClose][decision]") {
    // [decision] The pages name no error value for a bad handle; we expect MMSYSERR_INVALHANDLE,
    // winmm's code for it, from every function that returns an MMRESULT.
    for (HMMIO h : invalidHandles()) {
        INFO("handle " << (const void*)h);
        MMIOINFO info = zeroInfo();
        MMCKINFO ck;
        std::memset(&ck, 0, sizeof ck);
        CHECK(mmioGetInfo(h, &info, 0) == MMSYSERR_INVALHANDLE);
        info = zeroInfo();
        CHECK(mmioSetInfo(h, &info, 0) == MMSYSERR_INVALHANDLE);
        CHECK(mmioSetBuffer(h, nullptr, 1000, 0) == MMSYSERR_INVALHANDLE);
        CHECK(mmioFlush(h, 0) == MMSYSERR_INVALHANDLE);
        CHECK(mmioAdvance(h, &info, MMIO_READ) == MMSYSERR_INVALHANDLE);
        CHECK(mmioDescend(h, &ck, nullptr, 0) == MMSYSERR_INVALHANDLE);
        CHECK(mmioAscend(h, &ck, 0) == MMSYSERR_INVALHANDLE);
        CHECK(mmioCreateChunk(h, &ck, 0) == MMSYSERR_INVALHANDLE);
        CHECK(mmioSendMessage(h, MMIOM_USER, 0, 0) == (LRESULT)MMSYSERR_INVALHANDLE);
        CHECK(mmioClose(h, 0) == MMSYSERR_INVALHANDLE);
    }
}

ISOLATED_TEST_CASE("mmioClose: closing a handle twice fails the second time", "[badinput][mmioClose][decision]") {
    // [decision] (as above) the second close reports MMSYSERR_INVALHANDLE.
    MemFile m;
    REQUIRE(m.h);
    HMMIO h = m.h.release();
    // mmioClose.md: "Returns zero if successful or an error otherwise."
    CHECK(mmioClose(h, 0) == 0);
    CHECK(mmioClose(h, 0) == MMSYSERR_INVALHANDLE);
    char c;
    CHECK(mmioRead(h, &c, 1) == -1);
}

ISOLATED_TEST_CASE("mmioClose: a closed handle does not reach a file opened after it", "[badinput][mmioClose][decision]") {
    // [decision] A stale handle stays invalid even when a new file is opened afterwards (if the new
    // file happens to get the same handle value the check is skipped by construction).
    HMMIO stale = closedHandle();
    MemFile m;
    REQUIRE(m.h);
    if (m.h.get() != stale) {
        CHECK(mmioSeek(stale, 10, SEEK_SET) == -1);
        CHECK(mmioSeek(m.h, 0, SEEK_CUR) == 0);
        CHECK(mmioClose(stale, 0) == MMSYSERR_INVALHANDLE);
        CHECK(mmioSeek(m.h, 0, SEEK_END) == 256);
    } else {
        WARN("the new file reuses the closed handle value; nothing to check");
        SUCCEED();
    }
}

// ------------------------------------------------------------ NULL pointers

ISOLATED_TEST_CASE("mmioRead/mmioWrite: a NULL buffer is an error", "[badinput][mmioRead][mmioWrite][decision]") {
    // [decision] docs silent; a NULL buffer with a nonzero count gives -1 (mmioRead.md / mmioWrite.md:
    // "the return value is -1" on an error) and changes neither the file nor the position.
    for (DWORD extra : {0ul, (DWORD)MMIO_ALLOCBUF}) {
        TempDir d;
        REQUIRE(d.ok());
        const Bytes content = pattern(100, 91);
        REQUIRE(writeFile(d.w(L"f.dat"), content));
        Hmmio h(openA(d.a("f.dat"), nullptr, MMIO_READWRITE | extra));
        REQUIRE(h);
        CHECK(mmioSeek(h, 10, SEEK_SET) == 10);
        CHECK(mmioRead(h, nullptr, 10) == -1);
        CHECK(mmioWrite(h, nullptr, 10) == -1);
        CHECK(mmioSeek(h, 0, SEEK_CUR) == 10);
        CHECK(h.close() == 0);
        CHECK(readFile(d.w(L"f.dat")) == content);
    }
}

ISOLATED_TEST_CASE("mmioGetInfo/mmioSetInfo: a NULL MMIOINFO is an error", "[badinput][mmioGetInfo][mmioSetInfo][decision]") {
    // [decision] docs silent; NULL where a structure is required returns an error, not a crash.
    MemFile m;
    REQUIRE(m.h);
    CHECK(mmioGetInfo(m.h, nullptr, 0) != 0);
    CHECK(mmioSetInfo(m.h, nullptr, 0) != 0);
    // The file is still usable.
    char c = 0;
    CHECK(mmioRead(m.h, &c, 1) == 1);
    CHECK((std::uint8_t)c == pattern(256, 90)[0]);
}

ISOLATED_TEST_CASE("mmioDescend/mmioAscend/mmioCreateChunk: a NULL MMCKINFO is an error",
                   "[badinput][mmioDescend][mmioAscend][mmioCreateChunk][decision]") {
    // [decision] docs silent; as above.
    MemFile m;
    REQUIRE(m.h);
    CHECK(mmioDescend(m.h, nullptr, nullptr, 0) != 0);
    CHECK(mmioAscend(m.h, nullptr, 0) != 0);
    CHECK(mmioCreateChunk(m.h, nullptr, 0) != 0);
    CHECK(mmioSeek(m.h, 0, SEEK_END) == 256);
}

ISOLATED_TEST_CASE("mmioOpen: a NULL name without MMIOINFO cannot be opened", "[badinput][mmioOpen][decision]") {
    // [decision] mmioOpen.md: "If the file name is NULL and no I/O procedure is given, the adwInfo
    // member of the MMIOINFO structure is assumed to be the standard (non-HMMIO) file handle" —
    // with no MMIOINFO there is no handle, so the open fails ("the return value is NULL").
    HMMIO a = mmioOpenA(nullptr, nullptr, MMIO_READ);
    CHECK(a == nullptr);
    if (a) mmioClose(a, MMIO_FHOPEN);
    HMMIO w = mmioOpenW(nullptr, nullptr, MMIO_READ);
    CHECK(w == nullptr);
    if (w) mmioClose(w, MMIO_FHOPEN);
    // Status-only flags with no name: nothing to parse, test or delete.
    CHECK(statusResult(mmioOpenA(nullptr, nullptr, MMIO_EXIST)) == kFalse);
    CHECK(statusResult(mmioOpenA(nullptr, nullptr, MMIO_DELETE)) == kFalse);
    CHECK(statusResult(mmioOpenA(nullptr, nullptr, MMIO_PARSE)) == kFalse);
}

ISOLATED_TEST_CASE("mmioRename: NULL names are an error", "[badinput][mmioRename][decision]") {
    // [decision] mmioRename.md: "Otherwise, returns an error code" — NULL names cannot be renamed.
    TempDir d;
    REQUIRE(d.ok());
    REQUIRE(writeFile(d.w(L"f.dat"), pattern(10, 92)));
    CHECK(mmioRenameA(nullptr, d.a("g.dat").c_str(), nullptr, 0) != 0);
    CHECK(mmioRenameA(d.a("f.dat").c_str(), nullptr, nullptr, 0) != 0);
    CHECK(mmioRenameW(nullptr, nullptr, nullptr, 0) != 0);
    CHECK(fileExists(d.w(L"f.dat")));
    CHECK_FALSE(fileExists(d.w(L"g.dat")));
}

ISOLATED_TEST_CASE("mmioStringToFOURCC: a NULL string does not crash", "[badinput][mmioStringToFOURCC][decision]") {
    // [decision] docs silent; returning (any value) instead of crashing is required.
    FOURCC a = mmioStringToFOURCCA(nullptr, 0);
    FOURCC w = mmioStringToFOURCCW(nullptr, MMIO_TOUPPER);
    (void)a;
    (void)w;
    SUCCEED("returned");
}

ISOLATED_TEST_CASE("mmioOpen: an overlong file name fails cleanly", "[badinput][mmioOpen][decision]") {
    // [decision] mmioOpen.md: "The file name should not be longer than 128 characters" — longer
    // names beyond what the file system takes make the open fail; they never overrun anything.
    TempDir d;
    REQUIRE(d.ok());
    std::string longName = d.a(std::string(2000, 'n'));
    MMIOINFO info = zeroInfo();
    HMMIO h = openA(longName, &info, MMIO_CREATE | MMIO_READWRITE);
    CHECK(h == nullptr);
    if (h) mmioClose(h, 0);
    CHECK(info.wErrorRet != 0);
    std::wstring longW = d.w(std::wstring(2000, L'n'));
    h = openW(longW, nullptr, MMIO_READ);
    CHECK(h == nullptr);
    if (h) mmioClose(h, 0);
}

// ------------------------------------------------------------ negative counts and bad values

ISOLATED_TEST_CASE("mmioRead/mmioWrite: a negative count is an error", "[badinput][mmioRead][mmioWrite][decision]") {
    // [decision] docs silent; a negative count returns -1 ("If there is an error ... the return
    // value is -1"), transfers nothing and leaves the position alone.
    TempDir d;
    REQUIRE(d.ok());
    const Bytes content = pattern(100, 93);
    for (DWORD extra : {0ul, (DWORD)MMIO_ALLOCBUF}) {
        INFO("extra flags " << extra);
        REQUIRE(writeFile(d.w(L"f.dat"), content));
        Hmmio h(openA(d.a("f.dat"), nullptr, MMIO_READWRITE | extra));
        REQUIRE(h);
        CHECK(mmioSeek(h, 10, SEEK_SET) == 10);
        char buf[32];
        std::memset(buf, 0x77, sizeof buf);
        CHECK(mmioRead(h, buf, -1) == -1);
        CHECK(mmioRead(h, buf, -100000) == -1);
        CHECK(buf[0] == 0x77);
        CHECK(mmioWrite(h, buf, -1) == -1);
        CHECK(mmioWrite(h, buf, -100000) == -1);
        CHECK(mmioSeek(h, 0, SEEK_CUR) == 10);
        CHECK(h.close() == 0);
        CHECK(readFile(d.w(L"f.dat")) == content);
    }
    MemFile m;
    REQUIRE(m.h);
    char buf[8];
    CHECK(mmioRead(m.h, buf, -1) == -1);
    CHECK(mmioWrite(m.h, buf, -1) == -1);
    CHECK(mmioSeek(m.h, 0, SEEK_CUR) == 0);
}

ISOLATED_TEST_CASE("mmioSetBuffer: after an error the handle remains valid", "[badinput][mmioSetBuffer][decision]") {
    // [decision] a negative size is an error. mmioSetBuffer.md: "Returns zero if successful or an
    // error otherwise. If an error occurs, the file handle remains valid."
    TempDir d;
    REQUIRE(d.ok());
    const Bytes content = pattern(100, 94);
    REQUIRE(writeFile(d.w(L"f.dat"), content));
    Hmmio h(openA(d.a("f.dat"), nullptr, MMIO_READWRITE | MMIO_ALLOCBUF));
    REQUIRE(h);
    char first[10];
    CHECK(mmioRead(h, first, 10) == 10);
    CHECK(mmioSetBuffer(h, nullptr, -1, 0) != 0);
    CHECK(mmioSetBuffer(h, first, -5, 0) != 0);
    CHECK(mmioSeek(h, 0, SEEK_CUR) == 10);
    Bytes rest(90);
    CHECK(mmioRead(h, reinterpret_cast<HPSTR>(rest.data()), 90) == 90);
    CHECK(rest == Bytes(content.begin() + 10, content.end()));
    CHECK(mmioWrite(h, "xyz", 3) == 3);
    CHECK(h.close() == 0);
    Bytes expect = content;
    expect.insert(expect.end(), {'x', 'y', 'z'});
    CHECK(readFile(d.w(L"f.dat")) == expect);
}

ISOLATED_TEST_CASE("mmioSeek: an undefined origin gives -1", "[badinput][mmioSeek]") {
    // mmioSeek.md: "iOrigin | Flags indicating how the offset specified by lOffset is interpreted.
    // The following values are defined: SEEK_CUR / SEEK_END / SEEK_SET" and "If there is an error,
    // the return value is –1."
    for (DWORD extra : {0ul, (DWORD)MMIO_ALLOCBUF}) {
        INFO("extra flags " << extra);
        TempDir d;
        REQUIRE(d.ok());
        REQUIRE(writeFile(d.w(L"f.dat"), pattern(100, 95)));
        Hmmio h(openA(d.a("f.dat"), nullptr, MMIO_READ | extra));
        REQUIRE(h);
        CHECK(mmioSeek(h, 10, SEEK_SET) == 10);
        CHECK(mmioSeek(h, 0, 3) == -1);
        CHECK(mmioSeek(h, 0, -1) == -1);
        CHECK(mmioSeek(h, 5, 0x7FFF) == -1);
    }
    MemFile m;
    REQUIRE(m.h);
    CHECK(mmioSeek(m.h, 0, 3) == -1);
}

ISOLATED_TEST_CASE("mmioSeek: a position before the start is an error", "[badinput][mmioSeek][decision]") {
    // [decision] docs silent on negative positions; we expect -1 and the position unchanged.
    for (DWORD extra : {0ul, (DWORD)MMIO_ALLOCBUF}) {
        INFO("extra flags " << extra);
        TempDir d;
        REQUIRE(d.ok());
        REQUIRE(writeFile(d.w(L"f.dat"), pattern(100, 96)));
        Hmmio h(openA(d.a("f.dat"), nullptr, MMIO_READ | extra));
        REQUIRE(h);
        CHECK(mmioSeek(h, 10, SEEK_SET) == 10);
        CHECK(mmioSeek(h, -1, SEEK_SET) == -1);
        CHECK(mmioSeek(h, -11, SEEK_CUR) == -1);
        // Windows: SEEK_END goes to size - lOffset, so +101 from the end of 100 bytes is before the start.
        CHECK(mmioSeek(h, 101, SEEK_END) == -1);
        CHECK(mmioSeek(h, 0, SEEK_CUR) == 10);
    }
    MemFile m;
    REQUIRE(m.h);
    CHECK(mmioSeek(m.h, -1, SEEK_SET) == -1);
    CHECK(mmioSeek(m.h, 257, SEEK_END) == -1);
    CHECK(mmioSeek(m.h, 0, SEEK_CUR) == 0);
}

ISOLATED_TEST_CASE("mmioOpen: a memory file with a negative size cannot be opened", "[badinput][mmioOpen][decision]") {
    // [decision] docs silent; a negative cchBuffer for FOURCC_MEM fails the open.
    static char block[64];
    MMIOINFO in = zeroInfo();
    in.fccIOProc = FOURCC_MEM;
    in.pchBuffer = block;
    in.cchBuffer = -64;
    HMMIO h = mmioOpenA(nullptr, &in, MMIO_READWRITE);
    CHECK(h == nullptr);
    if (h) mmioClose(h, 0);
    in = zeroInfo();
    in.fccIOProc = FOURCC_MEM;
    in.cchBuffer = -1;
    in.adwInfo[0] = 16;
    h = mmioOpenA(nullptr, &in, MMIO_READWRITE | MMIO_CREATE);
    CHECK(h == nullptr);
    if (h) mmioClose(h, 0);
}
