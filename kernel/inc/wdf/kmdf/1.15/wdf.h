/*
 * wdf.h - Kernel-Mode Driver Framework (KMDF) 1.15.
 *
 * The one header a KMDF driver includes (after <ntddk.h> or <wdm.h>). Every
 * WdfXxx API here is a FORCEINLINE wrapper around the implementation that
 * Wdf01000.sys exports under the same name.
 */
#ifndef _WDF_H_
#define _WDF_H_

#if defined(UMDF_VERSION_MAJOR)
#error "this is the KMDF wdf.h; a UMDF driver builds with the umdf/2.15 include directory"
#endif

#ifndef KMDF_VERSION_MAJOR
#define KMDF_VERSION_MAJOR 1
#endif
#ifndef KMDF_VERSION_MINOR
#define KMDF_VERSION_MINOR 15
#endif

#define WDF_IS_KMDF 1
#define WDF_IS_UMDF 0
#define WDF_FRAMEWORK_MODULE    "Wdf01000.sys"
#define WDF_FRAMEWORK_COMPONENT L"KmdfLibrary"
#define WDF_VERSION_MAJOR       KMDF_VERSION_MAJOR
#define WDF_VERSION_MINOR       KMDF_VERSION_MINOR

#include <wdm.h>

#include "wdffamily.h"

#endif /* _WDF_H_ */
