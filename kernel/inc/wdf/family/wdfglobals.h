/*
 * wdfglobals.h - the per-driver globals the framework hands back when the
 * driver image binds to it. Every WDF API wrapper passes WdfDriverGlobals as
 * its first argument, so the framework knows which driver is calling.
 */
#ifndef _WDFGLOBALS_H_
#define _WDFGLOBALS_H_

WDF_EXTERN_C_START

#define WDF_DRIVER_GLOBALS_NAME_LEN (32)

typedef struct _WDF_DRIVER_GLOBALS {
    /* The driver object created by WdfDriverCreate (NULL before that). */
    WDFDRIVER Driver;

    /* WDF_DRIVER_INIT_FLAGS given to WdfDriverCreate. */
    ULONG DriverFlags;

    /* Pool tag the framework uses for allocations made for this driver. */
    ULONG DriverTag;

    /* The driver's service name, as an ANSI string, for diagnostics. */
    CHAR DriverName[WDF_DRIVER_GLOBALS_NAME_LEN];

    /* TRUE: the entry stub puts its own unload routine first in the chain
     * so it can unbind after the driver's unload has run. */
    BOOLEAN DisplaceDriverUnload;
} WDF_DRIVER_GLOBALS, *PWDF_DRIVER_GLOBALS;

/* Defined by the entry stub library linked into every WDF image. */
extern PWDF_DRIVER_GLOBALS WdfDriverGlobals;

WDF_EXTERN_C_END

#endif /* _WDFGLOBALS_H_ */
