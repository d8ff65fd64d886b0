// A recording, fault-injecting I/O procedure over an in-memory "disk", for the native mmio tests.
// Every message is logged as a short string so tests can compare whole message sequences:
//   "OPEN <name>"  "CLOSE <flags>"  "READ <n>@<lDiskOffset>"  "WRITE <n>@<off>"  "WRITEFLUSH <n>@<off>"
//   "SEEK <off>,<origin>"  "RENAME <old>><new>"  "USER <msg>"
#ifndef WNG_TEST_REC_PROC_H
#define WNG_TEST_REC_PROC_H

#include <string>
#include <vector>

#include "winmm_ng/mmio_abi.h"

struct Recorder {
    std::vector<std::string> log;
    std::vector<char> disk;
    // What the procedure saw.
    std::string last_name_a;
    std::u16string last_name_w;
    bool last_name_was_wide = false;
    bool last_name_null = false;
    DWORD last_open_flags = 0;
    // Fault injection.
    bool writeflush_unknown = false;  // answer 0 to MMIOM_WRITEFLUSH
    int fail_writes = 0;              // this many next WRITE/WRITEFLUSH fail with -1
    long short_write = -1;            // next WRITE/WRITEFLUSH writes at most this many bytes (one shot)
    int fail_reads = 0;
    int fail_seeks = 0;
    LRESULT open_result = 0;
    LRESULT close_result = 0;
    std::string special_answer;       // written back for MMIO_PARSE / MMIO_GETTEMP
    LRESULT user_result = 42;

    void clear_log() { log.clear(); }
    std::string disk_str() const { return std::string(disk.begin(), disk.end()); }
};

// The recorder the procedures below use (tests are single-threaded).
extern Recorder* g_rec;

// ANSI and Unicode flavours of the same procedure (they differ in how they read names).
LRESULT CALLBACK rec_proc_a(LPSTR lpmmioinfo, UINT msg, LPARAM lParam1, LPARAM lParam2);
LRESULT CALLBACK rec_proc_w(LPSTR lpmmioinfo, UINT msg, LPARAM lParam1, LPARAM lParam2);

// RAII: installs a fresh recorder as g_rec, resets the registry afterwards.
struct RecScope {
    Recorder rec;
    RecScope();
    ~RecScope();
};

// Opens a file on the recording procedure (passed in MMIOINFO.pIOProc).
HMMIO open_rec(DWORD flags, LONG bufsize = 0, char* userbuf = nullptr, const char* name = "file.bin");

std::vector<std::string> seq(std::initializer_list<const char*> l);

#endif
