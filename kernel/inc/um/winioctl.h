/* winioctl.h - building I/O control codes (CTL_CODE) and the device types, for programs that call DeviceIoControl.
   The definitions are shared with drivers: one copy, in devioctl.h (user mode sees DEVICE_TYPE as a DWORD). */
#pragma once
#ifndef _WINIOCTL_
#define _WINIOCTL_

#ifndef DEVICE_TYPE
#define DEVICE_TYPE DWORD
#endif
#include <devioctl.h>

#endif /* _WINIOCTL_ */
