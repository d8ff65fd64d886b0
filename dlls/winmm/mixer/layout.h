// The standard mixer layout Windows (Vista and later) gives every audio endpoint, as tables: which lines a mixer
// has, their ids and component types, which controls each line carries and how control ids are made. No Windows
// or COM calls here; the exports (api_*.cpp) fill the MIXERLINE/MIXERCONTROL structures from these tables.
#pragma once

#include <cstdint>

namespace winmm::mixer::layout {

enum class Flow { render, capture };

// Values of mmsystem.h, repeated so this file stands alone.
constexpr uint32_t kDstSpeakers = 0x00000004;    // MIXERLINE_COMPONENTTYPE_DST_SPEAKERS
constexpr uint32_t kDstWaveIn = 0x00000007;      // MIXERLINE_COMPONENTTYPE_DST_WAVEIN
constexpr uint32_t kSrcDigital = 0x00001001;     // MIXERLINE_COMPONENTTYPE_SRC_DIGITAL
constexpr uint32_t kSrcLine = 0x00001002;        // MIXERLINE_COMPONENTTYPE_SRC_LINE
constexpr uint32_t kSrcMicrophone = 0x00001003;  // MIXERLINE_COMPONENTTYPE_SRC_MICROPHONE
constexpr uint32_t kSrcCompactDisc = 0x00001005; // MIXERLINE_COMPONENTTYPE_SRC_COMPACTDISC
constexpr uint32_t kSrcWaveOut = 0x00001008;     // MIXERLINE_COMPONENTTYPE_SRC_WAVEOUT
constexpr uint32_t kSrcAnalog = 0x0000100A;      // MIXERLINE_COMPONENTTYPE_SRC_ANALOG
constexpr uint32_t kTargetUndefined = 0;         // MIXERLINE_TARGETTYPE_UNDEFINED
constexpr uint32_t kTargetWaveOut = 1;           // MIXERLINE_TARGETTYPE_WAVEOUT
constexpr uint32_t kTargetWaveIn = 2;            // MIXERLINE_TARGETTYPE_WAVEIN
constexpr uint32_t kLineActive = 0x00000001;     // MIXERLINE_LINEF_ACTIVE
constexpr uint32_t kLineSource = 0x80000000;     // MIXERLINE_LINEF_SOURCE
constexpr uint32_t kControlVolume = 0x50030001;  // MIXERCONTROL_CONTROLTYPE_VOLUME
constexpr uint32_t kControlMute = 0x20010002;    // MIXERCONTROL_CONTROLTYPE_MUTE
constexpr uint32_t kControlUniform = 0x00000001; // MIXERCONTROL_CONTROLF_UNIFORM

// One destination per endpoint, so there is exactly one destination index.
constexpr uint32_t kDestinations = 1;
// Line ids follow the classic driver convention: destination d is 0xFFFF0000 + d, source s of destination d is
// d << 16 | s. (Wine's builtin uses the same values, so applications tuned on it keep working.)
constexpr uint32_t kDestinationLineId = 0xFFFF0000u;

// Every line carries a volume and a mute control; their ids are 2 * line index + kind, the destination being line
// index 0 and source s line index s + 1. On each endpoint all volume controls are one software volume and all mute
// controls one mute (docs/mixer.md), so a control's kind is all that matters once its id is decoded.
enum class Kind : uint32_t { volume = 0, mute = 1 };
constexpr uint32_t kControlsPerLine = 2;

// Volume controls span 0..65535 as MIXERCONTROL_CONTROLTYPE_VOLUME prescribes.
constexpr uint32_t kVolumeMax = 0xFFFF;
// [decision] steps of the volume fader: Windows documents no value; Wine's builtin shows 192.
constexpr uint32_t kVolumeSteps = 192;

struct Line {
    uint32_t line_id;
    uint32_t source;      // source index, or kNoSource for the destination
    uint32_t flags;       // MIXERLINE_LINEF_*
    uint32_t component;   // MIXERLINE_COMPONENTTYPE_*
    uint32_t target;      // MIXERLINE_TARGETTYPE_*: the wave device the line stands for, if any
    uint32_t connections; // sources of a destination; 0 for a source
    const wchar_t* short_name;
    const wchar_t* name;
};
constexpr uint32_t kNoSource = 0xFFFFFFFFu;

// The capture endpoint's form factor (PKEY_AudioEndpoint_FormFactor) picks its source line's component type.
enum class FormFactor : uint32_t {
    remote_network = 0, speakers, line_level, headphones, microphone, headset, handset, unknown_digital, spdif,
    digital_display, unknown
};

// The lines of a mixer: [0] the destination, then its sources.
uint32_t line_count(Flow flow);
Line line_at(Flow flow, uint32_t index, FormFactor capture_form = FormFactor::microphone);
// Line index of a line id; false when the mixer has no such line.
bool line_index_of(Flow flow, uint32_t line_id, uint32_t* index);

inline uint32_t control_id(uint32_t line_index, Kind kind) { return line_index * kControlsPerLine + static_cast<uint32_t>(kind); }
// false when the mixer has no such control.
bool decode_control(Flow flow, uint32_t control_id, uint32_t* line_index, Kind* kind);
inline uint32_t control_type(Kind kind) { return kind == Kind::volume ? kControlVolume : kControlMute; }
const wchar_t* control_short_name(uint32_t line_index, Kind kind);
const wchar_t* control_name(uint32_t line_index, Kind kind);

// 0.0..1.0 scalar <-> 0..65535 control value, rounded to nearest so a value set reads back unchanged.
uint32_t volume_to_value(float scalar);
float value_to_volume(uint32_t value);

}  // namespace winmm::mixer::layout
