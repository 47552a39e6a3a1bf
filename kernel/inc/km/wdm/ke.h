/* wdm/ke.h - the kernel core: IRQL, dispatcher objects, DPCs, timers, spin locks, waits (included by wdm.h). */
#pragma once

/* ---- IRQL (HAL) ---- */
NTHALAPI KIRQL NTAPI KfRaiseIrql(_In_ KIRQL NewIrql);
NTHALAPI VOID NTAPI KfLowerIrql(_In_ KIRQL NewIrql);
#define KeRaiseIrql(a, b)          *(b) = KfRaiseIrql(a)
#define KeLowerIrql(a)             KfLowerIrql(a)
#define KeRaiseIrqlToDpcLevel()    KfRaiseIrql(DISPATCH_LEVEL)
#define KeRaiseIrqlToSynchLevel()  KfRaiseIrql(SYNCH_LEVEL)

/* ---- dispatcher objects ---- */
/* Object type codes kept in DISPATCHER_HEADER.Type. */
typedef enum _KOBJECTS {
    EventNotificationObject = 0, EventSynchronizationObject = 1, MutantObject = 2, ProcessObject = 3,
    QueueObject = 4, SemaphoreObject = 5, ThreadObject = 6, GateObject = 7,
    TimerNotificationObject = 8, TimerSynchronizationObject = 9, Spare2Object = 10, Spare3Object = 11,
    Spare4Object = 12, Spare5Object = 13, Spare6Object = 14, Spare7Object = 15, Spare8Object = 16,
    ProfileCallbackObject = 17, ApcObject = 18, DpcObject = 19, DeviceQueueObject = 20,
    PriQueueObject = 21, InterruptObject = 22, ProfileObject = 23, Timer2NotificationObject = 24,
    Timer2SynchronizationObject = 25, ThreadedDpcObject = 26, MaximumKernelObject = 27
} KOBJECTS;

typedef struct _DISPATCHER_HEADER {
    union {
        struct {
            UCHAR Type;            /* KOBJECTS */
            union {
                UCHAR TimerControlFlags;
                UCHAR Abandoned;
                UCHAR Signalling;
            };
            UCHAR Size;            /* in LONGs */
            union {
                UCHAR Hand;
                UCHAR DebugActive;
            };
        };
        volatile LONG Lock;
        LONG LockNV;
    };
    LONG SignalState;
    LIST_ENTRY WaitListHead;
} DISPATCHER_HEADER, *PDISPATCHER_HEADER;

typedef struct _KEVENT {
    DISPATCHER_HEADER Header;
} KEVENT, *PKEVENT, *PRKEVENT;

typedef struct _KSEMAPHORE {
    DISPATCHER_HEADER Header;
    LONG Limit;
} KSEMAPHORE, *PKSEMAPHORE, *PRKSEMAPHORE;

typedef struct _KMUTANT {
    DISPATCHER_HEADER Header;
    LIST_ENTRY MutantListEntry;
    struct _KTHREAD *OwnerThread;
    BOOLEAN Abandoned;
    UCHAR ApcDisable;
} KMUTANT, *PKMUTANT, *PRKMUTANT, KMUTEX, *PKMUTEX, *PRKMUTEX;

struct _KDPC;
typedef struct _KTIMER {
    DISPATCHER_HEADER Header;
    ULARGE_INTEGER DueTime;       /* absolute interrupt time, 100 ns units */
    LIST_ENTRY TimerListEntry;
    struct _KDPC *Dpc;
    ULONG Processor;
    ULONG Period;                 /* milliseconds, 0 for one-shot */
} KTIMER, *PKTIMER, *PRKTIMER;

typedef struct _KWAIT_BLOCK {
    LIST_ENTRY WaitListEntry;
    UCHAR WaitType;
    volatile UCHAR BlockState;
    USHORT WaitKey;
    LONG SpareLong;
    union {
        struct _KTHREAD *Thread;
        struct _KQUEUE *NotificationQueue;
        struct _KDPC *Dpc;
    };
    PVOID Object;
    PVOID SparePtr;
} KWAIT_BLOCK, *PKWAIT_BLOCK, *PRKWAIT_BLOCK;
#define THREAD_WAIT_OBJECTS   3
#define MAXIMUM_WAIT_OBJECTS  64

