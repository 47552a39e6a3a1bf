/*
 * ExecutiveSync: a test driver that uses the dispatcher the way drivers do. Each exported Run* routine is one
 * scenario; results land in the exported Results structure for the test to read.
 */
#include <ntddk.h>

typedef struct _RESULTS {
    LONG TimerFires;
    LONG DpcIrql;
    LONG ThreadSawFires;
    LONG WaitStatus;
    LONG TimeoutStatus;
    LONG MutexHeld;
    LONG ThreadDone;
    LONG ThreadObjectStatus;
    LONG SpinIrql;
    LONG AfterIrql;
    LONGLONG ElapsedTicks;
    ULONG Answer;
} RESULTS;

RESULTS Results;

static KTIMER Timer;
static KDPC TimerDpcObject;
static KEVENT Go, Done;
static KMUTEX Mutex;
static KSPIN_LOCK Lock;

static VOID TimerDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    UNREFERENCED_PARAMETER(Dpc); UNREFERENCED_PARAMETER(Context); UNREFERENCED_PARAMETER(Arg1); UNREFERENCED_PARAMETER(Arg2);
    Results.DpcIrql = KeGetCurrentIrql();
    if (InterlockedIncrement(&Results.TimerFires) == 3) {
        KeCancelTimer(&Timer);
        KeSetEvent(&Go, IO_NO_INCREMENT, FALSE);
    }
}

static VOID Worker(PVOID Context)
{
    LARGE_INTEGER timeout;
    UNREFERENCED_PARAMETER(Context);
    Results.WaitStatus = KeWaitForSingleObject(&Go, Executive, KernelMode, FALSE, NULL);
    Results.ThreadSawFires = Results.TimerFires;
    timeout.QuadPart = -10 * 1000 * 5; /* 5 ms */
    Results.TimeoutStatus = KeWaitForSingleObject(&Done, Executive, KernelMode, FALSE, &timeout);
    KeWaitForMutexObject(&Mutex, Executive, KernelMode, FALSE, NULL);
    Results.MutexHeld = KeReadStateMutex(&Mutex) == 0;
    KeReleaseMutex(&Mutex, FALSE);
    Results.ThreadDone = 1;
    PsTerminateSystemThread(STATUS_SUCCESS);
}

/* A periodic timer with a DPC signals an event a system thread waits for; the creator waits on the thread object. */
NTSTATUS RunTimerDpcThread(void)
{
    LARGE_INTEGER due;
    HANDLE thread;
    PVOID threadObject;
    NTSTATUS status;
    ULONGLONG start = KeQueryInterruptTime();

    KeInitializeEvent(&Go, NotificationEvent, FALSE);
    KeInitializeEvent(&Done, SynchronizationEvent, FALSE);
    KeInitializeMutex(&Mutex, 0);
    KeInitializeDpc(&TimerDpcObject, TimerDpc, NULL);
    KeInitializeTimerEx(&Timer, NotificationTimer);
    due.QuadPart = -10 * 1000 * 10; /* 10 ms, then every 10 ms */
    KeSetTimerEx(&Timer, due, 10, &TimerDpcObject);

    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, NULL, NULL, NULL, Worker, NULL);
    if (!NT_SUCCESS(status)) return status;
    status = ObReferenceObjectByHandle(thread, SYNCHRONIZE, NULL, KernelMode, &threadObject, NULL);
    ZwClose(thread);
    if (!NT_SUCCESS(status)) return status;
    Results.ThreadObjectStatus = KeWaitForSingleObject(threadObject, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(threadObject);
    Results.ElapsedTicks = (LONGLONG)(KeQueryInterruptTime() - start);
    return STATUS_SUCCESS;
}

/* Holding a spin lock raises to DISPATCH_LEVEL; a wait with a timeout there stops the system. */
NTSTATUS RunWaitAtDispatch(void)
{
    KIRQL old;
    LARGE_INTEGER timeout;
    KeInitializeSpinLock(&Lock);
    KeInitializeEvent(&Go, NotificationEvent, FALSE);
    KeAcquireSpinLock(&Lock, &old);
    Results.SpinIrql = KeGetCurrentIrql();
    KeReleaseSpinLock(&Lock, old);
    Results.AfterIrql = KeGetCurrentIrql();
    KeAcquireSpinLock(&Lock, &old);
    timeout.QuadPart = -10 * 1000;
    KeWaitForSingleObject(&Go, Executive, KernelMode, FALSE, &timeout);
    KeReleaseSpinLock(&Lock, old);
    return STATUS_SUCCESS;
}

/* The lab dongle on LPT1: write a challenge, pulse STROBE, read the answer in input mode. */
NTSTATUS RunDongle(void)
{
    PUCHAR base = (PUCHAR)0x378;
    WRITE_PORT_UCHAR(base + 2, 0x0C);      /* output mode, STROBE low */
    WRITE_PORT_UCHAR(base, 0x5A);           /* challenge */
    WRITE_PORT_UCHAR(base + 2, 0x0D);       /* STROBE high */
    KeStallExecutionProcessor(5);
    WRITE_PORT_UCHAR(base + 2, 0x0C);       /* falling edge: the dongle answers */
    WRITE_PORT_UCHAR(base + 2, 0x2C);       /* input mode */
    Results.Answer = READ_PORT_UCHAR(base) | ((ULONG)READ_PORT_UCHAR(base + 1) << 8);
    return STATUS_SUCCESS;
}

/* A thread that never waits: only the clock interrupt takes the processor from it. */
volatile LONG SpinStop;
ULONG SpinLoops;

static VOID Spinner(PVOID Context)
{
    ULONG n = 0;
    UNREFERENCED_PARAMETER(Context);
    while (!SpinStop) n++;
    SpinLoops = n;
    PsTerminateSystemThread(STATUS_SUCCESS);
}

/* RunTimerDpcThread with a spinning thread beside it: the timer DPC, the waiting worker and the spinner share the
   processor; the spinner is stopped and waited for at the end. */
NTSTATUS RunTimerDpcWithSpinner(void)
{
    HANDLE thread;
    PVOID spinner;
    NTSTATUS status;

    SpinStop = 0;
    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, NULL, NULL, NULL, Spinner, NULL);
    if (!NT_SUCCESS(status)) return status;
    status = ObReferenceObjectByHandle(thread, SYNCHRONIZE, NULL, KernelMode, &spinner, NULL);
    ZwClose(thread);
    if (!NT_SUCCESS(status)) return status;
    status = RunTimerDpcThread();
    SpinStop = 1;
    KeWaitForSingleObject(spinner, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(spinner);
    return status;
}
