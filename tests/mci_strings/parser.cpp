// Command strings to mciSendCommand calls: what the test driver receives for each string, and the text that comes
// back. Every string goes through our mciSendStringW; the device layer behind it may be ours or the backend's.
#include "support.h"

using namespace mcitest;

namespace {

// The VCR structures as Microsoft's pages declare them (MinGW's vcr.h has a DWORD dwCallback, 4 bytes short on x64).
struct VcrSettunerParms {
    DWORD_PTR dwCallback;
    DWORD dwChannel, dwNumber;
};
struct VcrSetParms {
    DWORD_PTR dwCallback;
    DWORD dwTimeFormat, dwAudio, dwTimeMode, dwRecordFormat, dwCounterFormat, dwIndex, dwTracking;
};
struct VcrStatusParms {
    DWORD_PTR dwCallback;
    DWORD dwReturn, dwItem, dwTrack, dwNumber;
};

MCIDEVICEID open_t(Driver& d, UINT type = MCI_DEVTYPE_OTHER) {
    d.configure(type, FALSE);
    Reply r = send(L"open mcitest alias t");
    REQUIRE(r.err == 0);
    MCIDEVICEID id = mciGetDeviceIDW(L"t");
    REQUIRE(id != 0);
    CHECK(r.text == std::to_wstring(id));  // open returns the device id
    state().received.clear();
    return id;
}

}  // namespace

TEST_CASE("open: the device type name, keywords, and what the driver receives", "[open]") {
    Driver d;
    Reply r = send(L"open MCITEST alias t wait");
    REQUIRE(r.err == 0);
    const Received* open = last(MCI_OPEN_DRIVER);
    REQUIRE(open);
    CHECK((open->flags & (MCI_OPEN_TYPE | MCI_OPEN_ALIAS | MCI_WAIT)) == (MCI_OPEN_TYPE | MCI_OPEN_ALIAS | MCI_WAIT));
    CHECK_FALSE(open->flags & MCI_OPEN_ELEMENT);
    CHECK(lstrcmpiW(open->strings[0].c_str(), L"mcitest") == 0);
    CHECK(r.text == std::to_wstring(mciGetDeviceIDW(L"t")));

    SECTION("a second device by file name: the element, its type from the extension") {
        Reply f = send(L"open \"some file.mcitst\" alias f notify", 128, GetDesktopWindow());
        REQUIRE(f.err == 0);
        const Received* o = last(MCI_OPEN_DRIVER);
        REQUIRE(o);
        CHECK(o->flags & MCI_OPEN_ELEMENT);
        CHECK(o->flags & MCI_NOTIFY);
        CHECK(o->strings[1] == L"some file.mcitst");
        CHECK(mciGetDeviceIDW(L"f") != mciGetDeviceIDW(L"t"));
    }
    SECTION("type!element") {
        Reply f = send(L"open mcitest!clip.bin alias g");
        REQUIRE(f.err == 0);
        const Received* o = last(MCI_OPEN_DRIVER);
        REQUIRE(o);
        CHECK((o->flags & (MCI_OPEN_TYPE | MCI_OPEN_ELEMENT)) == (MCI_OPEN_TYPE | MCI_OPEN_ELEMENT));
        CHECK(o->strings[1] == L"clip.bin");
    }
    SECTION("new with a type and an alias") {
        Reply f = send(L"open new type mcitest alias n");
        REQUIRE(f.err == 0);
        const Received* o = last(MCI_OPEN_DRIVER);
        REQUIRE(o);
        CHECK(o->flags & MCI_OPEN_ELEMENT);
        CHECK(o->strings[1].empty());
    }
}

