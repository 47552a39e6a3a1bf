/* ods - sends one line to the kernel debugger with OutputDebugStringA and one with OutputDebugStringW, then
   prints that it did (the console shows only the printf line; the debugger shows the other two). */
#include <windows.h>
#include <stdio.h>

int main(void)
{
    OutputDebugStringA("ods: narrow line from user mode\n");
    OutputDebugStringW(L"ods: wide line from user mode\n");
    printf("ods: sent 2 lines\n");
    return 0;
}
