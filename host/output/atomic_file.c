/* atomic_file.c - see atomic_file.h. */
#include "atomic_file.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int afile_open(AtomicFile *a, const char *path, char *why, size_t why_len)
{
    snprintf(a->path, sizeof a->path, "%s", path);
    snprintf(a->tmp, sizeof a->tmp, "%s.tmp", a->path);
    a->f = fopen(a->tmp, "wb");
    if (!a->f) {
        snprintf(why, why_len, "%s: cannot create: %s", a->tmp, strerror(errno));
        return -1;
    }
    return 0;
}

int afile_commit(AtomicFile *a, int ok, int durable, char *why, size_t why_len)
{
    ok = ok && !ferror(a->f) && fflush(a->f) == 0;
    if (ok && durable && fsync(fileno(a->f)) != 0) ok = 0;
    int err = errno;
    if (fclose(a->f) != 0 && ok) {
        ok = 0;
        err = errno;
    }
    a->f = NULL;
    if (!ok) {
        snprintf(why, why_len, "%s: write failed: %s", a->tmp, strerror(err));
        remove(a->tmp);
        return -1;
    }
    if (rename(a->tmp, a->path) != 0) {
        snprintf(why, why_len, "%s: rename failed: %s", a->path, strerror(errno));
        remove(a->tmp);
        return -1;
    }
    return 0;
}

int afile_mkdirs(const char *path)
{
    char buf[4096];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf) {
        errno = ENAMETOOLONG;
        return -1;
    }
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = 0;
            if (mkdir(buf, 0777) != 0 && errno != EEXIST) return -1;
            *p = '/';
        }
    return (mkdir(buf, 0777) != 0 && errno != EEXIST) ? -1 : 0;
}
