/* initguid.h - include first in exactly one source file: DEFINE_GUID then allocates the GUIDs. */
#ifndef INITGUID
#define INITGUID
#endif
#include <guiddef.h>