TEST_CASE("play, record, seek: integers, colon integers, flags", "[commands]") {
    Driver d;
    open_t(d);
    HWND hwnd = GetDesktopWindow();
    REQUIRE(send(L"play t from 10 to 250:1 notify", 128, hwnd).err == 0);
    const Received* play = last(MCI_PLAY);
    REQUIRE(play);
    CHECK(play->flags == (MCI_FROM | MCI_TO | MCI_NOTIFY));
    CHECK(play->as<MCI_PLAY_PARMS>().dwFrom == 10);
    CHECK(play->as<MCI_PLAY_PARMS>().dwTo == 250 + 256);
    CHECK(play->as<MCI_PLAY_PARMS>().dwCallback == reinterpret_cast<DWORD_PTR>(hwnd));

    REQUIRE(send(L"PLAY t  To  :::1   Wait").err == 0);
    play = last(MCI_PLAY);
    CHECK(play->flags == (MCI_TO | MCI_WAIT));
    CHECK(play->as<MCI_PLAY_PARMS>().dwTo == 0x01000000u);

    REQUIRE(send(L"play t from -1").err == 0);
    CHECK(last(MCI_PLAY)->as<MCI_PLAY_PARMS>().dwFrom == 0xFFFFFFFFu);

    REQUIRE(send(L"record t insert from 5").err == 0);
    CHECK(last(MCI_RECORD)->flags == (MCI_RECORD_INSERT | MCI_FROM));
    CHECK(last(MCI_RECORD)->as<MCI_RECORD_PARMS>().dwFrom == 5);

    REQUIRE(send(L"seek t to start").err == 0);
    CHECK(last(MCI_SEEK)->flags == MCI_SEEK_TO_START);
    REQUIRE(send(L"seek t to end").err == 0);
    CHECK(last(MCI_SEEK)->flags == MCI_SEEK_TO_END);
    REQUIRE(send(L"seek t to 42").err == 0);
    CHECK(last(MCI_SEEK)->flags == MCI_TO);
    CHECK(last(MCI_SEEK)->as<MCI_SEEK_PARMS>().dwTo == 42);

    REQUIRE(send(L"stop t").err == 0);
    CHECK(last(MCI_STOP)->flags == 0);
    REQUIRE(send(L"pause t wait").err == 0);
    CHECK(last(MCI_PAUSE)->flags == MCI_WAIT);
    REQUIRE(send(L"resume t").err == 0);
    CHECK(count(MCI_RESUME) == 1);
    REQUIRE(send(L"load t \"c:\\dir with space\\x.bin\"").err == 0);
    CHECK(last(MCI_LOAD)->flags == MCI_LOAD_FILE);
    CHECK(last(MCI_LOAD)->strings[0] == L"c:\\dir with space\\x.bin");
    REQUIRE(send(L"save t out.bin").err == 0);
    CHECK(last(MCI_SAVE)->strings[0] == L"out.bin");
}

TEST_CASE("status and set: constants, items, tracks", "[commands]") {
    Driver d;
    open_t(d);
    state().answer = [](UINT message, DWORD_PTR, void* parms) -> DWORD {
        if (message == MCI_STATUS) static_cast<MCI_STATUS_PARMS*>(parms)->dwReturn = 123456;
        return 0;
    };
    Reply r = send(L"status t length");
    REQUIRE(r.err == 0);
    CHECK(r.text == L"123456");
    CHECK(last(MCI_STATUS)->flags == MCI_STATUS_ITEM);
    CHECK(last(MCI_STATUS)->as<MCI_STATUS_PARMS>().dwItem == MCI_STATUS_LENGTH);

    REQUIRE(send(L"status t length track 3").err == 0);
    CHECK(last(MCI_STATUS)->flags == (MCI_STATUS_ITEM | MCI_TRACK));
    CHECK(last(MCI_STATUS)->as<MCI_STATUS_PARMS>().dwTrack == 3);

    REQUIRE(send(L"status t start position").err == 0);
    CHECK(last(MCI_STATUS)->flags == (MCI_STATUS_ITEM | MCI_STATUS_START));
    CHECK(last(MCI_STATUS)->as<MCI_STATUS_PARMS>().dwItem == MCI_STATUS_POSITION);

    REQUIRE(send(L"status t number  of   tracks").err == 0);
    CHECK(last(MCI_STATUS)->as<MCI_STATUS_PARMS>().dwItem == MCI_STATUS_NUMBER_OF_TRACKS);

    REQUIRE(send(L"status t 4").err == 0);  // an item by its number
    CHECK(last(MCI_STATUS)->as<MCI_STATUS_PARMS>().dwItem == 4);

    REQUIRE(send(L"set t time format smpte 30 drop").err == 0);
    CHECK(last(MCI_SET)->flags == MCI_SET_TIME_FORMAT);
    CHECK(last(MCI_SET)->as<MCI_SET_PARMS>().dwTimeFormat == MCI_FORMAT_SMPTE_30DROP);
    REQUIRE(send(L"set t time format smpte 30").err == 0);
    CHECK(last(MCI_SET)->as<MCI_SET_PARMS>().dwTimeFormat == MCI_FORMAT_SMPTE_30);
    REQUIRE(send(L"set t time format ms").err == 0);
    CHECK(last(MCI_SET)->as<MCI_SET_PARMS>().dwTimeFormat == MCI_FORMAT_MILLISECONDS);
    REQUIRE(send(L"set t time format 8").err == 0);
    CHECK(last(MCI_SET)->as<MCI_SET_PARMS>().dwTimeFormat == MCI_FORMAT_BYTES);
    REQUIRE(send(L"set t audio right off").err == 0);
    CHECK(last(MCI_SET)->flags == (MCI_SET_AUDIO | MCI_SET_OFF));
    CHECK(last(MCI_SET)->as<MCI_SET_PARMS>().dwAudio == MCI_SET_AUDIO_RIGHT);
    REQUIRE(send(L"set t door open").err == 0);
    CHECK(last(MCI_SET)->flags == MCI_SET_DOOR_OPEN);
}

