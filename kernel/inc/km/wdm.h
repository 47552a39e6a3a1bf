/*
 * wdm.h - the Windows Driver Model kernel interface: what every kernel-mode
 * driver includes (directly, or through ntddk.h / ntifs.h).
 *
 * The declarations are grouped by kernel component in km/wdm/*.h, in the order
 * their types depend on each other. Every routine is imported from the module
 * that exports it on Windows: NTKERNELAPI / NTSYSAPI from ntoskrnl.exe, NTHALAPI
 * from HAL.dll.
 */
#ifndef _WDMDDK_
#define _WDMDDK_
#pragma once

#include <ntdef.h>
#include <ntstatus.h>
#include <bugcodes.h>
#include <ntiologc.h>
#include <devioctl.h>
#include <dpfilter.h>
#include <stdarg.h>
#include <string.h>

#ifndef NTKERNELAPI
#define NTKERNELAPI __attribute__((import_module("ntoskrnl.exe")))
#endif
#ifndef NTHALAPI
#define NTHALAPI __attribute__((import_module("HAL.dll")))
#endif
/* Drivers guard #pragma alloc_text(INIT/PAGE, ...) with these, as on x64. */
#define ALLOC_PRAGMA 1
#define ALLOC_DATA_PRAGMA 1

/* Interlocked helpers and other header inlines: inlined even in Debug builds. */
#define WDM_INTRINSIC static __inline __attribute__((__always_inline__))

EXTERN_C_START
#include "wdm/basics.h"      /* processor modes, IRQLs, access rights, callbacks' common types */
#include "wdm/interlocked.h" /* Interlocked* and memory barriers */
#include "wdm/rtl.h"         /* lists, memory, strings, bitmaps, versions, registry helpers */
#include "wdm/kd.h"          /* DbgPrint, KdPrint, ASSERT, NT_ASSERT, PAGED_CODE */
#include "wdm/ke.h"          /* dispatcher objects, DPCs, timers, spin locks, waits, bugchecks */
#include "wdm/ex.h"          /* pool, lookaside lists, fast mutexes, resources, rundown, timers, work items */
#include "wdm/mm.h"          /* MDLs and memory mapping */
#include "wdm/se.h"          /* security types and checks */
#include "wdm/pnp.h"         /* power, PnP and hardware resource types */
#include "wdm/io.h"          /* driver/device/file objects, IRPs, the I/O manager */
#include "wdm/ob.h"          /* object references */
#include "wdm/ps.h"          /* processes and system threads */
#include "wdm/zw.h"          /* files and registry through Zw* system services */
#include "wdm/hal.h"         /* port and register I/O, stall, performance counter */
EXTERN_C_END

#endif /* _WDMDDK_ */
