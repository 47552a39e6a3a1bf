/*
 * wdfassert.h - WDFVERIFY and WDFASSERT. In a Debug build a failed check
 * stops in the debugger through the framework's verifier; WDFVERIFY still
 * evaluates its expression in Release (it may have side effects),
 * WDFASSERT compiles to nothing there.
 */
#ifndef _WDFASSERT_H_
#define _WDFASSERT_H_

#if DBG
#define WDFVERIFY(_exp)                        \
    do {                                       \
        if (!(_exp)) {                         \
            WdfVerifierDbgBreakPoint();        \
        }                                      \
    } while (0)
#define WDFASSERT(_exp) WDFVERIFY(_exp)
#else
#define WDFVERIFY(_exp) ((void)(_exp))
#define WDFASSERT(_exp) ((void)0)
#endif

#endif /* _WDFASSERT_H_ */
