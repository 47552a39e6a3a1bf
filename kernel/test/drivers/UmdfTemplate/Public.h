/*++

Module Name:

    public.h

Abstract:

    What applications share with the driver: the device interface GUID
    they use to find and open the device.

Environment:

    user mode only

--*/

//
// The device interface this driver registers.
//
DEFINE_GUID (GUID_DEVINTERFACE_UmdfTemplate,
    0x9b7d4e12,0x6a3c,0x4f85,0xb2,0x0e,0x71,0xc9,0x5a,0xd3,0x08,0x4f);
// {9b7d4e12-6a3c-4f85-b20e-71c95ad3084f}
