/*
 * ExecutiveObjects: pool, executive objects and Rtl used as drivers use them. Each exported Run* routine is one
 * scenario; Out[] collects the values the test checks.
 */
#include <ntddk.h>
#include <ntstrsafe.h>
#include <stdio.h>

/* An empty counted string over a buffer (RtlInitEmptyUnicodeString is a header inline on Windows). */
#define INIT_EMPTY(s, b, n) ((s)->Buffer = (b), (s)->Length = 0, (s)->MaximumLength = (USHORT)(n))
#define TAG 'tseT'   /* shows as "Test" */
LONG Out[32];
PVOID Kept;

NTSTATUS RunPoolTags(void)
{
    PVOID a = ExAllocatePool2(POOL_FLAG_NON_PAGED, 100, TAG);
    PVOID b = ExAllocatePoolWithTag(PagedPool, 200, 'gaPP');
    Out[0] = a != NULL && ((PUCHAR)a)[50] == 0;   /* ExAllocatePool2 zeroes */
    Out[1] = b != NULL;
    ExFreePoolWithTag(b, 'gaPP');
    Kept = a;                                    /* left for the test to find, then freed by RunFreeKept */
    return STATUS_SUCCESS;
}
NTSTATUS RunFreeKept(void) { ExFreePoolWithTag(Kept, TAG); return STATUS_SUCCESS; }
NTSTATUS RunDoubleFree(void)
{
    PVOID a = ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, TAG);
    ExFreePoolWithTag(a, TAG);
    ExFreePoolWithTag(a, TAG);
    return STATUS_SUCCESS;
}
NTSTATUS RunWrongTag(void)
{
    PVOID a = ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, TAG);
    ExFreePoolWithTag(a, 'gnrW');
    return STATUS_SUCCESS;
}
NTSTATUS RunPagedAtDispatch(void)
{
    KSPIN_LOCK lock;
    KIRQL old;
    PLONG p = ExAllocatePool2(POOL_FLAG_PAGED, 64, TAG);
    KeInitializeSpinLock(&lock);
    KeAcquireSpinLock(&lock, &old);
    p[3] = 7;                                    /* paged memory at DISPATCH_LEVEL */
    KeReleaseSpinLock(&lock, old);
    ExFreePoolWithTag(p, TAG);
    return STATUS_SUCCESS;
}

/* ---- strings ---- */
NTSTATUS RunStrings(void)
{
    UNICODE_STRING name, copy, num;
    ANSI_STRING ansi;
    WCHAR buf[8], numBuf[16], big[64];
    CHAR small[8];
    ULONG value = 0;
    NTSTATUS s;

    RtlInitUnicodeString(&name, L"\\Device\\DongLpt0");
    Out[0] = name.Length;
    Out[1] = name.MaximumLength;
    INIT_EMPTY(&copy, buf, sizeof(buf));
    RtlCopyUnicodeString(&copy, &name);
    Out[2] = copy.Length;                        /* truncated to the 16-byte buffer */
    s = RtlAppendUnicodeToString(&copy, L"x");
    Out[3] = s;                                  /* STATUS_BUFFER_TOO_SMALL */
    Out[4] = RtlCompareUnicodeString(&name, &name, FALSE);
    {
        UNICODE_STRING upper;
        RtlInitUnicodeString(&upper, L"\\DEVICE\\DONGLPT0");
        Out[5] = RtlEqualUnicodeString(&name, &upper, TRUE);
        Out[6] = RtlEqualUnicodeString(&name, &upper, FALSE);
    }
    INIT_EMPTY(&num, numBuf, sizeof(numBuf));
    RtlIntegerToUnicodeString(1234, 16, &num);
    RtlUnicodeStringToInteger(&num, 16, &value);
    Out[7] = (LONG)value;
    s = RtlUnicodeStringToAnsiString(&ansi, &name, TRUE);
    Out[8] = s;
    Out[9] = ansi.Length;
    Out[10] = ansi.Buffer[1];                   /* 'D' */
    RtlFreeAnsiString(&ansi);

    s = RtlStringCbCopyA(small, sizeof(small), "parallel");
    Out[11] = s;                                 /* STATUS_BUFFER_OVERFLOW */
    Out[12] = (LONG)strlen(small);               /* 7, terminated */
    s = RtlStringCbPrintfW(big, sizeof(big), L"%s#%d %S", L"LPT", 1, "ok");
    Out[13] = s;
    Out[14] = (LONG)wcslen(big);                 /* "LPT#1 ok" */
    Out[15] = big[4];                            /* '1' */
    s = RtlStringCchCatW(big, 10, L"123");
    Out[16] = s;                                 /* overflow: 8 + 3 > 9 */
    Out[17] = (LONG)wcslen(big);                 /* 9 */
    {
        size_t cb = 0;
        Out[18] = RtlStringCbLengthW(big, sizeof(big), &cb);
        Out[19] = (LONG)cb;
    }
    Out[20] = _snprintf(small, sizeof(small), "%u-%u", 12345u, 6789u);   /* -1: does not fit */
    Out[21] = memcmp("abc", "abd", 3) < 0;
    return STATUS_SUCCESS;
}

