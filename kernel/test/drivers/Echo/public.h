/*
 * public.h - what an application needs to talk to the ECHO driver: the
 * device interface it registers. echoapp.exe finds the device by
 * enumerating this interface class with SetupDi* and opens the path.
 *
 * Include <initguid.h> before this header in exactly one source file of a
 * program to define the GUID there.
 */
#ifndef _ECHO_PUBLIC_H_
#define _ECHO_PUBLIC_H_

/* {CDC35B6E-0BE4-4936-BF5F-5537380A7C1A} */
DEFINE_GUID(GUID_DEVINTERFACE_ECHO,
    0xcdc35b6e, 0x0be4, 0x4936, 0xbf, 0x5f, 0x55, 0x37, 0x38, 0x0a, 0x7c, 0x1a);

#endif /* _ECHO_PUBLIC_H_ */
