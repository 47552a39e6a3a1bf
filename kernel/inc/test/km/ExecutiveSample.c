/*
 * ExecutiveSample - a classic driver written against the WDK that touches a wide spread
 * of executive and kernel support routines: pool and lookaside lists, locks of every
 * kind, run-down protection, work items, timers, sequenced lists, bitmaps, run-once,
 * safe strings, the registry, a log file, notifications, bug-check callbacks and a
 * few system queries. It checks that our km headers compile such code unchanged.
 */
#include <ntifs.h>
#include <ntstrsafe.h>
#include <ntintsafe.h>

#define SAMPLE_TAG          'pmaS'
#define SAMPLE_RECORD_SIZE  64
#define SAMPLE_BITMAP_BITS  256

C_ASSERT(sizeof(KSPIN_LOCK) == sizeof(ULONG_PTR));
C_ASSERT(POOL_FLAG_NON_PAGED == 0x40 && POOL_FLAG_PAGED == 0x100 && POOL_FLAG_UNINITIALIZED == 0x2);
C_ASSERT(NonPagedPool == 0 && PagedPool == 1 && NonPagedPoolNx == 512);
C_ASSERT(DPFLTR_DEFAULT_ID == 101 && DPFLTR_ERROR_LEVEL == 0);
C_ASSERT(IRQL_NOT_LESS_OR_EQUAL == 0xA && DRIVER_IRQL_NOT_LESS_OR_EQUAL == 0xD1 && KERNEL_SECURITY_CHECK_FAILURE == 0x139);
C_ASSERT(NTDDI_VERSION >= NTDDI_WIN10 && NTDDI_WIN10_NI == 0x0A00000C && _WIN32_WINNT_WIN10 == 0x0A00);
C_ASSERT(REG_DWORD == 4 && REG_SZ == 1 && KEY_READ == 0x20019 && KEY_ALL_ACCESS == 0xF003F);
C_ASSERT(STATUS_BUFFER_OVERFLOW == (NTSTATUS)0x80000005L && STATUS_NO_MORE_ENTRIES == (NTSTATUS)0x8000001AL);
C_ASSERT(STATUS_INVALID_IMAGE_FORMAT == (NTSTATUS)0xC000007BL && STATUS_PROCEDURE_NOT_FOUND == (NTSTATUS)0xC000007AL);
C_ASSERT(STATUS_DRIVER_UNABLE_TO_LOAD == (NTSTATUS)0xC000026CL);

typedef struct _SAMPLE_RECORD {
    SLIST_ENTRY Link;
    LIST_ENTRY Entry;
    ULONG Sequence;
    LARGE_INTEGER Time;
} SAMPLE_RECORD, *PSAMPLE_RECORD;
C_ASSERT(sizeof(SAMPLE_RECORD) <= SAMPLE_RECORD_SIZE);

typedef struct _SAMPLE_GLOBALS {
    PDEVICE_OBJECT Device;
    NPAGED_LOOKASIDE_LIST Records;
    LOOKASIDE_LIST_EX Buffers;
    ERESOURCE TableLock;
    FAST_MUTEX ConfigMutex;
    KGUARDED_MUTEX LogMutex;
    KMUTEX LegacyMutex;
    KSEMAPHORE Slots;
    KSPIN_LOCK ListLock;
    EX_SPIN_LOCK ReaderWriterLock;
    LIST_ENTRY RecordList;
    SLIST_HEADER FreeStack;
    EX_RUNDOWN_REF Rundown;
    PIO_WORKITEM WorkItem;
    PEX_TIMER HighResTimer;
    KTIMER Timer;
    KDPC TimerDpc;
    RTL_BITMAP Bitmap;
    ULONG BitmapBuffer[SAMPLE_BITMAP_BITS / 32];
    RTL_RUN_ONCE InitOnce;
    KBUGCHECK_CALLBACK_RECORD BugCheckRecord;
    UCHAR BugCheckBuffer[32];
    BOOLEAN ProcessNotifyRegistered;
    BOOLEAN ThreadNotifyRegistered;
    volatile LONG Sequence;
    volatile LONG64 BytesLogged;
    UNICODE_STRING RegistryPath;
} SAMPLE_GLOBALS;

