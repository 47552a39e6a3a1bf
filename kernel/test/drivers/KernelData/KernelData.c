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
    Out[2] = SeSinglePrivilegeCheck(RtlConvertLongToLuid(SE_MAX_WELL_KNOWN_PRIVILEGE + 1), UserMode);
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

/* The access and privilege checks a driver makes on a caller (kernel/ntos/se/test/kernel-data.test.ts runs this
 * in the System process and in a user process, whose token is an administrator's). */
static GENERIC_MAPPING Mapping = { FILE_GENERIC_READ, FILE_GENERIC_WRITE, FILE_GENERIC_EXECUTE, FILE_ALL_ACCESS };

VOID RunAccessChecks(VOID)
{
    SECURITY_SUBJECT_CONTEXT context;
    SECURITY_DESCRIPTOR explicitSd;
    ACL emptyDacl;
    PSECURITY_DESCRIPTOR assigned = NULL;
    PPRIVILEGE_SET used = (PPRIVILEGE_SET)(ULONG_PTR)1;
    ACCESS_MASK granted = 0;
    NTSTATUS status = STATUS_UNSUCCESSFUL;
    struct { PRIVILEGE_SET Set; LUID_AND_ATTRIBUTES More[1]; } required;

    SeCaptureSubjectContext(&context);
    Out[0] = SeAccessCheck(NULL, &context, FALSE, GENERIC_READ, 0, &used, &Mapping, KernelMode, &granted, &status);
    Out[1] = granted == FILE_GENERIC_READ;
    Out[2] = status;
    Out[3] = used == NULL;
    SeAccessCheck(NULL, &context, FALSE, MAXIMUM_ALLOWED, 0, NULL, &Mapping, KernelMode, &granted, &status);
    Out[4] = granted == FILE_ALL_ACCESS;

    Out[5] = SeSinglePrivilegeCheck(RtlConvertLongToLuid(SE_TCB_PRIVILEGE), UserMode);
    Out[6] = SeSinglePrivilegeCheck(RtlConvertLongToLuid(SE_LOAD_DRIVER_PRIVILEGE), UserMode);
    Out[7] = SeSinglePrivilegeCheck(RtlConvertLongToLuid(SE_TCB_PRIVILEGE), KernelMode);

    RtlZeroMemory(&required, sizeof(required));
    required.Set.PrivilegeCount = 2;
    required.Set.Control = PRIVILEGE_SET_ALL_NECESSARY;
    required.Set.Privilege[0].Luid = RtlConvertLongToLuid(SE_TCB_PRIVILEGE);
    required.More[0].Luid = RtlConvertLongToLuid(SE_LOAD_DRIVER_PRIVILEGE);
    Out[8] = SePrivilegeCheck(&required.Set, &context, UserMode);
    Out[9] = (required.Set.Privilege[0].Attributes & SE_PRIVILEGE_USED_FOR_ACCESS) != 0;
    Out[10] = (required.More[0].Attributes & SE_PRIVILEGE_USED_FOR_ACCESS) != 0;
    required.Set.Control = 0;
    Out[11] = SePrivilegeCheck(&required.Set, &context, UserMode);
    required.Set.Control = PRIVILEGE_SET_ALL_NECESSARY;
    Out[12] = SePrivilegeCheck(&required.Set, &context, KernelMode);

    RtlZeroMemory(&explicitSd, sizeof(explicitSd));
    RtlZeroMemory(&emptyDacl, sizeof(emptyDacl));
    emptyDacl.AclRevision = 2;
    emptyDacl.AclSize = sizeof(ACL);
    explicitSd.Revision = SECURITY_DESCRIPTOR_REVISION;
    explicitSd.Control = SE_DACL_PRESENT;
    explicitSd.Dacl = &emptyDacl;
    Out[13] = SeAssignSecurity(NULL, &explicitSd, &assigned, FALSE, &context, &Mapping, PagedPool);
    if (assigned) {
        /* Self-relative: the offsets follow the control word; the owner SID's last subauthority says who. */
        PUCHAR base = (PUCHAR)assigned;
        ULONG ownerOffset = *(ULONG UNALIGNED *)(base + 4), daclOffset = *(ULONG UNALIGNED *)(base + 16);
        PISID owner = (PISID)(base + ownerOffset);
        Out[14] = ((PISECURITY_DESCRIPTOR)assigned)->Control;
        Out[15] = (LONG)owner->SubAuthority[owner->SubAuthorityCount - 1];
        Out[16] = daclOffset != 0 && ((PACL)(base + daclOffset))->AclSize == sizeof(ACL);
    }
    Out[17] = SeDeassignSecurity(&assigned);
    Out[18] = assigned == NULL;
    SeReleaseSubjectContext(&context);
}
