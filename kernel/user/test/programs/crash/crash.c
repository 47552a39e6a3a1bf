/* crash - a user-mode program that faults: it prints a line, then writes through a NULL pointer (or divides by
   zero with "div"). The process must end with the exception's code and the system must keep running. */
#include <stdio.h>
#include <string.h>

int main(int argc, char *argv[])
{
    volatile int *p = NULL;
    volatile int zero = 0;
    printf("about to fault\n");
    if (argc > 1 && strcmp(argv[1], "div") == 0) {
        printf("%d\n", 10 / zero);
    }
    if (argc > 1 && strcmp(argv[1], "read") == 0) {
        printf("%d\n", *p);
    }
    *p = 42;
    printf("not reached\n");
    return 0;
}