static SAMPLE_GLOBALS g;
DECLARE_GLOBAL_CONST_UNICODE_STRING(g_ValueName, L"PollInterval");

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD SampleUnload;
IO_WORKITEM_ROUTINE SampleWorkItem;
IO_TIMER_ROUTINE SampleIoTimer;
KDEFERRED_ROUTINE SampleTimerDpc;
EXT_CALLBACK SampleHighResTimer;
KBUGCHECK_CALLBACK_ROUTINE SampleBugCheck;
RTL_RUN_ONCE_INIT_FN SampleInitOnce;
ALLOCATE_FUNCTION_EX SampleAllocate;
FREE_FUNCTION_EX SampleFree;

static VOID SampleLog(_In_ ULONG Level, _In_z_ _Printf_format_string_ PCSTR Format, ...)
{
    va_list args;
    va_start(args, Format);
    vDbgPrintExWithPrefix("Sample: ", DPFLTR_IHVDRIVER_ID, Level, Format, args);
    va_end(args);
}

/* ---- lookaside allocator for LOOKASIDE_LIST_EX ---- */

_Use_decl_annotations_
PVOID SampleAllocate(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag, PLOOKASIDE_LIST_EX Lookaside)
{
    UNREFERENCED_PARAMETER(Lookaside);
    return ExAllocatePoolWithTag(PoolType, NumberOfBytes, Tag);
}

_Use_decl_annotations_
VOID SampleFree(PVOID Buffer, PLOOKASIDE_LIST_EX Lookaside)
{
    UNREFERENCED_PARAMETER(Lookaside);
    ExFreePool(Buffer);
}

/* ---- records: lookaside, spin locks, lists ---- */

static PSAMPLE_RECORD SampleNewRecord(VOID)
{
    PSAMPLE_RECORD record;
    KLOCK_QUEUE_HANDLE lockHandle;

    record = (PSAMPLE_RECORD)InterlockedPopEntrySList(&g.FreeStack);
    if (record == NULL) {
        record = (PSAMPLE_RECORD)ExAllocateFromNPagedLookasideList(&g.Records);
    }
    if (record == NULL) {
        return NULL;
    }
    record->Sequence = (ULONG)InterlockedIncrement(&g.Sequence);
    KeQuerySystemTimePrecise(&record->Time);

    KeAcquireInStackQueuedSpinLock(&g.ListLock, &lockHandle);
    InsertTailList(&g.RecordList, &record->Entry);
    KeReleaseInStackQueuedSpinLock(&lockHandle);
    return record;
}

static VOID SampleRecycleAll(VOID)
{
    KIRQL irql;
    PLIST_ENTRY entry;

    KeAcquireSpinLock(&g.ListLock, &irql);
    while (!IsListEmpty(&g.RecordList)) {
        entry = RemoveHeadList(&g.RecordList);
        InterlockedPushEntrySList(&g.FreeStack, &CONTAINING_RECORD(entry, SAMPLE_RECORD, Entry)->Link);
    }
    KeReleaseSpinLock(&g.ListLock, irql);

    while ((entry = (PLIST_ENTRY)InterlockedPopEntrySList(&g.FreeStack)) != NULL) {
        ExFreeToNPagedLookasideList(&g.Records, entry);
    }
}

/* ---- reader/writer state: ERESOURCE and EX_SPIN_LOCK ---- */