NTKERNELAPI VOID NTAPI KeInitializeEvent(_Out_ PRKEVENT Event, _In_ EVENT_TYPE Type, _In_ BOOLEAN State);
NTKERNELAPI LONG NTAPI KeSetEvent(_Inout_ PRKEVENT Event, _In_ KPRIORITY Increment, _In_ _Literal_ BOOLEAN Wait);
NTKERNELAPI VOID NTAPI KeClearEvent(_Inout_ PRKEVENT Event);
NTKERNELAPI LONG NTAPI KeResetEvent(_Inout_ PRKEVENT Event);
NTKERNELAPI LONG NTAPI KeReadStateEvent(_In_ PRKEVENT Event);
NTKERNELAPI VOID NTAPI KeInitializeMutex(_Out_ PRKMUTEX Mutex, _In_ ULONG Level);
NTKERNELAPI LONG NTAPI KeReleaseMutex(_Inout_ PRKMUTEX Mutex, _In_ BOOLEAN Wait);
NTKERNELAPI LONG NTAPI KeReadStateMutex(_In_ PRKMUTEX Mutex);
NTKERNELAPI VOID NTAPI KeInitializeSemaphore(_Out_ PRKSEMAPHORE Semaphore, _In_ LONG Count, _In_ LONG Limit);
NTKERNELAPI LONG NTAPI KeReleaseSemaphore(_Inout_ PRKSEMAPHORE Semaphore, _In_ KPRIORITY Increment, _In_ LONG Adjustment, _In_ _Literal_ BOOLEAN Wait);
NTKERNELAPI LONG NTAPI KeReadStateSemaphore(_In_ PRKSEMAPHORE Semaphore);

NTKERNELAPI NTSTATUS NTAPI KeWaitForSingleObject(_In_ _Points_to_data_ PVOID Object, _In_ KWAIT_REASON WaitReason,
    _In_ KPROCESSOR_MODE WaitMode, _In_ BOOLEAN Alertable, _In_opt_ PLARGE_INTEGER Timeout);
NTKERNELAPI NTSTATUS NTAPI KeWaitForMultipleObjects(_In_ ULONG Count, _In_reads_(Count) PVOID Object[], _In_ WAIT_TYPE WaitType,
    _In_ KWAIT_REASON WaitReason, _In_ KPROCESSOR_MODE WaitMode, _In_ BOOLEAN Alertable,
    _In_opt_ PLARGE_INTEGER Timeout, _Out_opt_ PKWAIT_BLOCK WaitBlockArray);
#define KeWaitForMutexObject KeWaitForSingleObject
NTKERNELAPI NTSTATUS NTAPI KeDelayExecutionThread(_In_ KPROCESSOR_MODE WaitMode, _In_ BOOLEAN Alertable, _In_ PLARGE_INTEGER Interval);

/* ---- deferred procedure calls ---- */
typedef _Function_class_(KDEFERRED_ROUTINE) _IRQL_requires_max_(DISPATCH_LEVEL) _IRQL_requires_min_(DISPATCH_LEVEL)
_IRQL_requires_(DISPATCH_LEVEL) _IRQL_requires_same_
VOID NTAPI KDEFERRED_ROUTINE(_In_ struct _KDPC *Dpc, _In_opt_ PVOID DeferredContext,
    _In_opt_ PVOID SystemArgument1, _In_opt_ PVOID SystemArgument2);
typedef KDEFERRED_ROUTINE *PKDEFERRED_ROUTINE;

typedef enum _KDPC_IMPORTANCE { LowImportance, MediumImportance, HighImportance, MediumHighImportance } KDPC_IMPORTANCE;

typedef struct _KDPC {
    union {
        ULONG TargetInfoAsUlong;
        struct {
            UCHAR Type;            /* DpcObject or ThreadedDpcObject */
            UCHAR Importance;      /* KDPC_IMPORTANCE */
            volatile USHORT Number;
        };
    };
    SINGLE_LIST_ENTRY DpcListEntry;
    KAFFINITY ProcessorHistory;
    PKDEFERRED_ROUTINE DeferredRoutine;
    PVOID DeferredContext;
    PVOID SystemArgument1;
    PVOID SystemArgument2;
    __volatile PVOID DpcData;      /* non-NULL while queued */
} KDPC, *PKDPC, *PRKDPC;