/* ---- versions and routine lookup ---- */
typedef VOID (NTAPI *QST)(PLARGE_INTEGER);
NTSTATUS RunVersion(void)
{
    RTL_OSVERSIONINFOW v;
    UNICODE_STRING name;
    QST query;
    LARGE_INTEGER t;
    v.dwOSVersionInfoSize = sizeof(v);
    Out[0] = RtlGetVersion(&v);
    Out[1] = (LONG)v.dwMajorVersion;
    Out[2] = (LONG)v.dwBuildNumber;
    Out[3] = RtlIsNtDdiVersionAvailable(NTDDI_WIN10_19H1);
    Out[4] = RtlIsNtDdiVersionAvailable(NTDDI_WIN10_CU);
    RtlInitUnicodeString(&name, L"KeQuerySystemTimePrecise");
    query = (QST)MmGetSystemRoutineAddress(&name);
    Out[5] = query != NULL;
    t.QuadPart = 0;
    if (query) query(&t);
    Out[6] = t.QuadPart > 0;
    RtlInitUnicodeString(&name, L"NoSuchRoutine");
    Out[7] = MmGetSystemRoutineAddress(&name) == NULL;
    Out[8] = MmIsAddressValid(&v);
    Out[9] = MmIsAddressValid(NULL);
    return STATUS_SUCCESS;
}

/* ---- executive objects ---- */
static NPAGED_LOOKASIDE_LIST Lookaside;
static FAST_MUTEX FastMutex;
static ERESOURCE Resource;
static EX_RUNDOWN_REF Rundown;
static SLIST_HEADER SList;
static RTL_RUN_ONCE Once = RTL_RUN_ONCE_INIT;
static KEVENT TimerEvent;
static LONG OnceCalls;
typedef struct { SLIST_ENTRY Link; LONG Value; } ITEM;

static ULONG NTAPI InitOnce(PRTL_RUN_ONCE RunOnce, PVOID Parameter, PVOID *Context)
{
    UNREFERENCED_PARAMETER(RunOnce);
    OnceCalls++;
    *Context = Parameter;
    return TRUE;
}
static VOID NTAPI ExTimerCallback(PEX_TIMER Timer, PVOID Context)
{
    UNREFERENCED_PARAMETER(Timer);
    Out[20] = KeGetCurrentIrql();
    if (InterlockedIncrement((PLONG)Context) == 2) KeSetEvent(&TimerEvent, 0, FALSE);
}

NTSTATUS RunObjects(void)
{
    PVOID a, b, c, ctx = NULL;
    ITEM i1, i2;
    PEX_TIMER timer;
    LONG fires = 0;

    ExInitializeNPagedLookasideList(&Lookaside, NULL, NULL, POOL_NX_ALLOCATION, 48, TAG, 0);
    a = ExAllocateFromNPagedLookasideList(&Lookaside);
    ExFreeToNPagedLookasideList(&Lookaside, a);
    b = ExAllocateFromNPagedLookasideList(&Lookaside);
    Out[0] = a != NULL && a == b;                 /* the freed block came back from the list */
    c = ExAllocateFromNPagedLookasideList(&Lookaside);
    ExFreeToNPagedLookasideList(&Lookaside, b);
    ExFreeToNPagedLookasideList(&Lookaside, c);
    Out[1] = (LONG)Lookaside.L.TotalAllocates;   /* 3 */
    ExDeleteNPagedLookasideList(&Lookaside);

    ExInitializeFastMutex(&FastMutex);
    ExAcquireFastMutex(&FastMutex);
    Out[2] = KeGetCurrentIrql();                 /* APC_LEVEL */
    Out[3] = ExTryToAcquireFastMutex(&FastMutex);/* FALSE: held */
    ExReleaseFastMutex(&FastMutex);
    Out[4] = KeGetCurrentIrql();

    ExInitializeResourceLite(&Resource);
    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&Resource, TRUE);
    Out[5] = (LONG)ExIsResourceAcquiredSharedLite(&Resource);
    Out[6] = ExIsResourceAcquiredExclusiveLite(&Resource);
    ExReleaseResourceLite(&Resource);
    ExAcquireResourceExclusiveLite(&Resource, TRUE);
    Out[7] = ExIsResourceAcquiredExclusiveLite(&Resource);
    ExReleaseResourceLite(&Resource);
    KeLeaveCriticalRegion();
    ExDeleteResourceLite(&Resource);

    ExInitializeRundownProtection(&Rundown);
    Out[8] = ExAcquireRundownProtection(&Rundown);
    ExReleaseRundownProtection(&Rundown);
    ExWaitForRundownProtectionRelease(&Rundown);
    Out[9] = ExAcquireRundownProtection(&Rundown);   /* FALSE after run-down */

    InitializeSListHead(&SList);
    i1.Value = 1; i2.Value = 2;
    InterlockedPushEntrySList(&SList, &i1.Link);
    InterlockedPushEntrySList(&SList, &i2.Link);
    Out[10] = ExQueryDepthSList(&SList);
    Out[11] = ((ITEM *)InterlockedPopEntrySList(&SList))->Value;   /* LIFO: 2 */
    Out[12] = ((ITEM *)InterlockedPopEntrySList(&SList))->Value;
    Out[13] = InterlockedPopEntrySList(&SList) == NULL;

    RtlRunOnceExecuteOnce(&Once, InitOnce, (PVOID)0x1234, &ctx);
    RtlRunOnceExecuteOnce(&Once, InitOnce, (PVOID)0x5678, &ctx);
    Out[14] = OnceCalls;
    Out[15] = (LONG)(ULONG_PTR)ctx;

    KeInitializeEvent(&TimerEvent, NotificationEvent, FALSE);
    timer = ExAllocateTimer(ExTimerCallback, &fires, EX_TIMER_HIGH_RESOLUTION);
    Out[16] = timer != NULL;
    ExSetTimer(timer, -10 * 1000 * 2, 10 * 1000 * 3, NULL);   /* 2 ms, then every 3 ms */
    Out[17] = KeWaitForSingleObject(&TimerEvent, Executive, KernelMode, FALSE, NULL);
    Out[18] = ExDeleteTimer(timer, TRUE, TRUE, NULL);
    Out[19] = fires;
    return STATUS_SUCCESS;
}
