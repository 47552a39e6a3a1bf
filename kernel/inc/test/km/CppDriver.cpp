// CppDriver - a minimal WDM driver in C++ (as Visual Studio's "Empty WDM Driver" projects often are):
// checks that our km headers compile as C++ too, with extern "C" entry points and C++ features.
#include <ntddk.h>
#include <ntstrsafe.h>

static_assert(sizeof(WCHAR) == 2, "WCHAR is UTF-16");
static_assert(NT_SUCCESS(STATUS_SUCCESS) && !NT_SUCCESS(STATUS_ACCESS_DENIED), "NT_SUCCESS");
static_assert(sizeof(PCI_COMMON_CONFIG) == 256 && sizeof(PCI_COMMON_HEADER) == PCI_COMMON_HDR_LENGTH, "PCI config space");

namespace {

constexpr ULONG kTag = 'ppCD';

// RAII holder for an in-stack queued spin lock.
class QueuedLock {
public:
    explicit QueuedLock(PKSPIN_LOCK lock) { KeAcquireInStackQueuedSpinLock(lock, &handle_); }
    ~QueuedLock() { KeReleaseInStackQueuedSpinLock(&handle_); }
    QueuedLock(const QueuedLock &) = delete;
    QueuedLock &operator=(const QueuedLock &) = delete;
private:
    KLOCK_QUEUE_HANDLE handle_;
};

template <typename T>
T *AllocateZeroed(POOL_FLAGS flags)
{
    return static_cast<T *>(ExAllocatePool2(flags, sizeof(T), kTag));
}

struct State {
    KSPIN_LOCK Lock;
    LIST_ENTRY Items;
    ULONG Count;
};

State *g_state;

// Counted strings over literals, as C++ drivers declare them.
UNICODE_STRING g_deviceName = RTL_CONSTANT_STRING(L"\\Device\\CppDriver");
ANSI_STRING g_tag = RTL_CONSTANT_STRING("CppDriver");
DECLARE_CONST_UNICODE_STRING(g_linkName, L"\\DosDevices\\CppDriver");

} // namespace

DECLARE_GLOBAL_CONST_UNICODE_STRING(g_serviceName, L"CppDriver");

extern "C" DRIVER_INITIALIZE DriverEntry;
extern "C" DRIVER_UNLOAD CppUnload;

extern "C" VOID CppUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    ExFreePoolWithTag(g_state, kTag);
}

extern "C" NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    g_state = AllocateZeroed<State>(POOL_FLAG_NON_PAGED);
    if (g_state == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeInitializeSpinLock(&g_state->Lock);
    InitializeListHead(&g_state->Items);
    {
        QueuedLock guard(&g_state->Lock);
        g_state->Count += g_deviceName.Length + g_tag.Length + g_linkName.Length + g_serviceName.Length;
    }
    WCHAR text[32];
    RtlStringCchPrintfW(text, RTL_NUMBER_OF(text), L"count=%lu", g_state->Count);
    KdPrint(("CppDriver: %wZ %Z %wZ\n", &g_deviceName, &g_tag, &g_linkName));
    DriverObject->DriverUnload = CppUnload;
    return STATUS_SUCCESS;
}