TEST_CASE("device-type tables: a waveaudio device gets the waveaudio keywords", "[tables]") {
    Driver d;
    open_t(d, MCI_DEVTYPE_WAVEFORM_AUDIO);
    REQUIRE(send(L"set t bitspersample 16 channels 2 samplespersec 22050 format tag pcm").err == 0);
    const Received* set = last(MCI_SET);
    REQUIRE(set);
    CHECK(set->flags == (MCI_WAVE_SET_BITSPERSAMPLE | MCI_WAVE_SET_CHANNELS | MCI_WAVE_SET_SAMPLESPERSEC |
                         MCI_WAVE_SET_FORMATTAG));
    const auto& w = set->as<MCI_WAVE_SET_PARMS>();
    CHECK(w.wBitsPerSample == 16);
    CHECK(w.nChannels == 2);
    CHECK(w.nSamplesPerSec == 22050);
    CHECK(w.wFormatTag == WAVE_FORMAT_PCM);
    REQUIRE(send(L"status t bitspersample").err == 0);
    CHECK(last(MCI_STATUS)->as<MCI_STATUS_PARMS>().dwItem == MCI_WAVE_STATUS_BITSPERSAMPLE);
    REQUIRE(send(L"cue t output").err == 0);
    CHECK(last(MCI_CUE)->flags == MCI_WAVE_OUTPUT);
    REQUIRE(send(L"capability t outputs").err == 0);
    CHECK(last(MCI_GETDEVCAPS)->as<MCI_GETDEVCAPS_PARMS>().dwItem == MCI_WAVE_GETDEVCAPS_OUTPUTS);

    // The same words on a device of another type are not keywords.
    REQUIRE(send(L"close t").err == 0);
    open_t(d, MCI_DEVTYPE_OTHER);
    CHECK(send(L"set t bitspersample 16").err == MCIERR_UNRECOGNIZED_KEYWORD);
    CHECK(send(L"cue t output").err == MCIERR_UNRECOGNIZED_COMMAND);
    CHECK(count(MCI_SET) == 0);
}

