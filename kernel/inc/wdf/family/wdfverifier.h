/*
 * wdfverifier.h - the framework's verifier entry points a driver may call
 * directly: break into the debugger, or bug check with WDF's own reporting.
 */
#ifndef _WDFVERIFIER_H_
#define _WDFVERIFIER_H_

WDF_EXTERN_C_START

WDF_IMPORT(WdfVerifierDbgBreakPoint)
VOID WdfImp_WdfVerifierDbgBreakPoint(PWDF_DRIVER_GLOBALS DriverGlobals);

FORCEINLINE
VOID
WdfVerifierDbgBreakPoint(VOID)
{
    WdfImp_WdfVerifierDbgBreakPoint(WdfDriverGlobals);
}

WDF_IMPORT(WdfVerifierKeBugCheck)
VOID WdfImp_WdfVerifierKeBugCheck(PWDF_DRIVER_GLOBALS DriverGlobals, ULONG BugCheckCode, ULONG_PTR BugCheckParameter1, ULONG_PTR BugCheckParameter2, ULONG_PTR BugCheckParameter3, ULONG_PTR BugCheckParameter4);

FORCEINLINE
VOID
WdfVerifierKeBugCheck(
    _In_ ULONG BugCheckCode,
    _In_ ULONG_PTR BugCheckParameter1,
    _In_ ULONG_PTR BugCheckParameter2,
    _In_ ULONG_PTR BugCheckParameter3,
    _In_ ULONG_PTR BugCheckParameter4
    )
{
    WdfImp_WdfVerifierKeBugCheck(WdfDriverGlobals, BugCheckCode, BugCheckParameter1, BugCheckParameter2, BugCheckParameter3, BugCheckParameter4);
}

WDF_IMPORT(WdfGetTriageInfo)
PVOID WdfImp_WdfGetTriageInfo(PWDF_DRIVER_GLOBALS DriverGlobals);

FORCEINLINE
PVOID
WdfGetTriageInfo(VOID)
{
    return WdfImp_WdfGetTriageInfo(WdfDriverGlobals);
}

WDF_EXTERN_C_END

#endif /* _WDFVERIFIER_H_ */
