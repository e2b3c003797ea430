/*
 * replay_main.c - a main() for the fuzz targets without libFuzzer (the
 * StandaloneFuzzTargetMain pattern): each argument is a file, or a folder
 * whose files are read in name order, and each file's bytes are passed to
 * LLVMFuzzerTestOneInput once.  Linked into the normal and sanitizer builds
 * so that `make test` replays tests/fuzz/regress/ (replay.sh).  A crash or
 * sanitizer report ends the process; otherwise it prints how many inputs
 * it ran and exits 0.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return -1;
    }
    size_t cap = 4096, len = 0, got;
    unsigned char *buf = malloc(cap);
    while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            unsigned char *nb = realloc(buf, cap *= 2);
            if (!nb)
                free(buf);
            buf = nb;
        }
    }
    fclose(f);
    if (!buf) {
        fprintf(stderr, "%s: out of memory\n", path);
        return -1;
    }
    /* a copy of exactly the input's size, as libFuzzer gives, so that
     * reading one byte too far is caught */
    unsigned char *exact = malloc(len ? len : 1);
    if (!exact) {
        free(buf);
        return -1;
    }
    memcpy(exact, buf, len);
    free(buf);
    LLVMFuzzerTestOneInput(exact, len);
    free(exact);
    return 1;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file of dir (not starting with '.'), in name order. */
static int run_dir(const char *dir, DIR *d)
{
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    int ran = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            char **nn = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof *names);
            if (!nn)
                break;
            names = nn;
        }
        size_t l = strlen(dir) + strlen(e->d_name) + 2;
        if (!(names[n] = malloc(l)))
            break;
        snprintf(names[n++], l, "%s/%s", dir, e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        int r = run_file(names[i]);
        if (r < 0 || ran < 0)
            ran = -1;
        else
            ran += r;
        free(names[i]);
    }
    free(names);
    return ran;
}

int main(int argc, char **argv)
{
    LLVMFuzzerInitialize(&argc, &argv);
    int ran = 0;
    for (int i = 1; i < argc; i++) {
        DIR *d = opendir(argv[i]);
        int r = d ? run_dir(argv[i], d) : run_file(argv[i]);
        if (r < 0)
            return 2;
        ran += r;
    }
    printf("%d inputs run\n", ran);
    return 0;
}
