// devlist - lists the present devices (description, hardware ID, status, problem code) and the device
// interfaces of one class, through SetupAPI and the configuration manager. Written in C++ to show
// that the SDK headers work from C++: RAII for the device information set, a small buffer template.
// Usage: devlist
#include <windows.h>
#include <setupapi.h>
#include <cfgmgr32.h>
#include <stdio.h>
#include <stdlib.h>

namespace {

// Owns a device information set and destroys it on every path out.
class DeviceInfoSet {
public:
    explicit DeviceInfoSet(HDEVINFO set) : set_(set) {}
    ~DeviceInfoSet() { if (valid()) SetupDiDestroyDeviceInfoList(set_); }
    DeviceInfoSet(const DeviceInfoSet &) = delete;
    DeviceInfoSet &operator=(const DeviceInfoSet &) = delete;
    bool valid() const { return set_ != INVALID_HANDLE_VALUE; }
    HDEVINFO get() const { return set_; }
private:
    HDEVINFO set_;
};

// A heap buffer of T that grows on demand (no exceptions: callers check ok()).
template <typename T>
class Buffer {
public:
    ~Buffer() { free(data_); }
    bool resize(size_t count) {
        if (count <= count_) return true;
        T *grown = static_cast<T *>(realloc(data_, count * sizeof(T)));
        if (grown == nullptr) return false;
        data_ = grown;
        count_ = count;
        return true;
    }
    T *data() { return data_; }
    size_t bytes() const { return count_ * sizeof(T); }
private:
    T *data_ = nullptr;
    size_t count_ = 0;
};

// Reads a string property; returns false when the device has none.
bool StringProperty(HDEVINFO set, SP_DEVINFO_DATA &info, DWORD property, Buffer<WCHAR> &out)
{
    DWORD type = 0, needed = 0;
    SetupDiGetDeviceRegistryPropertyW(set, &info, property, &type, nullptr, 0, &needed);
    if (GetLastError() != ERROR_INSUFFICIENT_BUFFER || !out.resize(needed / sizeof(WCHAR) + 1)) {
        return false;
    }
    if (!SetupDiGetDeviceRegistryPropertyW(set, &info, property, &type, reinterpret_cast<PBYTE>(out.data()),
                                           static_cast<DWORD>(out.bytes()), &needed)) {
        return false;
    }
    return type == REG_SZ || type == REG_MULTI_SZ; // a multi-string prints as its first entry
}

int ListDevices()
{
    DeviceInfoSet set(SetupDiGetClassDevsW(nullptr, nullptr, nullptr, DIGCF_ALLCLASSES | DIGCF_PRESENT));
    if (!set.valid()) {
        wprintf(L"SetupDiGetClassDevs failed, error %lu\n", GetLastError());
        return 1;
    }

    SP_DEVINFO_DATA info = {};
    info.cbSize = sizeof(info);
    Buffer<WCHAR> text;
    WCHAR instanceId[MAX_DEVICE_ID_LEN];
    DWORD index = 0;
    for (; SetupDiEnumDeviceInfo(set.get(), index, &info); index++) {
        ULONG status = 0, problem = 0;
        if (CM_Get_Device_IDW(info.DevInst, instanceId, MAX_DEVICE_ID_LEN, 0) != CR_SUCCESS) {
            instanceId[0] = L'\0';
        }
        wprintf(L"%ls\n", instanceId);
        if (StringProperty(set.get(), info, SPDRP_DEVICEDESC, text)) wprintf(L"    Name: %ls\n", text.data());
        if (StringProperty(set.get(), info, SPDRP_HARDWAREID, text)) wprintf(L"    Hardware ID: %ls\n", text.data());
        if (StringProperty(set.get(), info, SPDRP_SERVICE, text)) wprintf(L"    Service: %ls\n", text.data());
        if (CM_Get_DevNode_Status(&status, &problem, info.DevInst, 0) == CR_SUCCESS) {
            if (status & DN_HAS_PROBLEM) {
                wprintf(L"    Status: problem %lu%ls\n", problem,
                        problem == CM_PROB_FAILED_START ? L" (CM_PROB_FAILED_START)" :
                        problem == CM_PROB_DISABLED ? L" (CM_PROB_DISABLED)" : L"");
            } else {
                wprintf(L"    Status: %ls\n", (status & DN_STARTED) ? L"started" : L"not started");
            }
        }
    }
    if (GetLastError() != ERROR_NO_MORE_ITEMS) {
        wprintf(L"SetupDiEnumDeviceInfo stopped, error %lu\n", GetLastError());
    }
    wprintf(L"%lu device(s)\n", index);
    return 0;
}

// The interface paths of one class, via SetupDiGetDeviceInterfaceDetail's two-call pattern.
int ListInterfaces(const GUID &interfaceClass)
{
    DeviceInfoSet set(SetupDiGetClassDevsW(&interfaceClass, nullptr, nullptr, DIGCF_DEVICEINTERFACE | DIGCF_PRESENT));
    if (!set.valid()) {
        wprintf(L"SetupDiGetClassDevs(interfaces) failed, error %lu\n", GetLastError());
        return 1;
    }
    SP_DEVICE_INTERFACE_DATA iface = {};
    iface.cbSize = sizeof(iface);
    Buffer<BYTE> detailBytes;
    DWORD index = 0;
    for (; SetupDiEnumDeviceInterfaces(set.get(), nullptr, &interfaceClass, index, &iface); index++) {
        DWORD needed = 0;
        SetupDiGetDeviceInterfaceDetailW(set.get(), &iface, nullptr, 0, &needed, nullptr);
        if (GetLastError() != ERROR_INSUFFICIENT_BUFFER || !detailBytes.resize(needed)) {
            wprintf(L"SetupDiGetDeviceInterfaceDetail (size) failed, error %lu\n", GetLastError());
            continue;
        }
        auto *detail = reinterpret_cast<PSP_DEVICE_INTERFACE_DETAIL_DATA_W>(detailBytes.data());
        detail->cbSize = sizeof(SP_DEVICE_INTERFACE_DETAIL_DATA_W); // the fixed part, not the whole buffer
        if (SetupDiGetDeviceInterfaceDetailW(set.get(), &iface, detail, needed, nullptr, nullptr)) {
            wprintf(L"Interface %lu: %ls%ls\n", index, detail->DevicePath,
                    (iface.Flags & SPINT_ACTIVE) ? L"" : L" (inactive)");
        }
    }
    wprintf(L"%lu interface(s)\n", index);
    return 0;
}

// GUID_DEVINTERFACE_COMPORT, the interface class serial ports register.
constexpr GUID kComPortInterface = {0x86E0D1E0, 0x8089, 0x11D0, {0x9C, 0xE4, 0x08, 0x00, 0x3E, 0x30, 0x1F, 0x73}};

} // namespace

int main()
{
    int result = ListDevices();
    result |= ListInterfaces(kComPortInterface);
    return result;
}