NTKERNELAPI VOID NTAPI KeInitializeDpc(_Out_ PRKDPC Dpc, _In_ PKDEFERRED_ROUTINE DeferredRoutine, _In_opt_ PVOID DeferredContext);
NTKERNELAPI VOID NTAPI KeInitializeThreadedDpc(_Out_ PRKDPC Dpc, _In_ PKDEFERRED_ROUTINE DeferredRoutine, _In_opt_ PVOID DeferredContext);
NTKERNELAPI BOOLEAN NTAPI KeInsertQueueDpc(_Inout_ PRKDPC Dpc, _In_opt_ PVOID SystemArgument1, _In_opt_ PVOID SystemArgument2);
NTKERNELAPI BOOLEAN NTAPI KeRemoveQueueDpc(_Inout_ PRKDPC Dpc);
NTKERNELAPI VOID NTAPI KeSetImportanceDpc(_Inout_ PRKDPC Dpc, _In_ KDPC_IMPORTANCE Importance);
NTKERNELAPI VOID NTAPI KeSetTargetProcessorDpc(_Inout_ PRKDPC Dpc, _In_ CCHAR Number);
NTKERNELAPI NTSTATUS NTAPI KeSetTargetProcessorDpcEx(_Inout_ PKDPC Dpc, _In_ PPROCESSOR_NUMBER ProcNumber);
NTKERNELAPI VOID NTAPI KeFlushQueuedDpcs(VOID);
NTKERNELAPI BOOLEAN NTAPI KeIsExecutingDpc(VOID);

/* ---- timers ---- */
NTKERNELAPI VOID NTAPI KeInitializeTimer(_Out_ PKTIMER Timer);
NTKERNELAPI VOID NTAPI KeInitializeTimerEx(_Out_ PKTIMER Timer, _In_ TIMER_TYPE Type);
NTKERNELAPI BOOLEAN NTAPI KeSetTimer(_Inout_ PKTIMER Timer, _In_ LARGE_INTEGER DueTime, _In_opt_ PKDPC Dpc);
NTKERNELAPI BOOLEAN NTAPI KeSetTimerEx(_Inout_ PKTIMER Timer, _In_ LARGE_INTEGER DueTime, _In_ LONG Period, _In_opt_ PKDPC Dpc);
NTKERNELAPI BOOLEAN NTAPI KeSetCoalescableTimer(_Inout_ PKTIMER Timer, _In_ LARGE_INTEGER DueTime, _In_ ULONG Period,
    _In_ ULONG TolerableDelay, _In_opt_ PKDPC Dpc);
NTKERNELAPI BOOLEAN NTAPI KeCancelTimer(_Inout_ PKTIMER Timer);
NTKERNELAPI BOOLEAN NTAPI KeReadStateTimer(_In_ PKTIMER Timer);

/* ---- time ---- */
NTKERNELAPI VOID NTAPI KeQuerySystemTime(_Out_ PLARGE_INTEGER CurrentTime);
NTKERNELAPI VOID NTAPI KeQuerySystemTimePrecise(_Out_ PLARGE_INTEGER CurrentTime);
NTKERNELAPI VOID NTAPI KeQueryTickCount(_Out_ PLARGE_INTEGER CurrentCount);
NTKERNELAPI ULONG NTAPI KeQueryTimeIncrement(VOID);
NTKERNELAPI ULONGLONG NTAPI KeQueryInterruptTime(VOID);
NTKERNELAPI ULONGLONG NTAPI KeQueryInterruptTimePrecise(_Out_ PULONG64 QpcTimeStamp);
NTKERNELAPI ULONGLONG NTAPI KeQueryUnbiasedInterruptTime(VOID);
NTHALAPI LARGE_INTEGER NTAPI KeQueryPerformanceCounter(_Out_opt_ PLARGE_INTEGER PerformanceFrequency);
NTHALAPI VOID NTAPI KeStallExecutionProcessor(_In_ ULONG MicroSeconds);

/* ---- spin locks ---- */
typedef struct _KSPIN_LOCK_QUEUE {
    struct _KSPIN_LOCK_QUEUE * volatile Next;
    PKSPIN_LOCK volatile Lock;
} KSPIN_LOCK_QUEUE, *PKSPIN_LOCK_QUEUE;

