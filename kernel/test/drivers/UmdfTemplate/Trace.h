/*++

Module Name:

    Trace.h

Abstract:

    WPP software tracing for the driver: the control GUID, the flags that
    select which messages are logged, and the trace functions the WPP
    preprocessor turns into calls (see the begin_wpp block below).

Environment:

    User-mode Driver Framework 2

--*/

//
// The control GUID of this driver's trace provider, with one flag bit per
// area of the code.
//
// {d41e6b27-93a5-4c18-8f6d-2a07be5c91f3}
//
#define WPP_CONTROL_GUIDS                                              \
    WPP_DEFINE_CONTROL_GUID(                                           \
        UmdfTemplateTraceGuid, (d41e6b27,93a5,4c18,8f6d,2a07be5c91f3), \
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
// The trace preprocessor reads this comment block to learn the trace
// functions this driver calls:
//
// begin_wpp config
// FUNC Trace{FLAGS=MYDRIVER_ALL_INFO}(LEVEL, MSG, ...);
// FUNC TraceEvents(LEVEL, FLAGS, MSG, ...);
// end_wpp
//