TEST_CASE("device-type tables fill the headers' structures: digitalvideo, vcr, videodisc, overlay, animation",
          "[tables]") {
    Driver d;
    open_t(d, MCI_DEVTYPE_DIGITAL_VIDEO);
    state().answer = [](UINT message, DWORD_PTR, void* parms) -> DWORD {
        if (message == MCI_WHERE) SetRect(&static_cast<MCI_DGV_RECT_PARMS*>(parms)->rc, 10, 20, 300, 200);
        return 0;
    };
    REQUIRE(send(L"window t handle default state hide text \"a caption\"").err == 0);
    const Received* w = last(MCI_WINDOW);
    REQUIRE(w);
    CHECK(w->flags == (MCI_DGV_WINDOW_HWND | MCI_DGV_WINDOW_STATE | MCI_DGV_WINDOW_TEXT));
    CHECK(w->as<MCI_DGV_WINDOW_PARMSW>().hWnd == nullptr);
    CHECK(w->as<MCI_DGV_WINDOW_PARMSW>().nCmdShow == SW_HIDE);
    REQUIRE(send(L"window t handle 4660").err == 0);
    CHECK(last(MCI_WINDOW)->as<MCI_DGV_WINDOW_PARMSW>().hWnd == reinterpret_cast<HWND>(4660));
    Reply where = send(L"where t destination");
    REQUIRE(where.err == 0);
    CHECK(where.text == L"10 20 300 200");
    CHECK(last(MCI_WHERE)->flags == MCI_DGV_WHERE_DESTINATION);
    REQUIRE(send(L"put t destination at 1 2 3 4").err == 0);
    CHECK(last(MCI_PUT)->flags == (MCI_DGV_PUT_DESTINATION | MCI_DGV_RECT));
    CHECK(last(MCI_PUT)->as<MCI_DGV_RECT_PARMS>().rc.bottom == 4);
    REQUIRE(send(L"setaudio t volume to 500 over 10").err == 0);
    const auto& sa = last(MCI_SETAUDIO)->as<MCI_DGV_SETAUDIO_PARMSW>();
    CHECK(sa.dwItem == MCI_DGV_SETAUDIO_VOLUME);
    CHECK(sa.dwValue == 500);
    CHECK(sa.dwOver == 10);
    REQUIRE(send(L"status t window handle").err == 0);
    CHECK(last(MCI_STATUS)->as<MCI_DGV_STATUS_PARMSW>().dwItem == MCI_DGV_STATUS_HWND);
    REQUIRE(send(L"monitor t input method post").err == 0);
    CHECK(last(MCI_MONITOR)->flags == (MCI_DGV_MONITOR_SOURCE | MCI_DGV_MONITOR_METHOD));
    CHECK(last(MCI_MONITOR)->as<MCI_DGV_MONITOR_PARMS>().dwSource == MCI_DGV_MONITOR_INPUT);
    CHECK(last(MCI_MONITOR)->as<MCI_DGV_MONITOR_PARMS>().dwMethod == MCI_DGV_METHOD_POST);
    REQUIRE(send(L"reserve t in c:\\tmp size 30").err == 0);
    CHECK(last(MCI_RESERVE)->as<MCI_DGV_RESERVE_PARMSW>().dwSize == 30);
    REQUIRE(send(L"list t video algorithm count").err == 0);
    CHECK(last(MCI_LIST)->flags == (MCI_DGV_LIST_ITEM | MCI_DGV_LIST_COUNT));
    CHECK(last(MCI_LIST)->as<MCI_DGV_LIST_PARMSW>().dwItem == MCI_DGV_LIST_VIDEO_ALG);
    REQUIRE(send(L"play t repeat fullscreen test").err == 0);
    CHECK(last(MCI_PLAY)->flags == (MCI_DGV_PLAY_REPEAT | MCI_MCIAVI_PLAY_FULLSCREEN | MCI_TEST));
    REQUIRE(send(L"close t").err == 0);

    open_t(d, MCI_DEVTYPE_VCR);
    REQUIRE(send(L"settuner t channel 5 number 2").err == 0);
    CHECK(last(MCI_SETTUNER)->as<VcrSettunerParms>().dwChannel == 5);
    CHECK(last(MCI_SETTUNER)->as<VcrSettunerParms>().dwNumber == 2);
    REQUIRE(send(L"set t record format lp tracking reset").err == 0);
    CHECK(last(MCI_SET)->as<VcrSetParms>().dwRecordFormat == MCI_VCR_FORMAT_LP);
    CHECK(last(MCI_SET)->as<VcrSetParms>().dwTracking == MCI_VCR_RESET);
    REQUIRE(send(L"status t number of video tracks").err == 0);
    CHECK(last(MCI_STATUS)->as<VcrStatusParms>().dwItem == MCI_VCR_STATUS_NUMBER_OF_VIDEO_TRACKS);
    REQUIRE(send(L"status t video source number").err == 0);
    CHECK(last(MCI_STATUS)->as<VcrStatusParms>().dwItem == MCI_VCR_STATUS_VIDEO_SOURCE_NUMBER);
    REQUIRE(send(L"status t channel tuner 2").err == 0);
    CHECK(last(MCI_STATUS)->as<VcrStatusParms>().dwItem == MCI_VCR_STATUS_TUNER_CHANNEL);
    CHECK(last(MCI_STATUS)->flags == (MCI_STATUS_ITEM | MCI_VCR_STATUS_NUMBER));
    CHECK(last(MCI_STATUS)->as<VcrStatusParms>().dwNumber == 2);
    REQUIRE(send(L"close t").err == 0);

    open_t(d, MCI_DEVTYPE_VIDEODISC);
    REQUIRE(send(L"play t fast speed 40 reverse").err == 0);
    CHECK(last(MCI_PLAY)->flags == (MCI_VD_PLAY_FAST | MCI_VD_PLAY_SPEED | MCI_VD_PLAY_REVERSE));
    CHECK(last(MCI_PLAY)->as<MCI_VD_PLAY_PARMS>().dwSpeed == 40);
    REQUIRE(send(L"spin t up").err == 0);
    CHECK(last(MCI_SPIN)->flags == MCI_VD_SPIN_UP);
    REQUIRE(send(L"close t").err == 0);

    open_t(d, MCI_DEVTYPE_OVERLAY);
    REQUIRE(send(L"load t pic.bmp at 0 0 64 48").err == 0);
    CHECK(last(MCI_LOAD)->strings[0] == L"pic.bmp");
    CHECK(last(MCI_LOAD)->as<MCI_OVLY_LOAD_PARMSW>().rc.right == 64);
    REQUIRE(send(L"close t").err == 0);

    open_t(d, MCI_DEVTYPE_ANIMATION);
    REQUIRE(send(L"step t by 3 reverse").err == 0);
    CHECK(last(MCI_STEP)->as<MCI_ANIM_STEP_PARMS>().dwFrames == 3);
    CHECK(last(MCI_STEP)->flags == (MCI_ANIM_STEP_FRAMES | MCI_ANIM_STEP_REVERSE));
}

