// Decoding of MCI command tables and the list of loaded ones.
#include "command_table.h"

#include <mmsystem.h>
#include <mmddk.h>

#include <algorithm>
#include <cwctype>
#include <map>
#include <mutex>

#include "module.h"
#include "device_names.h"

namespace winmm::mci::tables {

namespace {


// Reads one item at `pos`; false when the bytes end before it does.
struct RawItem {
    std::wstring name;
    DWORD value;
    WORD type;
};

bool read_item(const BYTE* data, size_t size, size_t* pos, RawItem* item) {
    // The name: UTF-16 code units up to a NUL, all inside the table.
    size_t p = *pos;
    item->name.clear();
    for (;;) {
        if (p + 2 > size) return false;
        wchar_t c = static_cast<wchar_t>(data[p] | (data[p + 1] << 8));
        p += 2;
        if (!c) break;
        item->name.push_back(c);
        if (item->name.size() > 256) return false;  // no keyword is this long: not a table
    }
    if (p + 6 > size) return false;
    item->value = static_cast<DWORD>(data[p]) | static_cast<DWORD>(data[p + 1]) << 8 |
                  static_cast<DWORD>(data[p + 2]) << 16 | static_cast<DWORD>(data[p + 3]) << 24;
    item->type = static_cast<WORD>(data[p + 4] | (data[p + 5] << 8));
    *pos = p + 6;
    return true;
}

// Bytes of the parameter block a parameter (or a command's return value) fills.
size_t slot_size(WORD type) {
    switch (type) {
    case kInteger: return 4;
    case kInteger64: return 8;
    case kString: case kHwnd: case kHpal: case kHdc: return sizeof(void*);
    case kRect: return 4 * sizeof(LONG);
    default: return 0;
    }
}

// Lays out a command's parameter block like the C structure it stands for: dwCallback first, then the return
// value, then each parameter in table order. The MCI_*_PARMS structures are declared with 1-byte packing
// (mmsystem.h, digitalv.h), so on x64 a pointer after a DWORD starts 4 bytes later, not 8:
// MCI_OPEN_PARMS.lpstrDeviceType is at 12, after wDeviceID.
void lay_out(Command* cmd) {
    size_t offset = sizeof(DWORD_PTR);
    cmd->return_offset = offset;
    if (cmd->return_type == kString) {
        offset += sizeof(void*) + sizeof(DWORD);  // lpstrReturn, then dwRetSize
    } else {
        offset += slot_size(cmd->return_type);
    }
    for (Param& p : cmd->params) {
        if (p.type == kFlag) continue;
        size_t size = slot_size(p.type);
        if (p.type == kConstant) {
            // A constant fills one DWORD, or a handle when its words stand for handles ("handle default").
            size = 4;
            for (const ConstantValue& v : p.values) size = std::max(size, slot_size(v.type));
        }
        p.offset = offset;
        p.size = size;
        offset += size;
    }
    cmd->block_size = offset;
}

struct Registry {
    std::mutex lock;
    std::vector<std::shared_ptr<const Table>> slots;
    std::map<UINT, UINT> builtin;  // device type (0: core) -> id
};

Registry& registry() {
    static Registry r;
    return r;
}

}  // namespace

Words split_words(const std::wstring& text) {
    Words words;
    std::wstring word;
    for (wchar_t c : text) {
        if (c == L' ' || c == L'\t') {
            if (!word.empty()) words.push_back(std::move(word));
            word.clear();
        } else {
            word.push_back(static_cast<wchar_t>(std::towlower(c)));
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
}

std::unique_ptr<Table> decode(const BYTE* data, size_t size, UINT device_type) {
    if (!data) return nullptr;
    auto table = std::make_unique<Table>();
    table->device_type = device_type;
    size_t pos = 0;
    RawItem item;
    Command* cmd = nullptr;
    Param* constant = nullptr;
    bool first_in_command = false;
    for (;;) {
        if (!read_item(data, size, &pos, &item)) return nullptr;
        const bool after_head = first_in_command;
        first_in_command = false;
        if (constant) {
            // Inside a constant: its words, until MCI_END_CONSTANT.
            switch (item.type) {
            case kInteger: case kInteger64: case kHwnd: case kHpal: case kHdc:
                if (item.name.empty()) return nullptr;
                constant->values.push_back({split_words(item.name), item.value, item.type});
                continue;
            case kEndConstant:
                constant = nullptr;
                continue;
            default:
                return nullptr;
            }
        }
        switch (item.type) {
        case kCommandHead:
            if (cmd || item.name.empty() || !item.value) return nullptr;
            table->commands.push_back({});
            cmd = &table->commands.back();
            {
                Words verb = split_words(item.name);
                if (verb.size() != 1) return nullptr;
                cmd->verb = verb[0];
            }
            cmd->message = item.value;
            cmd->return_type = 0;
            first_in_command = true;
            break;
        case kReturn:
            if (!cmd || !after_head) return nullptr;
            if (item.value != kInteger && item.value != kInteger64 && item.value != kString && item.value != kRect)
                return nullptr;
            cmd->return_type = static_cast<WORD>(item.value);
            break;
        case kFlag: case kInteger: case kInteger64: case kString: case kRect: case kHwnd: case kHpal: case kHdc:
        case kConstant:
            if (!cmd) return nullptr;
            if (item.name.empty() && item.type != kString && item.type != kConstant) return nullptr;
            cmd->params.push_back({split_words(item.name), item.type, item.value, {}, 0, 0});
            if (item.type == kConstant) constant = &cmd->params.back();
            break;
        case kEndCommand:
            if (!cmd) return nullptr;
            lay_out(cmd);
            cmd = nullptr;
            break;
        case kEndCommandList:
            if (cmd) return nullptr;
            return table;
        default:
            return nullptr;
        }
    }
}

UINT add(std::unique_ptr<Table> table) {
    if (!table) return MCI_NO_COMMAND_TABLE;
    Registry& r = registry();
    std::lock_guard<std::mutex> hold(r.lock);
    for (size_t i = 0; i < r.slots.size(); ++i) {
        if (!r.slots[i]) {
            r.slots[i] = std::move(table);
            return static_cast<UINT>(i);
        }
    }
    if (r.slots.size() >= 0xFFFE) return MCI_NO_COMMAND_TABLE;
    r.slots.push_back(std::move(table));
    return static_cast<UINT>(r.slots.size() - 1);
}

bool remove(UINT id) {
    Registry& r = registry();
    std::lock_guard<std::mutex> hold(r.lock);
    if (id >= r.slots.size() || !r.slots[id]) return false;
    for (const auto& entry : r.builtin) {
        if (entry.second == id) return false;  // our own tables stay: every device of the type shares them
    }
    r.slots[id].reset();
    return true;
}

namespace {

UINT load_from_module(HMODULE module, const wchar_t* name, UINT device_type) {
    HRSRC res = FindResourceW(module, name, reinterpret_cast<LPCWSTR>(RT_RCDATA));
    if (!res) return MCI_NO_COMMAND_TABLE;
    HGLOBAL mem = LoadResource(module, res);
    const DWORD size = SizeofResource(module, res);
    const auto* bytes = mem ? static_cast<const BYTE*>(LockResource(mem)) : nullptr;
    if (!bytes || !size) return MCI_NO_COMMAND_TABLE;
    return add(decode(bytes, size, device_type));
}

}  // namespace

UINT load_resource(HMODULE module, const wchar_t* name, UINT device_type) {
    if (!name) return MCI_NO_COMMAND_TABLE;
    // A resource-only file NAME.mci on the search path holds the table in place of the module's resource.
    if (!IS_INTRESOURCE(name) && name[0] && wcslen(name) < MAX_PATH) {
        wchar_t path[MAX_PATH];
        DWORD n = SearchPathW(nullptr, name, L".mci", MAX_PATH, path, nullptr);
        if (n && n < MAX_PATH) {
            HMODULE file = LoadLibraryExW(path, nullptr, LOAD_LIBRARY_AS_DATAFILE);
            if (file) {
                UINT id = load_from_module(file, name, device_type);
                FreeLibrary(file);  // the table was copied out
                if (id != MCI_NO_COMMAND_TABLE) return id;
            }
        }
    }
    return load_from_module(module, name, device_type);
}

namespace {

UINT builtin_table(UINT device_type, const wchar_t* resource) {
    Registry& r = registry();
    {
        std::lock_guard<std::mutex> hold(r.lock);
        auto it = r.builtin.find(device_type);
        if (it != r.builtin.end()) return it->second;
    }
    UINT id = resource ? load_from_module(winmm::module::self(), resource, device_type) : MCI_NO_COMMAND_TABLE;
    std::lock_guard<std::mutex> hold(r.lock);
    auto it = r.builtin.find(device_type);
    if (it != r.builtin.end()) {  // another thread loaded it meanwhile: keep theirs
        if (id != MCI_NO_COMMAND_TABLE && id < r.slots.size()) r.slots[id].reset();
        return it->second;
    }
    r.builtin[device_type] = id;
    return id;
}

}  // namespace

UINT core_table() { return builtin_table(0, L"CORE"); }

UINT type_table(UINT device_type) {
    if (!device_type) return MCI_NO_COMMAND_TABLE;
    return builtin_table(device_type, table_resource_name(device_type));
}

FoundCommand find_command(UINT id, const std::wstring& verb) {
    FoundCommand found;
    {
        Registry& r = registry();
        std::lock_guard<std::mutex> hold(r.lock);
        if (id >= r.slots.size() || !r.slots[id]) return found;
        found.table = r.slots[id];
    }
    for (const Command& c : found.table->commands) {
        if (c.verb == verb) {
            found.command = &c;
            return found;
        }
    }
    found.table.reset();
    return found;
}

}  // namespace winmm::mci::tables
