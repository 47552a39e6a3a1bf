/* wdm/ps.h - processes and threads: system threads and the current process/thread (included by wdm.h). */
#pragma once

#define PsGetCurrentProcess IoGetCurrentProcess
extern PEPROCESS PsInitialSystemProcess;

#define THREAD_TERMINATE                 (0x0001)
#define THREAD_SUSPEND_RESUME            (0x0002)
#define THREAD_ALERT                     (0x0004)
#define THREAD_GET_CONTEXT               (0x0008)
#define THREAD_SET_CONTEXT               (0x0010)
#define THREAD_SET_INFORMATION           (0x0020)
#define THREAD_SET_LIMITED_INFORMATION   (0x0400)
#define THREAD_QUERY_LIMITED_INFORMATION (0x0800)
#define THREAD_ALL_ACCESS                (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0xFFFF)
#define PROCESS_TERMINATE                (0x0001)
#define PROCESS_CREATE_THREAD            (0x0002)
#define PROCESS_VM_OPERATION             (0x0008)
#define PROCESS_VM_READ                  (0x0010)
#define PROCESS_VM_WRITE                 (0x0020)
#define PROCESS_DUP_HANDLE               (0x0040)
#define PROCESS_CREATE_PROCESS           (0x0080)
#define PROCESS_SET_QUOTA                (0x0100)
#define PROCESS_SET_INFORMATION          (0x0200)
#define PROCESS_QUERY_INFORMATION        (0x0400)
#define PROCESS_SUSPEND_RESUME           (0x0800)
#define PROCESS_QUERY_LIMITED_INFORMATION (0x1000)
#define PROCESS_ALL_ACCESS               (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0xFFFF)
#define NtCurrentProcess()               ((HANDLE)(LONG_PTR)-1)
#define ZwCurrentProcess()               NtCurrentProcess()
#define NtCurrentThread()                ((HANDLE)(LONG_PTR)-2)
#define ZwCurrentThread()                NtCurrentThread()

typedef _Function_class_(KSTART_ROUTINE) _IRQL_requires_same_
VOID NTAPI KSTART_ROUTINE(_In_ PVOID StartContext);
typedef KSTART_ROUTINE *PKSTART_ROUTINE;

NTKERNELAPI NTSTATUS NTAPI PsCreateSystemThread(_Out_ PHANDLE ThreadHandle, _In_ ULONG DesiredAccess,
    _In_opt_ POBJECT_ATTRIBUTES ObjectAttributes, _In_opt_ HANDLE ProcessHandle, _Out_opt_ PCLIENT_ID ClientId,
    _In_ PKSTART_ROUTINE StartRoutine, _In_opt_ _When_(return >= 0, __drv_aliasesMem) PVOID StartContext);
NTKERNELAPI NTSTATUS NTAPI PsTerminateSystemThread(_In_ NTSTATUS ExitStatus);
NTKERNELAPI PETHREAD NTAPI PsGetCurrentThread(VOID);
NTKERNELAPI HANDLE NTAPI PsGetCurrentProcessId(VOID);
NTKERNELAPI HANDLE NTAPI PsGetCurrentThreadId(VOID);
NTKERNELAPI HANDLE NTAPI PsGetProcessId(_In_ PEPROCESS Process);
NTKERNELAPI HANDLE NTAPI PsGetThreadId(_In_ PETHREAD Thread);
NTKERNELAPI HANDLE NTAPI PsGetThreadProcessId(_In_ PETHREAD Thread);
NTKERNELAPI BOOLEAN NTAPI PsIsSystemThread(_In_ PETHREAD Thread);
NTKERNELAPI BOOLEAN NTAPI PsIsThreadTerminating(_In_ PETHREAD Thread);
NTKERNELAPI LONGLONG NTAPI PsGetProcessCreateTimeQuadPart(_In_ PEPROCESS Process);
NTKERNELAPI KPROCESSOR_MODE NTAPI PsGetCurrentThreadPreviousMode(VOID);
NTKERNELAPI BOOLEAN NTAPI PsGetVersion(_Out_opt_ PULONG MajorVersion, _Out_opt_ PULONG MinorVersion,
    _Out_opt_ PULONG BuildNumber, _Out_opt_ PUNICODE_STRING CSDVersion);