static ULONG SampleCountRecords(VOID)
{
    ULONG count = 0;
    PLIST_ENTRY entry;
    KIRQL irql;

    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&g.TableLock, TRUE);
    irql = ExAcquireSpinLockShared(&g.ReaderWriterLock);
    for (entry = g.RecordList.Flink; entry != &g.RecordList; entry = entry->Flink) {
        count++;
    }
    ExReleaseSpinLockShared(&g.ReaderWriterLock, irql);
    ExReleaseResourceLite(&g.TableLock);
    KeLeaveCriticalRegion();
    return count;
}

/* ---- registry ---- */

static NTSTATUS SampleReadConfig(_Out_ PULONG Interval)
{
    OBJECT_ATTRIBUTES attributes;
    UNICODE_STRING valueName = g_ValueName;
    HANDLE key;
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION value = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG resultLength, disposition, defaultInterval = 1000;
    NTSTATUS status;

    *Interval = defaultInterval;
    ExAcquireFastMutex(&g.ConfigMutex);
    InitializeObjectAttributes(&attributes, &g.RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwCreateKey(&key, KEY_READ | KEY_WRITE, &attributes, 0, NULL, REG_OPTION_NON_VOLATILE, &disposition);
    if (NT_SUCCESS(status)) {
        status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, value, sizeof(buffer), &resultLength);
        if (NT_SUCCESS(status) && value->Type == REG_DWORD && value->DataLength == sizeof(ULONG)) {
            *Interval = *(PULONG)value->Data;
        } else if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
            status = ZwSetValueKey(key, &valueName, 0, REG_DWORD, &defaultInterval, sizeof(defaultInterval));
        }
        ZwClose(key);
    }
    ExReleaseFastMutex(&g.ConfigMutex);
    return status;
}

/* ---- a log file written with ZwCreateFile/ZwWriteFile and ntstrsafe ---- */

static NTSTATUS SampleWriteLog(_In_ ULONG Count)
{
    UNICODE_STRING path = RTL_CONSTANT_STRING(L"\\SystemRoot\\Temp\\sample.log");
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK ioStatus;
    HANDLE file;
    CHAR line[96];
    size_t length;
    NTSTATUS status;

    PAGED_CODE();
    status = RtlStringCbPrintfA(line, sizeof(line), "records=%lu bytes=%I64d\r\n", Count, g.BytesLogged);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = RtlStringCbLengthA(line, sizeof(line), &length);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    KeAcquireGuardedMutex(&g.LogMutex);
    InitializeObjectAttributes(&attributes, &path, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwCreateFile(&file, FILE_APPEND_DATA | SYNCHRONIZE, &attributes, &ioStatus, NULL, FILE_ATTRIBUTE_NORMAL,
                          FILE_SHARE_READ, FILE_OPEN_IF, FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE, NULL, 0);
    if (NT_SUCCESS(status)) {
        status = ZwWriteFile(file, NULL, NULL, NULL, &ioStatus, line, (ULONG)length, NULL, NULL);
        if (NT_SUCCESS(status)) {
            InterlockedAdd64(&g.BytesLogged, (LONG64)ioStatus.Information);
        }
        ZwClose(file);
    }
    KeReleaseGuardedMutex(&g.LogMutex);
    return status;
}

/* ---- work item, guarded by run-down protection ---- */

_Use_decl_annotations_
VOID SampleWorkItem(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    ULONG count;
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    count = SampleCountRecords();
    SampleWriteLog(count);
    ExReleaseRundownProtection(&g.Rundown);
}

_Use_decl_annotations_
VOID SampleTimerDpc(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1, PVOID SystemArgument2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(DeferredContext);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    SampleNewRecord();
    if (ExAcquireRundownProtection(&g.Rundown)) {
        IoQueueWorkItem(g.WorkItem, SampleWorkItem, DelayedWorkQueue, NULL);
    }
}

_Use_decl_annotations_
VOID SampleIoTimer(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    ULONG index;
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    index = RtlFindClearBitsAndSet(&g.Bitmap, 1, 0);
    if (index == 0xFFFFFFFF) {
        RtlClearAllBits(&g.Bitmap);
    }
}

_Use_decl_annotations_
VOID SampleHighResTimer(PEX_TIMER Timer, PVOID Context)
{
    UNREFERENCED_PARAMETER(Timer);
    UNREFERENCED_PARAMETER(Context);
    KeReleaseSemaphore(&g.Slots, SEMAPHORE_INCREMENT, 1, FALSE);
}

/* ---- notifications and bug checks ---- */

static VOID SampleProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);
    if (CreateInfo != NULL) {
        SampleLog(DPFLTR_INFO_LEVEL, "process %p created by %p: %wZ\n", ProcessId, CreateInfo->ParentProcessId,
                  CreateInfo->ImageFileName);
    } else {
        SampleLog(DPFLTR_INFO_LEVEL, "process %p exited\n", ProcessId);
    }
}

