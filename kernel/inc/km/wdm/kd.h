/*
 * wdm/kd.h - debug output and assertions (included by wdm.h).
 *
 * DbgPrint/DbgPrintEx are always compiled in. KdPrint/KdPrintEx, ASSERT and
 * NT_ASSERT exist only when DBG is 1 (Debug configuration) and compile to
 * nothing in Release. Note the double parentheses: KdPrintEx((id, level, fmt, ...)).
 */
#pragma once

/* DBG is defined (to 1) only by Debug builds; "#if DBG" treats it as 0 otherwise, as with the WDK. */

NTSYSAPI ULONG __cdecl DbgPrint(_In_z_ _Printf_format_string_ PCSTR Format, ...);
NTSYSAPI ULONG __cdecl DbgPrintEx(_In_ ULONG ComponentId, _In_ ULONG Level, _In_z_ _Printf_format_string_ PCSTR Format, ...);
NTSYSAPI ULONG NTAPI vDbgPrintEx(_In_ ULONG ComponentId, _In_ ULONG Level, _In_z_ PCCH Format, _In_ va_list arglist);
NTSYSAPI ULONG NTAPI vDbgPrintExWithPrefix(_In_z_ PCCH Prefix, _In_ ULONG ComponentId, _In_ ULONG Level,
    _In_z_ PCCH Format, _In_ va_list arglist);
NTSYSAPI ULONG __cdecl DbgPrintReturnControlC(_In_z_ _Printf_format_string_ PCCH Format, ...);
NTSYSAPI NTSTATUS NTAPI DbgQueryDebugFilterState(_In_ ULONG ComponentId, _In_ ULONG Level);
NTSYSAPI NTSTATUS NTAPI DbgSetDebugFilterState(_In_ ULONG ComponentId, _In_ ULONG Level, _In_ BOOLEAN State);
NTSYSAPI VOID NTAPI DbgBreakPoint(VOID);
NTSYSAPI VOID NTAPI DbgBreakPointWithStatus(_In_ ULONG Status);
/* Raises STATUS_ASSERTION_FAILURE (0xC0000420) to the debugger, as the int 2c behind NT_ASSERT does. */
NTSYSAPI VOID NTAPI DbgRaiseAssertionFailure(VOID);
#define DBG_STATUS_CONTROL_C       1
#define DBG_STATUS_SYSRQ           2
#define DBG_STATUS_BUGCHECK_FIRST  3
#define DBG_STATUS_BUGCHECK_SECOND 4
#define DBG_STATUS_FATAL           5
#define DBG_STATUS_DEBUG_CONTROL   6
#define DBG_STATUS_WORKER          7

/* Debugger state: the kernel exports BOOLEANs; drivers see them through pointers. */
extern PBOOLEAN KdDebuggerNotPresent;
extern PBOOLEAN KdDebuggerEnabled;
#define KD_DEBUGGER_ENABLED     *KdDebuggerEnabled
#define KD_DEBUGGER_NOT_PRESENT *KdDebuggerNotPresent
NTKERNELAPI BOOLEAN NTAPI KdRefreshDebuggerNotPresent(VOID);
NTKERNELAPI NTSTATUS NTAPI KdDisableDebugger(VOID);
NTKERNELAPI NTSTATUS NTAPI KdEnableDebugger(VOID);
typedef enum _KD_OPTION { KD_OPTION_SET_BLOCK_ENABLE } KD_OPTION;
NTKERNELAPI NTSTATUS NTAPI KdChangeOption(_In_ KD_OPTION Option, _In_opt_ ULONG InBufferBytes, _In_ PVOID InBuffer,
    _In_opt_ ULONG OutBufferBytes, _Out_ PVOID OutBuffer, _Out_opt_ PULONG OutBufferNeeded);

#if DBG
#define KdPrint(_x_)                 DbgPrint _x_
#define KdPrintEx(_x_)               DbgPrintEx _x_
#define vKdPrintEx(_x_)              vDbgPrintEx _x_
#define vKdPrintExWithPrefix(_x_)    vDbgPrintExWithPrefix _x_
#define KdBreakPoint()               DbgBreakPoint()
#define KdBreakPointWithStatus(s)    DbgBreakPointWithStatus(s)
#else
#define KdPrint(_x_)
#define KdPrintEx(_x_)
#define vKdPrintEx(_x_)
#define vKdPrintExWithPrefix(_x_)
#define KdBreakPoint()
#define KdBreakPointWithStatus(s)
#endif

