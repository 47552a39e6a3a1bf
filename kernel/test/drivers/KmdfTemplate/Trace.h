/*++

Module Name:

    Trace.h

Abstract:

    WPP software tracing for the driver: the control GUID, the flags that
    select which messages are logged, and the trace functions the WPP
    preprocessor turns into calls (see the begin_wpp block below).

Environment:

    Kernel-mode Driver Framework

--*/

//
// The control GUID of this driver's trace provider, with one flag bit per
// area of the code. Enable it with tracelog/traceview, or watch the
// messages in the debugger with !wmitrace.
//
// {3f2c9d5e-81b4-4c0a-a6e7-5b19d0c4e823}
//
#define WPP_CONTROL_GUIDS                                              \
    WPP_DEFINE_CONTROL_GUID(                                           \
        KmdfTemplateTraceGuid, (3f2c9d5e,81b4,4c0a,a6e7,5b19d0c4e823), \
                                                                       \
        WPP_DEFINE_BIT(MYDRIVER_ALL_INFO)                              \
        WPP_DEFINE_BIT(TRACE_DRIVER)                                   \
        WPP_DEFINE_BIT(TRACE_DEVICE)                                   \
        WPP_DEFINE_BIT(TRACE_QUEUE)                                    \
        )

#define WPP_FLAG_LEVEL_LOGGER(flag, level)                                  \
    WPP_LEVEL_LOGGER(flag)

#define WPP_FLAG_LEVEL_ENABLED(flag, level)                                 \
    (WPP_LEVEL_ENABLED(flag) &&                                             \
     WPP_CONTROL(WPP_BIT_ ## flag).Level >= level)

#define WPP_LEVEL_FLAGS_LOGGER(lvl,flags) \
           WPP_LEVEL_LOGGER(flags)

#define WPP_LEVEL_FLAGS_ENABLED(lvl, flags) \
           (WPP_LEVEL_ENABLED(flags) && WPP_CONTROL(WPP_BIT_ ## flags).Level >= lvl)

//
// WPP puts fixed arguments before variable ones; Trace() below fixes FLAGS,
// so these swap the two into the order the recorder templates expect.
//
#define WPP_RECORDER_FLAGS_LEVEL_ARGS(flags, lvl) WPP_RECORDER_LEVEL_FLAGS_ARGS(lvl, flags)
#define WPP_RECORDER_FLAGS_LEVEL_FILTER(flags, lvl) WPP_RECORDER_LEVEL_FLAGS_FILTER(lvl, flags)

//
// The trace preprocessor reads this comment block to learn the trace
// functions this driver calls:
//
// begin_wpp config
// FUNC Trace{FLAGS=MYDRIVER_ALL_INFO}(LEVEL, MSG, ...);
// FUNC TraceEvents(LEVEL, FLAGS, MSG, ...);
// end_wpp
//