static VOID SampleThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ThreadId);
    UNREFERENCED_PARAMETER(Create);
}

_Use_decl_annotations_
VOID SampleBugCheck(PVOID Buffer, ULONG Length)
{
    RtlFillMemory(Buffer, Length, 0x5A);
}

_Use_decl_annotations_
ULONG SampleInitOnce(PRTL_RUN_ONCE RunOnce, PVOID Parameter, PVOID *Context)
{
    UNREFERENCED_PARAMETER(RunOnce);
    UNREFERENCED_PARAMETER(Parameter);
    *Context = NULL;
    RtlInitializeBitMap(&g.Bitmap, g.BitmapBuffer, SAMPLE_BITMAP_BITS);
    RtlClearAllBits(&g.Bitmap);
    return TRUE;
}

/* ---- system queries ---- */

typedef NTSTATUS (NTAPI *PFN_RTL_GET_VERSION)(PRTL_OSVERSIONINFOW);

static VOID SampleDescribeSystem(VOID)
{
    RTL_OSVERSIONINFOW version;
    UNICODE_STRING routineName = RTL_CONSTANT_STRING(L"RtlGetVersion");
    PFN_RTL_GET_VERSION getVersion;
    SYSTEM_BASIC_INFORMATION basic;
    ANSI_STRING ansi;
    LARGE_INTEGER ticks, counter, frequency;
    KFLOATING_SAVE floatSave;
    XSTATE_SAVE xstateSave;
    ULONG returned;
    KIRQL irql;
    LUID loadDriver = RtlConvertLongToLuid(SE_LOAD_DRIVER_PRIVILEGE);
    DECLARE_UNICODE_STRING_SIZE(where, 64);

    version.dwOSVersionInfoSize = sizeof(version);
    getVersion = (PFN_RTL_GET_VERSION)MmGetSystemRoutineAddress(&routineName);
    if (getVersion != NULL && NT_SUCCESS(getVersion(&version))) {
        SampleLog(DPFLTR_INFO_LEVEL, "Windows %lu.%lu build %lu\n", version.dwMajorVersion, version.dwMinorVersion,
                  version.dwBuildNumber);
    }
    if (!RtlIsNtDdiVersionAvailable(NTDDI_WIN10)) {
        SampleLog(DPFLTR_WARNING_LEVEL, "older than Windows 10\n");
    }
    if (NT_SUCCESS(ZwQuerySystemInformation(SystemBasicInformation, &basic, sizeof(basic), &returned))) {
        SampleLog(DPFLTR_INFO_LEVEL, "%d processors, page size %lu\n", basic.NumberOfProcessors, basic.PageSize);
    }
    if (NT_SUCCESS(RtlUnicodeStringToAnsiString(&ansi, &g.RegistryPath, TRUE))) {
        SampleLog(DPFLTR_INFO_LEVEL, "service key %Z\n", &ansi);
        RtlFreeAnsiString(&ansi);
    }
    KeQueryTickCount(&ticks);
    counter = KeQueryPerformanceCounter(&frequency);
    SampleLog(DPFLTR_TRACE_LEVEL, "ticks %I64d, counter %I64d at %I64d Hz, increment %lu\n", ticks.QuadPart,
              counter.QuadPart, frequency.QuadPart, KeQueryTimeIncrement());
    if (SeSinglePrivilegeCheck(loadDriver, UserMode)) {
        SampleLog(DPFLTR_TRACE_LEVEL, "the caller may load drivers\n");
    }
    if (NT_SUCCESS(RtlUnicodeStringPrintf(&where, L"%p", &g))) {
        SampleLog(DPFLTR_TRACE_LEVEL, "globals at %wZ\n", &where);
    }
    if (MmIsAddressValid(&g)) {
        SampleLog(DPFLTR_TRACE_LEVEL, "globals at %p, process %p (%p), thread %p (%p)\n", &g, PsGetCurrentProcess(),
                  PsGetCurrentProcessId(), PsGetCurrentThread(), PsGetCurrentThreadId());
    }
    if (NT_SUCCESS(KeSaveFloatingPointState(&floatSave))) {
        KeRestoreFloatingPointState(&floatSave);
    }
    if (NT_SUCCESS(KeSaveExtendedProcessorState(XSTATE_MASK_LEGACY, &xstateSave))) {
        KeRestoreExtendedProcessorState(&xstateSave);
    }
    KeRaiseIrql(DISPATCH_LEVEL, &irql);
    NT_ASSERT(KeGetCurrentIrql() == DISPATCH_LEVEL);
    KeLowerIrql(irql);
    KeStallExecutionProcessor(10);
    if (KD_DEBUGGER_ENABLED && !KdRefreshDebuggerNotPresent()) {
        KdBreakPoint();
    }
}

