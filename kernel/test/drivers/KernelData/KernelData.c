/* Reads the kernel's exported variables and checks object types by handle (kernel/ntos/test/kernel-data.test.ts). */
#include <ntifs.h>

LONG Out[24];
PVOID Types[4];

static VOID NTAPI Worker(PVOID Context) { UNREFERENCED_PARAMETER(Context); }

VOID RunVariables(VOID)
{
    Out[0] = KD_DEBUGGER_ENABLED;
    Out[1] = KD_DEBUGGER_NOT_PRESENT;
    Out[2] = (LONG)*InitSafeBootMode;
    Out[3] = (LONG)NtBuildNumber;
    Out[4] = (LONG)SeExports->SeLoadDriverPrivilege.LowPart;
    Out[5] = (LONG)SeExports->SeDebugPrivilege.LowPart;
    Out[6] = (LONG)SeExports->SeCreateGlobalPrivilege.LowPart;
    Types[0] = *IoFileObjectType;
    Types[1] = *PsProcessType;
    Types[2] = *PsThreadType;
    Types[3] = *ExEventObjectType;
}

VOID RunTypeCheck(VOID)
{
    HANDLE thread = NULL;
    PVOID object = NULL;
    Out[0] = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, NULL, NULL, NULL, Worker, NULL);
    Out[1] = ObReferenceObjectByHandle(thread, 0, *PsProcessType, KernelMode, &object, NULL);
    Out[2] = object == NULL;
    Out[3] = ObReferenceObjectByHandle(thread, 0, *PsThreadType, KernelMode, &object, NULL);
    Out[4] = object != NULL;
    if (object) ObDereferenceObject(object);
    object = NULL;
    Out[5] = ObReferenceObjectByHandle(thread, 0, NULL, KernelMode, &object, NULL);
    if (object) ObDereferenceObject(object);
    Out[6] = ObReferenceObjectByHandle(thread, 0, *IoFileObjectType, KernelMode, &object, NULL);
    ZwClose(thread);
}

VOID RunSecurity(VOID)
{
    SECURITY_SUBJECT_CONTEXT context;
    Out[0] = SeSinglePrivilegeCheck(SeExports->SeLoadDriverPrivilege, KernelMode);
    Out[1] = SeSinglePrivilegeCheck(RtlConvertLongToLuid(SE_DEBUG_PRIVILEGE), KernelMode);
    Out[2] = SeSinglePrivilegeCheck(RtlConvertLongToLuid(SE_MAX_WELL_KNOWN_PRIVILEGE + 1), KernelMode);
    SeCaptureSubjectContext(&context);
    Out[3] = context.PrimaryToken != NULL;
    Out[4] = context.ClientToken == NULL;
    Out[5] = context.ProcessAuditId == (PVOID)PsGetCurrentProcess();
    SeReleaseSubjectContext(&context);
    Out[6] = context.PrimaryToken == NULL;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    return STATUS_SUCCESS;
}

/* KdRefreshDebuggerNotPresent asks the transport; the variables follow. */
VOID RunRefresh(VOID)
{
    Out[0] = KdRefreshDebuggerNotPresent();
    Out[1] = KD_DEBUGGER_NOT_PRESENT;
    Out[2] = KD_DEBUGGER_ENABLED;
}
