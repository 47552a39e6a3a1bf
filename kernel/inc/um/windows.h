/* windows.h - the one header a Win32 program includes. */
#pragma once
#ifndef _WINDOWS_
#define _WINDOWS_

#include <sdkddkver.h>

#ifndef _INC_WINDOWS
#define _INC_WINDOWS

#include <stdarg.h>
#include <windef.h>
#include <winbase.h>
#include <winerror.h>
#include <winnls.h>
#include <wincon.h>
#ifndef NOAPISET
#include <stringapiset.h>
#endif
#include <winreg.h>
#ifndef NOSERVICE
#include <winsvc.h>
#endif
#ifndef WIN32_LEAN_AND_MEAN
#include <winioctl.h>
#endif

#endif /* _INC_WINDOWS */
#endif /* _WINDOWS_ */