/* ASSERT reports through RtlAssert ("*** Assertion failed: ..."), NT_ASSERT breaks with 0xC0000420. */
#if DBG
#define ASSERT(exp) \
    ((!(exp)) ? (RtlAssert((PVOID)#exp, (PVOID)__FILE__, __LINE__, NULL), FALSE) : TRUE)
#define ASSERTMSG(msg, exp) \
    ((!(exp)) ? (RtlAssert((PVOID)#exp, (PVOID)__FILE__, __LINE__, (PCHAR)(msg)), FALSE) : TRUE)
#define RTL_SOFT_ASSERT(_exp) \
    ((!(_exp)) ? (DbgPrint("%s(%d): Soft assertion failed\n   Expression: %s\n", __FILE__, __LINE__, #_exp), FALSE) : TRUE)
#define RTL_SOFT_ASSERTMSG(_msg, _exp) \
    ((!(_exp)) ? (DbgPrint("%s(%d): Soft assertion failed\n   Expression: %s\n   Message: %s\n", __FILE__, __LINE__, #_exp, (_msg)), FALSE) : TRUE)
#define NT_ASSERT_ACTION(_exp)          ((!(_exp)) ? (DbgRaiseAssertionFailure(), FALSE) : TRUE)
#define NT_ASSERTMSG_ACTION(_msg, _exp) ((!(_exp)) ? (DbgRaiseAssertionFailure(), FALSE) : TRUE)
#define NT_ASSERT(_exp)                 NT_ASSERT_ACTION(_exp)
#define NT_ASSERTMSG(_msg, _exp)        NT_ASSERTMSG_ACTION(_msg, _exp)
#define NT_ASSERTMSGW(_msg, _exp)       NT_ASSERTMSG_ACTION(_msg, _exp)
#define NT_VERIFY(_exp)                 NT_ASSERT_ACTION(_exp)
#define NT_VERIFYMSG(_msg, _exp)        NT_ASSERTMSG_ACTION(_msg, _exp)
#define NT_VERIFYMSGW(_msg, _exp)       NT_ASSERTMSG_ACTION(_msg, _exp)
#else
#define ASSERT(exp)                     ((void)0)
#define ASSERTMSG(msg, exp)             ((void)0)
#define RTL_SOFT_ASSERT(_exp)           ((void)0)
#define RTL_SOFT_ASSERTMSG(_msg, _exp)  ((void)0)
#define NT_ASSERT(_exp)                 ((void)0)
#define NT_ASSERTMSG(_msg, _exp)        ((void)0)
#define NT_ASSERTMSGW(_msg, _exp)       ((void)0)
#define NT_VERIFY(_exp)                 ((_exp) ? TRUE : FALSE)
#define NT_VERIFYMSG(_msg, _exp)        ((_exp) ? TRUE : FALSE)
#define NT_VERIFYMSGW(_msg, _exp)       ((_exp) ? TRUE : FALSE)
#endif
#define NT_FRE_ASSERT(_exp)             ((!(_exp)) ? (DbgRaiseAssertionFailure(), FALSE) : TRUE)
#define NT_ANALYSIS_ASSUME(_exp)        ((void)0)
#define RTL_VERIFY(exp)                 ((exp) ? TRUE : FALSE)

/* Pageable code must not run at DISPATCH_LEVEL or above; Debug builds check it. */
NTHALAPI KIRQL NTAPI KeGetCurrentIrql(VOID);
#if DBG
#define PAGED_ASSERT(exp) NT_ASSERT(exp)
#define PAGED_CODE() { \
    if (KeGetCurrentIrql() > APC_LEVEL) { \
        KdPrint(("EX: Pageable code called at IRQL %d\n", KeGetCurrentIrql())); \
        PAGED_ASSERT(FALSE); \
    } }
#else
#define PAGED_ASSERT(exp) ((void)0)
#define PAGED_CODE()      ((void)0)
#endif
#define PAGED_CODE_LOCKED() ((void)0)
