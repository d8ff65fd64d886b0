// MIXER_OBJECTF_* resolution (see object.h).
#include "object.h"

#include "handles.h"

namespace winmm::mixer {

namespace {

// Ids are UINTs; on x64 a "device id" with a non-zero high half is no device id.
bool as_id(HMIXEROBJ object, UINT* id) {
    auto v = reinterpret_cast<UINT_PTR>(object);
    if ((static_cast<unsigned long long>(v) >> 32) != 0) return false;
    *id = static_cast<UINT>(v);
    return true;
}

MMRESULT by_mixer_id(UINT id, Device* out) {
    if (id >= device_count() || !device_at(id, out)) return MMSYSERR_BADDEVICEID;
    return MMSYSERR_NOERROR;
}

}  // namespace

bool object_flags_valid(DWORD flags) {
    switch (flags & kObjectMask) {
    case MIXER_OBJECTF_MIXER:
    case MIXER_OBJECTF_HMIXER:
    case MIXER_OBJECTF_WAVEOUT:
    case MIXER_OBJECTF_HWAVEOUT:
    case MIXER_OBJECTF_WAVEIN:
    case MIXER_OBJECTF_HWAVEIN:
    case MIXER_OBJECTF_MIDIOUT:
    case MIXER_OBJECTF_HMIDIOUT:
    case MIXER_OBJECTF_MIDIIN:
    case MIXER_OBJECTF_HMIDIIN:
    case MIXER_OBJECTF_AUX:
        return true;
    default:
        return false;
    }
}

MMRESULT resolve(HMIXEROBJ object, DWORD flags, Device* out) {
    UINT id = 0;
    switch (flags & kObjectMask) {
    case MIXER_OBJECTF_MIXER:
    case MIXER_OBJECTF_HMIXER: {
        // Either flag takes an id or a handle ("this flag is optional" for both); the error names what was meant.
        handles::Open o;
        if (handles::lookup(reinterpret_cast<UINT_PTR>(object), &o)) {
            if (!device_at(o.mixer_id, out) || out->endpoint != o.endpoint) return MMSYSERR_NODRIVER;
            return MMSYSERR_NOERROR;
        }
        bool handle_meant = (flags & kObjectMask) == MIXER_OBJECTF_HMIXER;
        if (!as_id(object, &id) || id >= device_count()) return handle_meant ? MMSYSERR_INVALHANDLE : MMSYSERR_BADDEVICEID;
        return by_mixer_id(id, out);
    }
    case MIXER_OBJECTF_WAVEOUT:
        if (!as_id(object, &id) || !mixer_of_waveout(id, &id)) return MMSYSERR_BADDEVICEID;
        return by_mixer_id(id, out);
    case MIXER_OBJECTF_WAVEIN:
        if (!as_id(object, &id) || !mixer_of_wavein(id, &id)) return MMSYSERR_BADDEVICEID;
        return by_mixer_id(id, out);
    case MIXER_OBJECTF_HWAVEOUT:
        if (!object || waveOutGetID(reinterpret_cast<HWAVEOUT>(object), &id) != MMSYSERR_NOERROR) return MMSYSERR_INVALHANDLE;
        if (!mixer_of_waveout(id, &id)) return MMSYSERR_NODRIVER;
        return by_mixer_id(id, out) == MMSYSERR_NOERROR ? MMSYSERR_NOERROR : MMSYSERR_NODRIVER;
    case MIXER_OBJECTF_HWAVEIN:
        if (!object || waveInGetID(reinterpret_cast<HWAVEIN>(object), &id) != MMSYSERR_NOERROR) return MMSYSERR_INVALHANDLE;
        if (!mixer_of_wavein(id, &id)) return MMSYSERR_NODRIVER;
        return by_mixer_id(id, out) == MMSYSERR_NOERROR ? MMSYSERR_NOERROR : MMSYSERR_NODRIVER;
    // MIDI and aux devices have no mixer line under Core Audio: a valid object gets NODRIVER.
    case MIXER_OBJECTF_MIDIOUT:
        return as_id(object, &id) && id < midiOutGetNumDevs() ? MMSYSERR_NODRIVER : MMSYSERR_BADDEVICEID;
    case MIXER_OBJECTF_MIDIIN:
        return as_id(object, &id) && id < midiInGetNumDevs() ? MMSYSERR_NODRIVER : MMSYSERR_BADDEVICEID;
    case MIXER_OBJECTF_AUX:
        return as_id(object, &id) && id < auxGetNumDevs() ? MMSYSERR_NODRIVER : MMSYSERR_BADDEVICEID;
    case MIXER_OBJECTF_HMIDIOUT:
        return object && midiOutGetID(reinterpret_cast<HMIDIOUT>(object), &id) == MMSYSERR_NOERROR ? MMSYSERR_NODRIVER
                                                                                                    : MMSYSERR_INVALHANDLE;
    case MIXER_OBJECTF_HMIDIIN:
        return object && midiInGetID(reinterpret_cast<HMIDIIN>(object), &id) == MMSYSERR_NOERROR ? MMSYSERR_NODRIVER
                                                                                                  : MMSYSERR_INVALHANDLE;
    default:
        return MMSYSERR_INVALFLAG;
    }
}

}  // namespace winmm::mixer
