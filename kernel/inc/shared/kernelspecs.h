/* kernelspecs.h - kernel-mode annotations on top of driverspecs.h (all no-ops here). */
#ifndef _DRIVERLAB_KERNELSPECS_H_
#define _DRIVERLAB_KERNELSPECS_H_
#pragma once
#include <driverspecs.h>
#define _IRQL_requires_max_DISPATCH_
#define _IRQL_requires_PASSIVE_
#endif
