/* hello - the first user-mode program: prints its arguments, parses the numeric ones with strtol
   (decimal, 0x hex or 0 octal), keeps them in a malloc'ed array and prints them sorted with their sum.
   Usage: hello [number ...] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int CompareLongs(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

int main(int argc, char *argv[])
{
    long *values;
    int count = 0;
    long long sum = 0;
    int i;

    printf("Hello from user mode!\n");
    printf("argc = %d\n", argc);
    for (i = 0; i < argc; i++) {
        printf("argv[%d] = \"%s\"\n", i, argv[i]);
    }

    if (argc < 2) {
        printf("No numbers given.\n");
        return 0;
    }

    values = (long *)malloc((size_t)(argc - 1) * sizeof(long));
    if (values == NULL) {
        fprintf(stderr, "hello: out of memory\n");
        return 1;
    }

    for (i = 1; i < argc; i++) {
        char *end = NULL;
        long v = strtol(argv[i], &end, 0);
        if (end == argv[i] || *end != '\0') {
            printf("\"%s\" is not a number, skipped\n", argv[i]);
            continue;
        }
        values[count++] = v;
        sum += v;
    }

    qsort(values, (size_t)count, sizeof(long), CompareLongs);
    printf("%d number(s), sorted:", count);
    for (i = 0; i < count; i++) {
        printf(" %ld", values[i]);
    }
    printf("\nsum = %lld\n", sum);

    free(values);
    return 0;
}
