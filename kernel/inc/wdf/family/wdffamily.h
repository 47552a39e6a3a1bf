/*
 * wdffamily.h - includes the WDF headers shared by KMDF and UMDF, in
 * dependency order. Do not include this directly: include <wdf.h>, which
 * first says which framework (and so which image) the driver binds to.
 */
#ifndef _WDFFAMILY_H_
#define _WDFFAMILY_H_

#include "wdftypes.h"
#include "wdfglobals.h"
#include "wdfstatus.h"
#include "wdfbugcodes.h"
#include "wdfverifier.h"
#include "wdfassert.h"
#include "wdfobject.h"
#include "wdfsync.h"
#include "wdfdriver.h"
#include "wdfmemory.h"
#include "wdfstring.h"
#include "wdfcollection.h"
#include "wdfregistry.h"
#include "wdfrequest.h"
#include "wdfdevice.h"
#include "wdffileobject.h"
#include "wdfio.h"
#include "wdftimer.h"
#include "wdfdpc.h"
#include "wdfworkitem.h"
#include "wdfinterrupt.h"
#include "wdfiotarget.h"
#include "wdfcontrol.h"
#include "wdfchildlist.h"
#include "wdffdo.h"
#include "wdfpdo.h"

#endif /* _WDFFAMILY_H_ */
