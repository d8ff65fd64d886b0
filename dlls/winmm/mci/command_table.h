// MCI command tables: Windows' binary format (see tools/mci_tables/mci_tables.py) decoded into commands and their
// parameters, and the process-wide list of loaded tables that mciLoadCommandResource hands out ids for.
#pragma once

#include <windows.h>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace winmm::mci::tables {

// Item types of the binary format (mmddk.h spells them MCI_COMMAND_HEAD ... MCI_INTEGER64).
enum ItemType : WORD {
    kCommandHead = 0, kString = 1, kInteger = 2, kEndCommand = 3, kReturn = 4, kFlag = 5, kEndCommandList = 6,
    kRect = 7, kConstant = 8, kEndConstant = 9, kHwnd = 10, kHpal = 11, kHdc = 12, kInteger64 = 13,
};

// A keyword of a parameter or a constant's value, split into lower-case words ("time format" -> {time, format}).
// Empty for the unnamed parameters (status' item, load's file name).
using Words = std::vector<std::wstring>;

struct ConstantValue {
    Words words;
    DWORD value;
    WORD type;           // kInteger, or kHwnd/kHpal/kHdc/kInteger64 for a word that stands for a wider value
};

struct Param {
    Words keyword;
    WORD type;           // kFlag, kInteger, kInteger64, kString, kRect, kConstant, kHwnd, kHpal, kHdc
    DWORD flag;          // the flag the parameter sets in dwParam1
    std::vector<ConstantValue> values;  // kConstant only
    size_t offset = 0;   // where its value goes in the parameter block (0 for flags)
    size_t size = 0;     // bytes of the parameter block it fills
};

struct Command {
    std::wstring verb;   // lower case
    UINT message;
    WORD return_type;    // 0 (nothing), kInteger, kInteger64, kString, kRect
    size_t return_offset;
    size_t block_size;   // bytes of the parameter block the items describe
    std::vector<Param> params;
};

struct Table {
    UINT device_type;    // what the loader said the table is for (0: none / core)
    std::vector<Command> commands;
};

// Splits a keyword into lower-case words separated by white space.
Words split_words(const std::wstring& text);

// Decodes a table from its bytes. Returns nullptr when the bytes are not a well-formed table (item order, string
// termination and length are all checked: the bytes may come from any driver).
std::unique_ptr<Table> decode(const BYTE* data, size_t size, UINT device_type);

// The registry of loaded tables; ids are small integers, MCI_NO_COMMAND_TABLE is never one.
UINT add(std::unique_ptr<Table> table);
bool remove(UINT id);

// Loads the table resource `name` (RT_RCDATA) of `module`, or of `name`.mci when such a file is found on the search
// path; returns its id or MCI_NO_COMMAND_TABLE.
UINT load_resource(HMODULE module, const wchar_t* name, UINT device_type);

// Our own tables (resources of this DLL): the core table and the table of a device type (MCI_DEVTYPE_*), loaded on
// first use and kept for the life of the process. MCI_NO_COMMAND_TABLE when there is none for the type.
UINT core_table();
UINT type_table(UINT device_type);

// A command found in a table, with the table kept alive while it is used (mciFreeCommandResource may free the table
// on another thread meanwhile).
struct FoundCommand {
    std::shared_ptr<const Table> table;
    const Command* command = nullptr;
    explicit operator bool() const { return command != nullptr; }
    const Command& operator*() const { return *command; }
    const Command* operator->() const { return command; }
};

// Looks `verb` (lower case) up in the table `id`.
FoundCommand find_command(UINT id, const std::wstring& verb);

}  // namespace winmm::mci::tables
