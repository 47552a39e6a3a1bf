/* specstrings.h - the annotation umbrella real headers include: SAL plus driver annotations. */
#ifndef _DRIVERLAB_SPECSTRINGS_H_
#define _DRIVERLAB_SPECSTRINGS_H_
#pragma once
#include <sal.h>
#include <driverspecs.h>
#endif