typedef struct _KLOCK_QUEUE_HANDLE {
    KSPIN_LOCK_QUEUE LockQueue;
    KIRQL OldIrql;
} KLOCK_QUEUE_HANDLE, *PKLOCK_QUEUE_HANDLE;

FORCEINLINE VOID KeInitializeSpinLock(_Out_ PKSPIN_LOCK SpinLock)
{
    *SpinLock = 0;
}

NTKERNELAPI KIRQL NTAPI KeAcquireSpinLockRaiseToDpc(_Inout_ PKSPIN_LOCK SpinLock);
NTKERNELAPI VOID NTAPI KeReleaseSpinLock(_Inout_ PKSPIN_LOCK SpinLock, _In_ KIRQL NewIrql);
#define KeAcquireSpinLock(SpinLock, OldIrql) *(OldIrql) = KeAcquireSpinLockRaiseToDpc(SpinLock)
NTKERNELAPI VOID NTAPI KeAcquireSpinLockAtDpcLevel(_Inout_ PKSPIN_LOCK SpinLock);
NTKERNELAPI VOID NTAPI KeReleaseSpinLockFromDpcLevel(_Inout_ PKSPIN_LOCK SpinLock);
NTKERNELAPI BOOLEAN NTAPI KeTryToAcquireSpinLockAtDpcLevel(_Inout_ PKSPIN_LOCK SpinLock);
NTKERNELAPI BOOLEAN NTAPI KeTestSpinLock(_In_ PKSPIN_LOCK SpinLock);
NTKERNELAPI KIRQL NTAPI KeAcquireSpinLockForDpc(_Inout_ PKSPIN_LOCK SpinLock);
NTKERNELAPI VOID NTAPI KeReleaseSpinLockForDpc(_Inout_ PKSPIN_LOCK SpinLock, _In_ KIRQL OldIrql);
NTKERNELAPI VOID NTAPI KeAcquireInStackQueuedSpinLock(_Inout_ PKSPIN_LOCK SpinLock, _Out_ PKLOCK_QUEUE_HANDLE LockHandle);
NTKERNELAPI VOID NTAPI KeReleaseInStackQueuedSpinLock(_In_ PKLOCK_QUEUE_HANDLE LockHandle);
NTKERNELAPI VOID NTAPI KeAcquireInStackQueuedSpinLockAtDpcLevel(_Inout_ PKSPIN_LOCK SpinLock, _Out_ PKLOCK_QUEUE_HANDLE LockHandle);
NTKERNELAPI VOID NTAPI KeReleaseInStackQueuedSpinLockFromDpcLevel(_In_ PKLOCK_QUEUE_HANDLE LockHandle);
NTKERNELAPI VOID NTAPI KeAcquireInStackQueuedSpinLockForDpc(_Inout_ PKSPIN_LOCK SpinLock, _Out_ PKLOCK_QUEUE_HANDLE LockHandle);
NTKERNELAPI VOID NTAPI KeReleaseInStackQueuedSpinLockForDpc(_In_ PKLOCK_QUEUE_HANDLE LockHandle);
NTKERNELAPI KIRQL NTAPI ExAcquireSpinLockShared(_Inout_ PEX_SPIN_LOCK SpinLock);
NTKERNELAPI KIRQL NTAPI ExAcquireSpinLockExclusive(_Inout_ PEX_SPIN_LOCK SpinLock);
NTKERNELAPI VOID NTAPI ExReleaseSpinLockShared(_Inout_ PEX_SPIN_LOCK SpinLock, _In_ KIRQL OldIrql);
NTKERNELAPI VOID NTAPI ExReleaseSpinLockExclusive(_Inout_ PEX_SPIN_LOCK SpinLock, _In_ KIRQL OldIrql);
NTKERNELAPI VOID NTAPI ExAcquireSpinLockSharedAtDpcLevel(_Inout_ PEX_SPIN_LOCK SpinLock);
NTKERNELAPI VOID NTAPI ExReleaseSpinLockSharedFromDpcLevel(_Inout_ PEX_SPIN_LOCK SpinLock);
NTKERNELAPI VOID NTAPI ExAcquireSpinLockExclusiveAtDpcLevel(_Inout_ PEX_SPIN_LOCK SpinLock);
NTKERNELAPI VOID NTAPI ExReleaseSpinLockExclusiveFromDpcLevel(_Inout_ PEX_SPIN_LOCK SpinLock);

