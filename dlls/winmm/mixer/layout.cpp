// The standard per-endpoint mixer layout (see layout.h and docs/mixer.md for where each value comes from).
#include "layout.h"

#include <cmath>

namespace winmm::mixer::layout {

namespace {

// [decision] line and control names: Windows documents the layout but not its names; applications find lines by
// component type. These name what the line is.
const wchar_t* capture_source_name(FormFactor f, bool short_form) {
    switch (f) {
    case FormFactor::line_level: return L"Line In";
    case FormFactor::spdif:
    case FormFactor::digital_display:
    case FormFactor::unknown_digital: return short_form ? L"Digital In" : L"Digital Input";
    case FormFactor::microphone:
    case FormFactor::headset:
    case FormFactor::handset: return L"Microphone";
    default: return short_form ? L"Analog In" : L"Analog Input";
    }
}

uint32_t capture_source_component(FormFactor f) {
    switch (f) {
    case FormFactor::line_level: return kSrcLine;
    case FormFactor::spdif:
    case FormFactor::digital_display:
    case FormFactor::unknown_digital: return kSrcDigital;
    case FormFactor::microphone:
    case FormFactor::headset:
    case FormFactor::handset: return kSrcMicrophone;
    default: return kSrcAnalog;
    }
}

}  // namespace

// Render: the destination (speakers) with two sources, waveform-audio output and audio CD; capture: the
// destination (wave input) with one source whose type follows the input device. Microsoft, "Audio Mixers in
// Windows Vista".
uint32_t line_count(Flow flow) { return flow == Flow::render ? 3 : 2; }

Line line_at(Flow flow, uint32_t index, FormFactor capture_form) {
    if (flow == Flow::render) {
        switch (index) {
        case 0: return {kDestinationLineId, kNoSource, kLineActive, kDstSpeakers, kTargetUndefined, 2, L"Speakers", L"Speakers"};
        case 1: return {0, 0, kLineSource | kLineActive, kSrcWaveOut, kTargetWaveOut, 0, L"Wave", L"Wave"};
        default: return {1, 1, kLineSource | kLineActive, kSrcCompactDisc, kTargetUndefined, 0, L"CD Audio", L"CD Audio"};
        }
    }
    if (index == 0) return {kDestinationLineId, kNoSource, kLineActive, kDstWaveIn, kTargetWaveIn, 1, L"Wave In", L"Wave In"};
    return {0, 0, kLineSource | kLineActive, capture_source_component(capture_form), kTargetUndefined, 0,
            capture_source_name(capture_form, true), capture_source_name(capture_form, false)};
}

bool line_index_of(Flow flow, uint32_t line_id, uint32_t* index) {
    if (line_id == kDestinationLineId) {
        *index = 0;
        return true;
    }
    // Sources of destination 0 are 0x0000ssss.
    if (line_id >> 16 != 0) return false;
    uint32_t s = line_id & 0xFFFF;
    if (s + 1 >= line_count(flow)) return false;
    *index = s + 1;
    return true;
}

bool decode_control(Flow flow, uint32_t id, uint32_t* line_index, Kind* kind) {
    uint32_t line = id / kControlsPerLine;
    if (line >= line_count(flow)) return false;
    *line_index = line;
    *kind = static_cast<Kind>(id % kControlsPerLine);
    return true;
}

const wchar_t* control_short_name(uint32_t line_index, Kind kind) {
    if (line_index == 0) return kind == Kind::volume ? L"Master Volume" : L"Master Mute";
    return kind == Kind::volume ? L"Volume" : L"Mute";
}

const wchar_t* control_name(uint32_t line_index, Kind kind) { return control_short_name(line_index, kind); }

uint32_t volume_to_value(float scalar) {
    if (!(scalar > 0.0f)) return 0;  // also NaN
    if (scalar >= 1.0f) return kVolumeMax;
    return static_cast<uint32_t>(std::lround(static_cast<double>(scalar) * kVolumeMax));
}

float value_to_volume(uint32_t value) {
    if (value >= kVolumeMax) return 1.0f;
    return static_cast<float>(static_cast<double>(value) / kVolumeMax);
}

}  // namespace winmm::mixer::layout
