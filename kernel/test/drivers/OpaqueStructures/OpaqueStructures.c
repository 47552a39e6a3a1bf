/* The opaque structures no other test driver uses, each through its routines as a driver would
   (kernel/ntos/test/opaque-structures.test.ts). */
#include <ntddk.h>

LONG Out[16];
KBUGCHECK_CALLBACK_RECORD BugCheckRecord;
KBUGCHECK_REASON_CALLBACK_RECORD BugCheckReasonRecord;
static UCHAR CallbackBuffer[16];
static ULONG BitmapBuffer[2];

static VOID NTAPI OnBugCheck(PVOID Buffer, ULONG Length)
{
    UNREFERENCED_PARAMETER(Buffer);
    Out[10] = (LONG)Length;
}

static VOID NTAPI OnBugCheckReason(KBUGCHECK_CALLBACK_REASON Reason, PKBUGCHECK_REASON_CALLBACK_RECORD Record,
    PVOID ReasonSpecificData, ULONG ReasonSpecificDataLength)
{
    UNREFERENCED_PARAMETER(Record);
    UNREFERENCED_PARAMETER(ReasonSpecificData);
    UNREFERENCED_PARAMETER(ReasonSpecificDataLength);
    Out[11] = (LONG)Reason + 100;
}

VOID RunBugCheckCallbacks(VOID)
{
    KeInitializeCallbackRecord(&BugCheckRecord);
    KeInitializeCallbackRecord(&BugCheckReasonRecord);
    Out[0] = KeRegisterBugCheckCallback(&BugCheckRecord, OnBugCheck, CallbackBuffer, sizeof(CallbackBuffer), (PUCHAR)"Opaque");
    Out[1] = KeRegisterBugCheckReasonCallback(&BugCheckReasonRecord, OnBugCheckReason, KbCallbackSecondaryDumpData, (PUCHAR)"Opaque");
}

VOID RunLocksAndState(VOID)
{
    KGUARDED_MUTEX guarded;
    KSPIN_LOCK spin;
    KLOCK_QUEUE_HANDLE queue;
    KFLOATING_SAVE fp;
    XSTATE_SAVE xs;

    KeInitializeGuardedMutex(&guarded);
    KeAcquireGuardedMutex(&guarded);
    Out[0] = KeTryToAcquireGuardedMutex(&guarded) + 10; /* held: FALSE */
    KeReleaseGuardedMutex(&guarded);
    if (KeTryToAcquireGuardedMutex(&guarded)) { Out[0] += 100; KeReleaseGuardedMutex(&guarded); }

    KeInitializeSpinLock(&spin);
    KeAcquireInStackQueuedSpinLock(&spin, &queue);
    Out[1] = KeGetCurrentIrql();
    KeReleaseInStackQueuedSpinLock(&queue);
    Out[2] = KeGetCurrentIrql();

    Out[3] = KeSaveFloatingPointState(&fp);
    if (NT_SUCCESS(Out[3])) KeRestoreFloatingPointState(&fp);
    Out[4] = KeSaveExtendedProcessorState(XSTATE_MASK_LEGACY, &xs);
    if (NT_SUCCESS(Out[4])) KeRestoreExtendedProcessorState(&xs);
}

VOID RunListsAndBitmap(VOID)
{
    LOOKASIDE_LIST_EX ex;
    PAGED_LOOKASIDE_LIST paged;
    RTL_BITMAP bitmap;
    PVOID a, b;

    Out[0] = ExInitializeLookasideListEx(&ex, NULL, NULL, NonPagedPoolNx, 0, 48, 'xLpO', 0);
    a = ExAllocateFromLookasideListEx(&ex);
    Out[1] = a != NULL;
    if (a) ExFreeToLookasideListEx(&ex, a);
    ExDeleteLookasideListEx(&ex);

    ExInitializePagedLookasideList(&paged, NULL, NULL, 0, 64, 'gPpO', 0);
    b = ExAllocateFromPagedLookasideList(&paged);
    Out[2] = b != NULL;
    if (b) ExFreeToPagedLookasideList(&paged, b);
    ExDeletePagedLookasideList(&paged);

    RtlInitializeBitMap(&bitmap, BitmapBuffer, 40);
    RtlClearAllBits(&bitmap);
    RtlSetBits(&bitmap, 3, 5);
    Out[3] = (LONG)RtlNumberOfSetBits(&bitmap);
    Out[4] = (LONG)RtlFindClearBitsAndSet(&bitmap, 4, 0);
    Out[5] = (LONG)RtlNumberOfSetBits(&bitmap);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    return STATUS_SUCCESS;
}

/* Which APCs each region turns off, as pairs (KeAreApcsDisabled, KeAreAllApcsDisabled):
   [0,1] outside, [2,3] in a critical region, [4,5] in a guarded region, [6,7] holding a guarded mutex,
   [8,9] after releasing it, [10,11] nested critical+guarded after leaving the guarded one, [12,13] at APC_LEVEL. */
