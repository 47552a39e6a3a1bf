/*
 * wdf.h - User-Mode Driver Framework (UMDF) 2.15.
 *
 * The one header a UMDF 2 driver includes (after <windows.h>). The API
 * surface is KMDF's, minus what needs kernel mode; every WdfXxx API is a
 * FORCEINLINE wrapper around the implementation WUDFx02000.dll exports
 * under the same name.
 */
#ifndef _WDF_H_
#define _WDF_H_

#if defined(KMDF_VERSION_MAJOR)
#error "this is the UMDF wdf.h; a KMDF driver builds with the kmdf/1.15 include directory"
#endif

#ifndef UMDF_VERSION_MAJOR
#define UMDF_VERSION_MAJOR 2
#endif
#ifndef UMDF_VERSION_MINOR
#define UMDF_VERSION_MINOR 15
#endif

#define WDF_IS_KMDF 0
#define WDF_IS_UMDF 1
#define WDF_FRAMEWORK_MODULE    "WUDFx02000.dll"
#define WDF_FRAMEWORK_COMPONENT L"UmdfLibrary"
#define WDF_VERSION_MAJOR       UMDF_VERSION_MAJOR
#define WDF_VERSION_MINOR       UMDF_VERSION_MINOR

#include <windows.h>
#include "wudfwdm.h"

#include "wdffamily.h"

#endif /* _WDF_H_ */
