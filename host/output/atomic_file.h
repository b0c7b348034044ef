/* atomic_file.h - output files that are either whole or absent: written under PATH.tmp, then
 * flushed (and optionally fsynced) and renamed over PATH. A crash or a full disk never leaves
 * half a file under the real name. */
#ifndef ZN_ATOMIC_FILE_H
#define ZN_ATOMIC_FILE_H

#include <stddef.h>
#include <stdio.h>

typedef struct AtomicFile {
    FILE *f;
    char path[4096], tmp[4104];
} AtomicFile;

/* Opens PATH.tmp for writing; -1 with a reason. */
int afile_open(AtomicFile *a, const char *path, char *why, size_t why_len);

/* Closes and renames into place when ok is non-zero and every write succeeded (durable: fsync
 * first); otherwise removes the temporary file. Returns 0, or -1 with a reason. */
int afile_commit(AtomicFile *a, int ok, int durable, char *why, size_t why_len);

/* Creates path and the folders above it (like mkdir -p). Returns 0, or -1 with errno. */
int afile_mkdirs(const char *path);

#endif
