/*
 * wdmsec.c - the SDDL strings of wdmsec.lib: security descriptors for device
 * objects, as counted strings a driver passes to IoCreateDeviceSecure
 * (&SDDL_DEVOBJ_SYS_ALL_ADM_ALL). Linked into every kernel-mode image, as the
 * WDK's default link inputs do; only the strings an image names stay in it.
 */
#include <ntddk.h>
#include <wdmsec.h>

/* Kernel only: no ACE, so no user-mode caller opens the device. */
const UNICODE_STRING SDDL_DEVOBJ_KERNEL_ONLY = RTL_CONSTANT_STRING(L"D:P");
/* System: all; nobody else. */
const UNICODE_STRING SDDL_DEVOBJ_SYS_ALL = RTL_CONSTANT_STRING(L"D:P(A;;GA;;;SY)");
/* System and Administrators: all. */
const UNICODE_STRING SDDL_DEVOBJ_SYS_ALL_ADM_ALL = RTL_CONSTANT_STRING(L"D:P(A;;GA;;;SY)(A;;GA;;;BA)");
/* System: all; Administrators: read and execute. */
const UNICODE_STRING SDDL_DEVOBJ_SYS_ALL_ADM_RX = RTL_CONSTANT_STRING(L"D:P(A;;GA;;;SY)(A;;GRGX;;;BA)");
/* System: all; Administrators: read, write, execute; Everyone: read. */
const UNICODE_STRING SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R = RTL_CONSTANT_STRING(L"D:P(A;;GA;;;SY)(A;;GRGWGX;;;BA)(A;;GR;;;WD)");
/* ...; Everyone: read and write; restricted code: read. */
const UNICODE_STRING SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R =
    RTL_CONSTANT_STRING(L"D:P(A;;GA;;;SY)(A;;GRGWGX;;;BA)(A;;GRGW;;;WD)(A;;GR;;;RC)");
/* ...; Everyone and restricted code: read, write, execute. */
const UNICODE_STRING SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RWX_RES_RWX =
    RTL_CONSTANT_STRING(L"D:P(A;;GA;;;SY)(A;;GRGWGX;;;BA)(A;;GRGWGX;;;WD)(A;;GRGWGX;;;RC)");