TEST_CASE("return values: integers, resource words, strings, buffer sizes", "[return]") {
    Driver d;
    open_t(d);
    state().answer = [](UINT message, DWORD_PTR, void* parms) -> DWORD {
        if (message == MCI_STATUS) {
            auto* p = static_cast<MCI_STATUS_PARMS*>(parms);
            switch (p->dwItem) {
            case MCI_STATUS_MODE: p->dwReturn = MAKEMCIRESOURCE(MCI_MODE_PLAY, MCI_MODE_PLAY); return MCI_RESOURCE_RETURNED;
            case MCI_STATUS_TIME_FORMAT:
                p->dwReturn = MAKEMCIRESOURCE(MCI_FORMAT_MSF, MCI_FORMAT_MSF_S);
                return MCI_RESOURCE_RETURNED;
            case MCI_STATUS_READY: p->dwReturn = MAKEMCIRESOURCE(TRUE, MCI_TRUE); return MCI_RESOURCE_RETURNED;
            default: p->dwReturn = 4000000000u; return 0;
            }
        }
        if (message == MCI_GETDEVCAPS) {
            auto* p = static_cast<MCI_GETDEVCAPS_PARMS*>(parms);
            if (p->dwItem == MCI_GETDEVCAPS_DEVICE_TYPE) {
                p->dwReturn = MAKEMCIRESOURCE(MCI_DEVTYPE_OTHER, MCI_DEVTYPE_OTHER);
                return MCI_RESOURCE_RETURNED;
            }
            p->dwReturn = MAKEMCIRESOURCE(FALSE, MCI_FALSE);
            return MCI_RESOURCE_RETURNED;
        }
        if (message == MCI_INFO) {
            auto* p = static_cast<MCI_INFO_PARMSW*>(parms);
            const wchar_t text[] = L"Test Driver 1.0";
            if (!p->lpstrReturn || p->dwRetSize < sizeof(text) / sizeof(wchar_t)) return MCIERR_PARAM_OVERFLOW;
            lstrcpyW(p->lpstrReturn, text);
            return 0;
        }
        return 0;
    };
    CHECK(send(L"status t mode").text == L"playing");
    CHECK(send(L"status t time format").text == L"msf");
    CHECK(send(L"status t ready").text == L"true");
    CHECK(send(L"status t position").text == L"4000000000");
    CHECK(send(L"capability t can play").text == L"false");
    CHECK(send(L"capability t device type").text == L"other");
    Reply info = send(L"info t product");
    CHECK(info.err == 0);
    CHECK(info.text == L"Test Driver 1.0");
    CHECK(last(MCI_INFO)->flags == MCI_INFO_PRODUCT);

    // Too small a buffer: the driver's error for strings; for integers, MCIERR_PARAM_OVERFLOW and nothing written.
    CHECK(send(L"info t product", 4).err == MCIERR_PARAM_OVERFLOW);
    Reply small = send(L"status t position", 10);
    CHECK(small.err == MCIERR_PARAM_OVERFLOW);
    CHECK(small.text.empty());
    CHECK(send(L"status t position", 11).text == L"4000000000");
    // No buffer at all: the command runs, the answer is dropped.
    CHECK(mciSendStringW(L"status t position", nullptr, 0, nullptr) == 0);
    CHECK(mciSendStringW(L"status t position", nullptr, 100, nullptr) == 0);
}

TEST_CASE("the ANSI form and mciExecute", "[ansi]") {
    Driver d;
    open_t(d);
    state().answer = [](UINT message, DWORD_PTR, void* parms) -> DWORD {
        if (message == MCI_STATUS) static_cast<MCI_STATUS_PARMS*>(parms)->dwReturn = 77;
        return 0;
    };
    char buf[32] = "xx";
    CHECK(mciSendStringA("status t length", buf, sizeof(buf), nullptr) == 0);
    CHECK(std::string(buf) == "77");
    CHECK(mciSendStringA("status t length", buf, 2, nullptr) == MCIERR_PARAM_OVERFLOW);
    CHECK(buf[0] == 0);
    CHECK(mciSendStringA(nullptr, buf, sizeof(buf), nullptr) == MCIERR_MISSING_COMMAND_STRING);
    CHECK(mciExecute("seek t to 9") == TRUE);
    CHECK(last(MCI_SEEK)->as<MCI_SEEK_PARMS>().dwTo == 9);
}