/* ---- load and unload ---- */

_Use_decl_annotations_
VOID SampleUnload(PDRIVER_OBJECT DriverObject)
{
    EXT_DELETE_PARAMETERS deleteParameters;
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();
    KeCancelTimer(&g.Timer);
    KeFlushQueuedDpcs();
    IoStopTimer(g.Device);
    ExInitializeDeleteTimerParameters(&deleteParameters);
    ExDeleteTimer(g.HighResTimer, TRUE, TRUE, &deleteParameters);
    ExWaitForRundownProtectionRelease(&g.Rundown);
    IoFreeWorkItem(g.WorkItem);
    if (g.ProcessNotifyRegistered) {
        PsSetCreateProcessNotifyRoutineEx(SampleProcessNotify, TRUE);
    }
    if (g.ThreadNotifyRegistered) {
        PsRemoveCreateThreadNotifyRoutine(SampleThreadNotify);
    }
    KeDeregisterBugCheckCallback(&g.BugCheckRecord);
    SampleRecycleAll();
    ExDeleteNPagedLookasideList(&g.Records);
    ExDeleteLookasideListEx(&g.Buffers);
    ExDeleteResourceLite(&g.TableLock);
    ExFreePoolWithTag(g.RegistryPath.Buffer, SAMPLE_TAG);
    IoDeleteDevice(g.Device);
}