/* ---- interrupts ---- */
typedef _Function_class_(KSERVICE_ROUTINE) _IRQL_requires_same_
BOOLEAN NTAPI KSERVICE_ROUTINE(_In_ struct _KINTERRUPT *Interrupt, _In_opt_ PVOID ServiceContext);
typedef KSERVICE_ROUTINE *PKSERVICE_ROUTINE;
typedef _Function_class_(KMESSAGE_SERVICE_ROUTINE) _IRQL_requires_same_
BOOLEAN NTAPI KMESSAGE_SERVICE_ROUTINE(_In_ struct _KINTERRUPT *Interrupt, _In_ PVOID ServiceContext, _In_ ULONG MessageID);
typedef KMESSAGE_SERVICE_ROUTINE *PKMESSAGE_SERVICE_ROUTINE;
typedef _Function_class_(KSYNCHRONIZE_ROUTINE) _IRQL_requires_same_
BOOLEAN NTAPI KSYNCHRONIZE_ROUTINE(_In_opt_ PVOID SynchronizeContext);
typedef KSYNCHRONIZE_ROUTINE *PKSYNCHRONIZE_ROUTINE;

/* The interrupt object (drivers hold a pointer from IoConnectInterrupt(Ex)). */
typedef struct _KINTERRUPT {
    CSHORT Type;
    CSHORT Size;
    LIST_ENTRY InterruptListEntry;
    PKSERVICE_ROUTINE ServiceRoutine;
    PKMESSAGE_SERVICE_ROUTINE MessageServiceRoutine;
    ULONG MessageIndex;
    PVOID ServiceContext;
    KSPIN_LOCK SpinLock;
    ULONG TickCount;
    PKSPIN_LOCK ActualLock;
    ULONG Vector;
    KIRQL Irql;
    KIRQL SynchronizeIrql;
    BOOLEAN FloatingSave;
    BOOLEAN Connected;
    ULONG Number;
    BOOLEAN ShareVector;
    KINTERRUPT_MODE Mode;
    KINTERRUPT_POLARITY Polarity;
    ULONG ServiceCount;
    ULONG DispatchCount;
} KINTERRUPT;

NTKERNELAPI BOOLEAN NTAPI KeSynchronizeExecution(_Inout_ PKINTERRUPT Interrupt, _In_ PKSYNCHRONIZE_ROUTINE SynchronizeRoutine,
    _In_opt_ PVOID SynchronizeContext);
NTKERNELAPI KIRQL NTAPI KeAcquireInterruptSpinLock(_Inout_ PKINTERRUPT Interrupt);
NTKERNELAPI VOID NTAPI KeReleaseInterruptSpinLock(_Inout_ PKINTERRUPT Interrupt, _In_ KIRQL OldIrql);

/* ---- device queues (classic StartIo drivers) ---- */
typedef struct _KDEVICE_QUEUE {
    CSHORT Type;
    CSHORT Size;
    LIST_ENTRY DeviceListHead;
    KSPIN_LOCK Lock;
    BOOLEAN Busy;
} KDEVICE_QUEUE, *PKDEVICE_QUEUE, *PRKDEVICE_QUEUE;

typedef struct _KDEVICE_QUEUE_ENTRY {
    LIST_ENTRY DeviceListEntry;
    ULONG SortKey;
    BOOLEAN Inserted;
} KDEVICE_QUEUE_ENTRY, *PKDEVICE_QUEUE_ENTRY, *PRKDEVICE_QUEUE_ENTRY;

NTKERNELAPI VOID NTAPI KeInitializeDeviceQueue(_Out_ PKDEVICE_QUEUE DeviceQueue);
NTKERNELAPI BOOLEAN NTAPI KeInsertDeviceQueue(_Inout_ PKDEVICE_QUEUE DeviceQueue, _Inout_ PKDEVICE_QUEUE_ENTRY DeviceQueueEntry);
NTKERNELAPI BOOLEAN NTAPI KeInsertByKeyDeviceQueue(_Inout_ PKDEVICE_QUEUE DeviceQueue, _Inout_ PKDEVICE_QUEUE_ENTRY DeviceQueueEntry, _In_ ULONG SortKey);
NTKERNELAPI PKDEVICE_QUEUE_ENTRY NTAPI KeRemoveDeviceQueue(_Inout_ PKDEVICE_QUEUE DeviceQueue);
NTKERNELAPI PKDEVICE_QUEUE_ENTRY NTAPI KeRemoveByKeyDeviceQueue(_Inout_ PKDEVICE_QUEUE DeviceQueue, _In_ ULONG SortKey);
NTKERNELAPI BOOLEAN NTAPI KeRemoveEntryDeviceQueue(_Inout_ PKDEVICE_QUEUE DeviceQueue, _Inout_ PKDEVICE_QUEUE_ENTRY DeviceQueueEntry);