// Closes the message boxes mciExecute shows (when this Wine can show windows at all) so the test never waits.
DWORD WINAPI close_error_boxes(void* stop) {
    while (!*static_cast<volatile LONG*>(stop)) {
        HWND box = FindWindowW(L"#32770", L"mciExecute");
        if (box) PostMessageW(box, WM_COMMAND, IDOK, 0);
        Sleep(20);
    }
    return 0;
}

TEST_CASE("mciExecute: an error gives FALSE (after its message box) and reaches no driver", "[ansi]") {
    Driver d;
    open_t(d);
    volatile LONG stop = 0;
    HANDLE closer = CreateThread(nullptr, 0, close_error_boxes, const_cast<LONG*>(&stop), 0, nullptr);
    CHECK(mciExecute("frobnicate t") == FALSE);
    CHECK(mciExecute("seek t to 0xfa") == FALSE);
    CHECK(mciExecute(nullptr) == FALSE);
    stop = 1;
    WaitForSingleObject(closer, INFINITE);
    CloseHandle(closer);
    CHECK(commands_received() == 0);
}

TEST_CASE("auto-open: a command to a file that is not open opens it first", "[autoopen]") {
    Driver d;
    REQUIRE(send(L"play tune.mcitst").err == 0);
    const Received* open = last(MCI_OPEN_DRIVER);
    REQUIRE(open);
    CHECK(open->strings[1] == L"tune.mcitst");
    REQUIRE(last(MCI_PLAY));
    CHECK(last(MCI_PLAY)->device == open->device);
    mciSendStringW(L"close all", nullptr, 0, nullptr);
    state().received.clear();

    // notify cannot be asked of an auto-opened device: nothing is opened.
    CHECK(send(L"play tune.mcitst notify", 128, GetDesktopWindow()).err == MCIERR_NOTIFY_ON_AUTO_OPEN);
    CHECK(count(MCI_OPEN_DRIVER) == 0);
    // close and break never open anything.
    CHECK(send(L"close tune.mcitst").err == MCIERR_INVALID_DEVICE_NAME);
    CHECK(count(MCI_OPEN_DRIVER) == 0);
}

TEST_CASE("the all device and sysinfo", "[all]") {
    Driver d;
    open_t(d);
    REQUIRE(send(L"open mcitest alias u").err == 0);
    Reply q = send(L"sysinfo all quantity open");
    REQUIRE(q.err == 0);
    CHECK(q.text == L"2");
    Reply name = send(L"sysinfo t installname");
    REQUIRE(name.err == 0);
    CHECK(lstrcmpiW(name.text.c_str(), L"mcitest") == 0);
    CHECK(send(L"sysinfo nosuchdevice installname").err == MCIERR_INVALID_DEVICE_NAME);
    CHECK(send(L"sysinfo nosuchtype quantity").err == MCIERR_DEVICE_TYPE_REQUIRED);
    CHECK(send(L"sysinfo waveaudio quantity open").text == L"0");
    CHECK(send(L"cue all").err == MCIERR_UNRECOGNIZED_COMMAND);
    CHECK(send(L"open all").err == MCIERR_CANNOT_USE_ALL);
    REQUIRE(send(L"close all").err == 0);
    CHECK(mciGetDeviceIDW(L"t") == 0);
    CHECK(mciGetDeviceIDW(L"u") == 0);
}