VOID RunApcRegions(VOID)
{
    KGUARDED_MUTEX guarded;
    KIRQL old;

    Out[0] = KeAreApcsDisabled(); Out[1] = KeAreAllApcsDisabled();
    KeEnterCriticalRegion();
    Out[2] = KeAreApcsDisabled(); Out[3] = KeAreAllApcsDisabled();
    KeLeaveCriticalRegion();
    KeEnterGuardedRegion();
    Out[4] = KeAreApcsDisabled(); Out[5] = KeAreAllApcsDisabled();
    KeLeaveGuardedRegion();
    KeInitializeGuardedMutex(&guarded);
    KeAcquireGuardedMutex(&guarded);
    Out[6] = KeAreApcsDisabled(); Out[7] = KeAreAllApcsDisabled();
    KeReleaseGuardedMutex(&guarded);
    Out[8] = KeAreApcsDisabled(); Out[9] = KeAreAllApcsDisabled();
    KeEnterCriticalRegion();
    KeEnterGuardedRegion();
    KeLeaveGuardedRegion();
    Out[10] = KeAreApcsDisabled(); Out[11] = KeAreAllApcsDisabled();
    KeLeaveCriticalRegion();
    KeRaiseIrql(APC_LEVEL, &old);
    Out[12] = KeAreApcsDisabled(); Out[13] = KeAreAllApcsDisabled();
    KeLowerIrql(old);
}

/* The rest of the routines the opaque-structures article names, each once as a driver would call it:
   [0,1] bug check callbacks deregistered (TRUE), again (FALSE); [2] IRQL inside the at-DPC-level queued lock;
   [3] fast mutex taken Unsafe inside a critical region; [4] guarded mutex taken Unsafe inside a guarded region;
   [5,6,7] RTL_RUN_ONCE: begin (pending), complete, begin again (success) and [8] the context it hands back;
   ExFlushLookasideListEx (the test checks nothing stays in pool); [10,11] KeReadStateTimer before and after the timer expires. */
VOID RunRemainingRoutines(VOID)
{
    static KBUGCHECK_CALLBACK_RECORD record;
    static KBUGCHECK_REASON_CALLBACK_RECORD reason;
    static UCHAR buffer[8];
    KSPIN_LOCK spin;
    KLOCK_QUEUE_HANDLE queue;
    KIRQL old;
    FAST_MUTEX fast;
    KGUARDED_MUTEX guarded;
    RTL_RUN_ONCE once;
    PVOID context = NULL;
    LOOKASIDE_LIST_EX list;
    PVOID entry;
    KTIMER timer;
    LARGE_INTEGER due, wait;

    KeInitializeCallbackRecord(&record);
    reason.State = BufferEmpty;
    KeRegisterBugCheckCallback(&record, OnBugCheck, buffer, sizeof(buffer), (PUCHAR)"Opaque2");
    KeRegisterBugCheckReasonCallback(&reason, OnBugCheckReason, KbCallbackSecondaryDumpData, (PUCHAR)"Opaque2");
    Out[0] = KeDeregisterBugCheckCallback(&record) + KeDeregisterBugCheckReasonCallback(&reason);
    Out[1] = KeDeregisterBugCheckCallback(&record) + KeDeregisterBugCheckReasonCallback(&reason);

    KeInitializeSpinLock(&spin);
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    KeAcquireInStackQueuedSpinLockAtDpcLevel(&spin, &queue);
    Out[2] = KeGetCurrentIrql();
    KeReleaseInStackQueuedSpinLockFromDpcLevel(&queue);
    KeLowerIrql(old);

    ExInitializeFastMutex(&fast);
    KeEnterCriticalRegion();
    ExAcquireFastMutexUnsafe(&fast);
    Out[3] = ExTryToAcquireFastMutex(&fast) + 10;     /* held: FALSE */
    ExReleaseFastMutexUnsafe(&fast);
    KeLeaveCriticalRegion();

    KeInitializeGuardedMutex(&guarded);
    KeEnterGuardedRegion();
    KeAcquireGuardedMutexUnsafe(&guarded);
    Out[4] = KeTryToAcquireGuardedMutex(&guarded) + 10; /* held: FALSE */
    KeReleaseGuardedMutexUnsafe(&guarded);
    KeLeaveGuardedRegion();

    RtlRunOnceInitialize(&once);
    Out[5] = RtlRunOnceBeginInitialize(&once, 0, &context);
    Out[6] = RtlRunOnceComplete(&once, 0, (PVOID)(ULONG_PTR)0x40);
    Out[7] = RtlRunOnceBeginInitialize(&once, 0, &context);
    Out[8] = (LONG)(ULONG_PTR)context;

    ExInitializeLookasideListEx(&list, NULL, NULL, NonPagedPoolNx, 0, 32, 'lFpO', 0);
    entry = ExAllocateFromLookasideListEx(&list);
    if (entry) ExFreeToLookasideListEx(&list, entry);
    ExFlushLookasideListEx(&list);
    ExDeleteLookasideListEx(&list);

    KeInitializeTimer(&timer);
    Out[10] = KeReadStateTimer(&timer);
    due.QuadPart = -10 * 1000;          /* 1 ms */
    KeSetTimer(&timer, due, NULL);
    wait.QuadPart = -10 * 1000 * 5;
    KeDelayExecutionThread(KernelMode, FALSE, &wait);
    Out[11] = KeReadStateTimer(&timer);
}