/* ---- APCs (the IRP keeps one for completion in the caller's thread) ---- */
typedef struct _KAPC {
    UCHAR Type;
    UCHAR SpareByte0;
    UCHAR Size;
    UCHAR SpareByte1;
    ULONG SpareLong0;
    struct _KTHREAD *Thread;
    LIST_ENTRY ApcListEntry;
    PVOID Reserved[3];
    PVOID NormalContext;
    PVOID SystemArgument1;
    PVOID SystemArgument2;
    CCHAR ApcStateIndex;
    KPROCESSOR_MODE ApcMode;
    BOOLEAN Inserted;
} KAPC, *PKAPC, *PRKAPC;

typedef struct _KAPC_STATE {
    LIST_ENTRY ApcListHead[MaximumMode];
    struct _KPROCESS *Process;
    UCHAR InProgressFlags;
    BOOLEAN KernelApcPending;
    BOOLEAN UserApcPending;
} KAPC_STATE, *PKAPC_STATE, *PRKAPC_STATE;

NTKERNELAPI VOID NTAPI KeEnterCriticalRegion(VOID);
NTKERNELAPI VOID NTAPI KeLeaveCriticalRegion(VOID);
NTKERNELAPI VOID NTAPI KeEnterGuardedRegion(VOID);
NTKERNELAPI VOID NTAPI KeLeaveGuardedRegion(VOID);
NTKERNELAPI BOOLEAN NTAPI KeAreApcsDisabled(VOID);
NTKERNELAPI BOOLEAN NTAPI KeAreAllApcsDisabled(VOID);

/* ---- threads and processors ---- */
NTKERNELAPI PKTHREAD NTAPI KeGetCurrentThread(VOID);
NTKERNELAPI KPRIORITY NTAPI KeQueryPriorityThread(_In_ PKTHREAD Thread);
NTKERNELAPI KPRIORITY NTAPI KeSetPriorityThread(_Inout_ PKTHREAD Thread, _In_ KPRIORITY Priority);
NTKERNELAPI ULONG NTAPI KeGetCurrentProcessorNumber(VOID);
NTKERNELAPI ULONG NTAPI KeGetCurrentProcessorNumberEx(_Out_opt_ PPROCESSOR_NUMBER ProcNumber);
NTKERNELAPI ULONG NTAPI KeQueryActiveProcessorCount(_Out_opt_ PKAFFINITY ActiveProcessors);
NTKERNELAPI ULONG NTAPI KeQueryActiveProcessorCountEx(_In_ USHORT GroupNumber);
NTKERNELAPI ULONG NTAPI KeQueryMaximumProcessorCount(VOID);
NTKERNELAPI ULONG NTAPI KeQueryMaximumProcessorCountEx(_In_ USHORT GroupNumber);
NTKERNELAPI USHORT NTAPI KeQueryActiveGroupCount(VOID);
NTKERNELAPI KAFFINITY NTAPI KeQueryActiveProcessors(VOID);
NTKERNELAPI NTSTATUS NTAPI KeGetProcessorNumberFromIndex(_In_ ULONG ProcIndex, _Out_ PPROCESSOR_NUMBER ProcNumber);
NTKERNELAPI ULONG NTAPI KeGetProcessorIndexFromNumber(_In_ PPROCESSOR_NUMBER ProcNumber);
NTKERNELAPI VOID NTAPI KeSetSystemAffinityThread(_In_ KAFFINITY Affinity);
NTKERNELAPI KAFFINITY NTAPI KeSetSystemAffinityThreadEx(_In_ KAFFINITY Affinity);
NTKERNELAPI VOID NTAPI KeRevertToUserAffinityThread(VOID);
NTKERNELAPI VOID NTAPI KeRevertToUserAffinityThreadEx(_In_ KAFFINITY Affinity);
typedef _Function_class_(KIPI_BROADCAST_WORKER) _IRQL_requires_(IPI_LEVEL)
ULONG_PTR NTAPI KIPI_BROADCAST_WORKER(_In_ ULONG_PTR Argument);
typedef KIPI_BROADCAST_WORKER *PKIPI_BROADCAST_WORKER;
NTKERNELAPI ULONG_PTR NTAPI KeIpiGenericCall(_In_ PKIPI_BROADCAST_WORKER BroadcastFunction, _In_ ULONG_PTR Context);
#define KeFlushIoBuffers(Mdl, ReadOperation, DmaOperation) ((void)0)
NTKERNELAPI ULONG NTAPI KeGetRecommendedSharedDataAlignment(VOID);