TEST_CASE("bad input gets Windows' error and reaches no driver", "[errors]") {
    Driver d;
    open_t(d);
    struct Case {
        const wchar_t* command;
        MCIERROR expected;
    };
    const Case cases[] = {
        {L"", MCIERR_MISSING_COMMAND_STRING},
        {L"   ", MCIERR_MISSING_COMMAND_STRING},
        {L"open", MCIERR_MISSING_DEVICE_NAME},
        {L"play", MCIERR_MISSING_DEVICE_NAME},
        {L"frobnicate t", MCIERR_UNRECOGNIZED_COMMAND},
        {L"open notify", MCIERR_INVALID_DEVICE_NAME},
        {L"open new", MCIERR_NEW_REQUIRES_ALIAS},
        {L"open new type mcitest", MCIERR_NEW_REQUIRES_ALIAS},
        {L"open ! alias x", MCIERR_INVALID_DEVICE_NAME},
        {L"open mcitest alias", MCIERR_MISSING_STRING_ARGUMENT},
        {L"close nosuchdevice", MCIERR_INVALID_DEVICE_NAME},
        {L"status t nsa", MCIERR_BAD_CONSTANT},
        {L"status t 0x4", MCIERR_BAD_CONSTANT},
        {L"status t track", MCIERR_BAD_INTEGER},
        {L"status t length length", MCIERR_FLAGS_NOT_COMPATIBLE},
        {L"status t length position", MCIERR_FLAGS_NOT_COMPATIBLE},
        {L"status t position wait wait", MCIERR_DUPLICATE_FLAGS},
        {L"set t time format ms time format ms", MCIERR_FLAGS_NOT_COMPATIBLE},
        {L"set t milliseconds", MCIERR_UNRECOGNIZED_KEYWORD},
        {L"set t time format", MCIERR_BAD_CONSTANT},
        {L"set t time format parsecs", MCIERR_BAD_CONSTANT},
        {L"seek t to 0xfa", MCIERR_BAD_INTEGER},
        {L"seek t to 256:0", MCIERR_BAD_INTEGER},
        {L"seek t to 0:256", MCIERR_BAD_INTEGER},
        {L"seek t to 0:0:0:0:0", MCIERR_BAD_INTEGER},
        {L"seek t to -1:0", MCIERR_BAD_INTEGER},
        {L"seek t to ::", MCIERR_BAD_INTEGER},
        {L"seek t to 4294967296", MCIERR_BAD_INTEGER},
        {L"play t from", MCIERR_BAD_INTEGER},
        {L"play t from \"5\"", MCIERR_BAD_INTEGER},
        {L"play t fast", MCIERR_UNRECOGNIZED_KEYWORD},
        {L"load t \"unterminated", MCIERR_NO_CLOSING_QUOTE},
        {L"load t \"a\"b", MCIERR_EXTRA_CHARACTERS},
    };
    for (const Case& c : cases) {
        INFO("command: \"" << narrow(c.command) << "\"");
        state().received.clear();
        Reply r = send(c.command);
        CHECK(r.err == c.expected);
        CHECK(r.text.empty());
        CHECK(commands_received() == 0);
    }
}

TEST_CASE("a NULL command string is answered like an empty one", "[errors][decision]") {
    wchar_t buf[8] = L"x";
    CHECK(mciSendStringW(nullptr, buf, 8, nullptr) == MCIERR_MISSING_COMMAND_STRING);
    CHECK(buf[0] == 0);
    CHECK(mciSendStringW(nullptr, nullptr, 0, nullptr) == MCIERR_MISSING_COMMAND_STRING);
    CHECK(mciSendStringA(nullptr, nullptr, 0, nullptr) == MCIERR_MISSING_COMMAND_STRING);
}

TEST_CASE("a device name of MAX_PATH characters or more names no device", "[errors][decision]") {
    Driver d;
    open_t(d);
    const std::wstring long_name(MAX_PATH, L'n');
    CHECK(send(L"play " + long_name + L".mcitst").err == MCIERR_INVALID_DEVICE_NAME);
    CHECK(send(L"open " + long_name + L".mcitst alias z").err == MCIERR_INVALID_DEVICE_NAME);
    CHECK(count(MCI_OPEN_DRIVER) == 0);
    // One shorter is a name like any other (opened through the extension).
    const std::wstring ok_name(MAX_PATH - 1 - 7, L'n');
    CHECK(send(L"open " + ok_name + L".mcitst alias z").err == 0);
    CHECK(count(MCI_OPEN_DRIVER) == 1);
}

TEST_CASE("open takes both spellings of shareable", "[open][decision]") {
    Driver d;
    REQUIRE(send(L"open mcitest alias s1 shareable").err == 0);
    CHECK(last(MCI_OPEN_DRIVER)->flags & MCI_OPEN_SHAREABLE);
    REQUIRE(send(L"open mcitest alias s2 sharable").err == 0);
    CHECK(last(MCI_OPEN_DRIVER)->flags & MCI_OPEN_SHAREABLE);
    CHECK(send(L"open mcitest alias s3 sharable shareable").err == MCIERR_DUPLICATE_FLAGS);
}

TEST_CASE("very long strings give an error, never an overflow", "[errors]") {
    Driver d;
    open_t(d);
    const std::wstring big(65536, L'a');
    CHECK(send(L"play " + big).err == MCIERR_INVALID_DEVICE_NAME);
    CHECK(send(L"open " + big).err == MCIERR_INVALID_DEVICE_NAME);
    CHECK(send(L"\"" + big).err == MCIERR_NO_CLOSING_QUOTE);
    CHECK(send(big).err == MCIERR_MISSING_DEVICE_NAME);
    std::wstring repeated = L"status t";
    while (repeated.size() < 65536) repeated += L" length";
    CHECK(send(repeated).err == MCIERR_FLAGS_NOT_COMPATIBLE);
    std::wstring spaces = L"seek t" + std::wstring(65536, L' ') + L"to 3";
    state().received.clear();
    CHECK(send(spaces).err == 0);
    CHECK(last(MCI_SEEK)->as<MCI_SEEK_PARMS>().dwTo == 3);
    const std::string big_a(65536, 'b');
    CHECK(mciSendStringA(("status t " + big_a).c_str(), nullptr, 0, nullptr) == MCIERR_BAD_CONSTANT);
    // A long string argument reaches the driver whole.
    CHECK(send(L"load t " + big).err == 0);
    CHECK(last(MCI_LOAD)->strings[0] == big);
}

