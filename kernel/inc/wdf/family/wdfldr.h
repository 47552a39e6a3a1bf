/*
 * wdfldr.h - the contract between a WDF driver image and the framework it
 * binds to at load time. Only the entry stub library (kernel/lib/wdf) and
 * the framework use it; drivers never include it.
 *
 * The image's entry point (FxDriverEntry / FxDriverEntryUm) calls
 * WdfVersionBind with a WDF_BIND_INFO naming the version it was built
 * against; the framework answers with the driver's WDF_DRIVER_GLOBALS.
 */
#ifndef _WDFLDR_H_
#define _WDFLDR_H_

WDF_EXTERN_C_START

typedef struct _WDF_VERSION {
    ULONG Major;
    ULONG Minor;
    ULONG Build;
} WDF_VERSION, *PWDF_VERSION;

typedef struct _WDF_BIND_INFO {
    /* sizeof(WDF_BIND_INFO). */
    ULONG Size;
    /* Which library: L"KmdfLibrary" or L"UmdfLibrary". */
    PWCHAR Component;
    /* The framework version the driver was compiled against. */
    WDF_VERSION Version;
    /* A real framework fills a function table here; our images import each
     * API by name instead, so these stay 0 and NULL. */
    ULONG FuncCount;
    PVOID FuncTable;
    /* Reserved for the framework (its record of this binding). */
    PVOID Module;
} WDF_BIND_INFO, *PWDF_BIND_INFO;

WDF_IMPORT(WdfVersionBind)
NTSTATUS
WdfVersionBind(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath,
    _Inout_ PWDF_BIND_INFO BindInfo,
    _Out_ PWDF_DRIVER_GLOBALS* DriverGlobals
    );

WDF_IMPORT(WdfVersionUnbind)
NTSTATUS
WdfVersionUnbind(
    _In_ PUNICODE_STRING RegistryPath,
    _In_ PWDF_BIND_INFO BindInfo,
    _In_ PWDF_DRIVER_GLOBALS DriverGlobals
    );

WDF_EXTERN_C_END

#endif /* _WDFLDR_H_ */