/* ---- bug check callbacks ---- */
typedef enum _KBUGCHECK_BUFFER_DUMP_STATE {
    BufferEmpty, BufferInserted, BufferStarted, BufferFinished, BufferIncomplete
} KBUGCHECK_BUFFER_DUMP_STATE;

typedef _Function_class_(KBUGCHECK_CALLBACK_ROUTINE) _IRQL_requires_same_
VOID NTAPI KBUGCHECK_CALLBACK_ROUTINE(_In_ PVOID Buffer, _In_ ULONG Length);
typedef KBUGCHECK_CALLBACK_ROUTINE *PKBUGCHECK_CALLBACK_ROUTINE;

typedef struct _KBUGCHECK_CALLBACK_RECORD {
    LIST_ENTRY Entry;
    PKBUGCHECK_CALLBACK_ROUTINE CallbackRoutine;
    _Field_size_bytes_opt_(Length) PVOID Buffer;
    ULONG Length;
    PUCHAR Component;
    ULONG_PTR Checksum;
    UCHAR State;               /* KBUGCHECK_BUFFER_DUMP_STATE */
} KBUGCHECK_CALLBACK_RECORD, *PKBUGCHECK_CALLBACK_RECORD;

typedef enum _KBUGCHECK_CALLBACK_REASON {
    KbCallbackInvalid, KbCallbackReserved1, KbCallbackSecondaryDumpData, KbCallbackDumpIo,
    KbCallbackAddPages, KbCallbackSecondaryMultiPartDumpData, KbCallbackRemovePages,
    KbCallbackTriageDumpData, KbCallbackReserved2
} KBUGCHECK_CALLBACK_REASON;

struct _KBUGCHECK_REASON_CALLBACK_RECORD;
typedef _Function_class_(KBUGCHECK_REASON_CALLBACK_ROUTINE) _IRQL_requires_same_
VOID NTAPI KBUGCHECK_REASON_CALLBACK_ROUTINE(_In_ KBUGCHECK_CALLBACK_REASON Reason,
    _In_ struct _KBUGCHECK_REASON_CALLBACK_RECORD *Record, _Inout_ PVOID ReasonSpecificData, _In_ ULONG ReasonSpecificDataLength);
typedef KBUGCHECK_REASON_CALLBACK_ROUTINE *PKBUGCHECK_REASON_CALLBACK_ROUTINE;

typedef struct _KBUGCHECK_REASON_CALLBACK_RECORD {
    LIST_ENTRY Entry;
    PKBUGCHECK_REASON_CALLBACK_ROUTINE CallbackRoutine;
    PUCHAR Component;
    ULONG_PTR Checksum;
    KBUGCHECK_CALLBACK_REASON Reason;
    UCHAR State;
} KBUGCHECK_REASON_CALLBACK_RECORD, *PKBUGCHECK_REASON_CALLBACK_RECORD;

#define KeInitializeCallbackRecord(CallbackRecord) (CallbackRecord)->State = BufferEmpty
NTKERNELAPI BOOLEAN NTAPI KeRegisterBugCheckCallback(_Out_ PKBUGCHECK_CALLBACK_RECORD CallbackRecord,
    _In_ PKBUGCHECK_CALLBACK_ROUTINE CallbackRoutine, _In_reads_bytes_opt_(Length) PVOID Buffer,
    _In_ ULONG Length, _In_ PUCHAR Component);