_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    LARGE_INTEGER dueTime;
    ULONG interval;
    PVOID scratch;
    PVOID context;

    RtlZeroMemory(&g, sizeof(g));

    /* A private copy of the service key path (the caller's buffer goes away). */
    {
        ULONG bytes;
        USHORT maximum;
        if (!NT_SUCCESS(RtlULongAdd(RegistryPath->Length, sizeof(UNICODE_NULL), &bytes)) ||
            !NT_SUCCESS(RtlULongToUShort(bytes, &maximum))) {
            return STATUS_INTEGER_OVERFLOW;
        }
        g.RegistryPath.MaximumLength = maximum;
    }
    g.RegistryPath.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, g.RegistryPath.MaximumLength, SAMPLE_TAG);
    if (g.RegistryPath.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyUnicodeString(&g.RegistryPath, RegistryPath);
    ASSERT(RtlCompareUnicodeString(&g.RegistryPath, RegistryPath, TRUE) == 0);

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &g.Device);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(g.RegistryPath.Buffer, SAMPLE_TAG);
        return status;
    }

    ExInitializeNPagedLookasideList(&g.Records, NULL, NULL, POOL_NX_ALLOCATION, SAMPLE_RECORD_SIZE, SAMPLE_TAG, 0);
    status = ExInitializeLookasideListEx(&g.Buffers, SampleAllocate, SampleFree, NonPagedPoolNx, 0, 512, SAMPLE_TAG, 0);
    if (NT_SUCCESS(status)) {
        status = ExInitializeResourceLite(&g.TableLock);
    }
    if (!NT_SUCCESS(status)) {
        ExDeleteNPagedLookasideList(&g.Records);
        IoDeleteDevice(g.Device);
        ExFreePoolWithTag(g.RegistryPath.Buffer, SAMPLE_TAG);
        return status;
    }
    ExInitializeFastMutex(&g.ConfigMutex);
    KeInitializeGuardedMutex(&g.LogMutex);
    KeInitializeMutex(&g.LegacyMutex, 0);
    KeInitializeSemaphore(&g.Slots, 0, 4);
    KeInitializeSpinLock(&g.ListLock);
    InitializeListHead(&g.RecordList);
    InitializeSListHead(&g.FreeStack);
    ExInitializeRundownProtection(&g.Rundown);
    RtlRunOnceInitialize(&g.InitOnce);
    RtlRunOnceExecuteOnce(&g.InitOnce, SampleInitOnce, NULL, &context);

    scratch = ExAllocateFromLookasideListEx(&g.Buffers);
    if (scratch != NULL) {
        RtlStringCbCopyW((PWSTR)scratch, 512, L"scratch");
        ExFreeToLookasideListEx(&g.Buffers, scratch);
    }

    /* Exclusive use of the table while it is set up. */
    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&g.TableLock, TRUE);
    SampleNewRecord();
    ExReleaseResourceLite(&g.TableLock);
    KeLeaveCriticalRegion();

    KeWaitForSingleObject(&g.LegacyMutex, Executive, KernelMode, FALSE, NULL);
    SampleReadConfig(&interval);
    KeReleaseMutex(&g.LegacyMutex, FALSE);

    g.WorkItem = IoAllocateWorkItem(g.Device);
    g.HighResTimer = ExAllocateTimer(SampleHighResTimer, NULL, EX_TIMER_HIGH_RESOLUTION);
    if (g.WorkItem == NULL || g.HighResTimer == NULL) {
        SampleUnload(DriverObject);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    ExSetTimer(g.HighResTimer, -10000LL * interval, 10000LL * interval, NULL);

    KeInitializeDpc(&g.TimerDpc, SampleTimerDpc, NULL);
    KeInitializeTimer(&g.Timer);
    dueTime.QuadPart = -10000LL * interval;
    KeSetTimerEx(&g.Timer, dueTime, (LONG)interval, &g.TimerDpc);
    IoInitializeTimer(g.Device, SampleIoTimer, NULL);
    IoStartTimer(g.Device);

    g.ProcessNotifyRegistered = NT_SUCCESS(PsSetCreateProcessNotifyRoutineEx(SampleProcessNotify, FALSE));
    g.ThreadNotifyRegistered = NT_SUCCESS(PsSetCreateThreadNotifyRoutine(SampleThreadNotify));
    KeInitializeCallbackRecord(&g.BugCheckRecord);
    KeRegisterBugCheckCallback(&g.BugCheckRecord, SampleBugCheck, g.BugCheckBuffer, sizeof(g.BugCheckBuffer),
                               (PUCHAR)"ExecutiveSample");

    SampleDescribeSystem();
    DriverObject->DriverUnload = SampleUnload;
    g.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
