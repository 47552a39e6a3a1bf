/*++

Module Name:

    public.h

Abstract:

    What user-mode code shares with the driver: the device interface
    GUID applications use to find and open the device.

Environment:

    user and kernel

--*/

//
// The device interface this driver registers.
//
DEFINE_GUID (GUID_DEVINTERFACE_KmdfTemplate,
    0x6c3e8a41,0x2f0d,0x4b7e,0x9a,0x51,0x3d,0x8e,0x17,0xc4,0x62,0xb9);
// {6c3e8a41-2f0d-4b7e-9a51-3d8e17c462b9}