NTKERNELAPI BOOLEAN NTAPI KeDeregisterBugCheckCallback(_Inout_ PKBUGCHECK_CALLBACK_RECORD CallbackRecord);
NTKERNELAPI BOOLEAN NTAPI KeRegisterBugCheckReasonCallback(_Out_ PKBUGCHECK_REASON_CALLBACK_RECORD CallbackRecord,
    _In_ PKBUGCHECK_REASON_CALLBACK_ROUTINE CallbackRoutine, _In_ KBUGCHECK_CALLBACK_REASON Reason, _In_ PUCHAR Component);
NTKERNELAPI BOOLEAN NTAPI KeDeregisterBugCheckReasonCallback(_Inout_ PKBUGCHECK_REASON_CALLBACK_RECORD CallbackRecord);

/* ---- floating point / extended processor state ---- */
typedef struct _KFLOATING_SAVE {
    ULONG Dummy;
} KFLOATING_SAVE, *PKFLOATING_SAVE;

typedef struct _XSTATE_SAVE {
    LONG64 Reserved1;
    ULONG Reserved2;
    struct _XSTATE_SAVE *Prev;
    PVOID Reserved3;
    struct _KTHREAD *Thread;
    PVOID Reserved4;
    UCHAR Level;
} XSTATE_SAVE, *PXSTATE_SAVE;

#define XSTATE_LEGACY_FLOATING_POINT 0
#define XSTATE_LEGACY_SSE            1
#define XSTATE_AVX                   2
#define XSTATE_MASK_LEGACY_FLOATING_POINT (1ULL << XSTATE_LEGACY_FLOATING_POINT)
#define XSTATE_MASK_LEGACY_SSE            (1ULL << XSTATE_LEGACY_SSE)
#define XSTATE_MASK_LEGACY                (XSTATE_MASK_LEGACY_FLOATING_POINT | XSTATE_MASK_LEGACY_SSE)
#define XSTATE_MASK_AVX                   (1ULL << XSTATE_AVX)

NTKERNELAPI NTSTATUS NTAPI KeSaveFloatingPointState(_Out_ PKFLOATING_SAVE FloatSave);
NTKERNELAPI NTSTATUS NTAPI KeRestoreFloatingPointState(_In_ PKFLOATING_SAVE FloatSave);
NTKERNELAPI NTSTATUS NTAPI KeSaveExtendedProcessorState(_In_ ULONG64 Mask, _Out_ PXSTATE_SAVE XStateSave);
NTKERNELAPI VOID NTAPI KeRestoreExtendedProcessorState(_In_ PXSTATE_SAVE XStateSave);

/* ---- processor control region ---- */
/* The thread information block; in kernel mode the KPCR's first bytes, which x64 reuses for GdtBase..Used_Self. */
typedef struct _NT_TIB {
    struct _EXCEPTION_REGISTRATION_RECORD *ExceptionList;
    PVOID StackBase;
    PVOID StackLimit;
    PVOID SubSystemTib;
    union { PVOID FiberData; ULONG Version; };
    PVOID ArbitraryUserPointer;
    struct _NT_TIB *Self;
} NT_TIB, *PNT_TIB;

struct _KPRCB;
/* x64 KPCR, the part wdm.h shows (the KPRCB that follows it is the kernel's own): one per processor. */
typedef struct _KPCR {
    union {
        NT_TIB NtTib;
        struct {
            PVOID GdtBase;
            PVOID TssBase;
            ULONG64 UserRsp;
            struct _KPCR *Self;
            struct _KPRCB *CurrentPrcb;
            PVOID LockArray;
            PVOID Used_Self;
        };
    };
    PVOID IdtBase;
    ULONG64 Unused[2];
    KIRQL Irql;
    UCHAR SecondLevelCacheAssociativity;
    UCHAR ObsoleteNumber;
    UCHAR Fill0;
    ULONG Unused0[3];
    USHORT MajorVersion;
    USHORT MinorVersion;
    ULONG StallScaleFactor;
    PVOID Unused1[3];
    ULONG KernelReserved[15];
    ULONG SecondLevelCacheSize;
    ULONG HalReserved[16];
    ULONG Unused2;
    PVOID KdVersionBlock;
    PVOID Unused3;
    ULONG PcrAlign1[24];
} KPCR, *PKPCR;