TEST_CASE("mciLoadCommandResource and mciFreeCommandResource", "[tables]") {
    Driver d;
    UINT id = mciLoadCommandResource(d.module(), L"MCITEST", 0);
    REQUIRE(id != MCI_NO_COMMAND_TABLE);
    UINT id2 = mciLoadCommandResource(d.module(), L"MCITEST", 0);
    CHECK(id2 != MCI_NO_COMMAND_TABLE);
    CHECK(id2 != id);
    CHECK(mciFreeCommandResource(id) == TRUE);
    CHECK(mciFreeCommandResource(id) == FALSE);
    CHECK(mciFreeCommandResource(id2) == TRUE);
    CHECK(mciFreeCommandResource(0xFFFF) == FALSE);
    CHECK(mciFreeCommandResource(MCI_NO_COMMAND_TABLE) == FALSE);
    CHECK(mciLoadCommandResource(d.module(), L"NO_SUCH_TABLE", 0) == MCI_NO_COMMAND_TABLE);
    CHECK(mciLoadCommandResource(d.module(), nullptr, 0) == MCI_NO_COMMAND_TABLE);
    // Resources that are not well-formed tables are refused, whatever their bytes.
    CHECK(mciLoadCommandResource(d.module(), L"BROKEN_TRUNCATED", 0) == MCI_NO_COMMAND_TABLE);
    CHECK(mciLoadCommandResource(d.module(), L"BROKEN_NO_END", 0) == MCI_NO_COMMAND_TABLE);
    CHECK(mciLoadCommandResource(d.module(), L"BROKEN_ORDER", 0) == MCI_NO_COMMAND_TABLE);
}

TEST_CASE("random command strings never crash and always get a code", "[errors]") {
    Driver d;
    open_t(d, MCI_DEVTYPE_DIGITAL_VIDEO);
    const wchar_t* words[] = {L"status", L"set", L"play", L"open", L"close", L"t", L"all", L"from", L"to", L"at",
                              L"\"", L"\"x y\"", L"1", L"-1", L"255:255", L"::", L"time", L"format", L"ms",
                              L"window", L"handle", L"default", L"state", L"show", L"text", L"where", L"put",
                              L"notify", L"wait", L"test", L"new", L"alias", L"type", L"mcitest", L"x.mcitst",
                              L"setaudio", L"volume", L"over", L"list", L"count", L"sysinfo", L"quantity", L"",
                              L"\t", L"!", L"a!b", L"capability", L"can", L"play", L"info", L"product"};
    const size_t n = sizeof(words) / sizeof(words[0]);
    unsigned seed = 2024;
    auto next = [&] { seed = seed * 1664525u + 1013904223u; return seed >> 8; };
    for (int round = 0; round < 3000; ++round) {
        std::wstring command;
        const unsigned count = next() % 9;
        for (unsigned k = 0; k < count; ++k) {
            command += words[next() % n];
            command += (next() % 7) ? L" " : L"";
        }
        if (next() % 13 == 0) command.push_back(static_cast<wchar_t>(1 + next() % 0xFFFE));
        state().answer = nullptr;
        Reply r = send(command, next() % 3 ? 64 : 0);
        INFO("command: \"" << narrow(command) << "\" -> " << r.err);
        CHECK((r.err == 0 || (r.err >= MCIERR_BASE && r.err < MCIERR_BASE + 0x400)));
        if (mciGetDeviceIDW(L"t") == 0) open_t(d, MCI_DEVTYPE_DIGITAL_VIDEO);  // a random "close" closed it
    }
}

TEST_CASE("a real driver's table decodes: Wine's mciavi32 \"MCIAVI\"", "[tables]") {
    HMODULE avi = LoadLibraryW(L"mciavi32.dll");  // Wine's digital-video driver, in every prefix
    REQUIRE(avi);
    UINT id = mciLoadCommandResource(avi, L"MCIAVI", 0);
    CHECK(id != MCI_NO_COMMAND_TABLE);
    if (id != MCI_NO_COMMAND_TABLE) CHECK(mciFreeCommandResource(id) == TRUE);
    FreeLibrary(avi);
}
