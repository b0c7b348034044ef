/* metrics_columns.c - header, rows and column look-up of DIR/metrics.csv from the one list in
 * metrics_columns.h. */
#include "metrics_columns.h"

#include <string.h>

int metrics_write_header(FILE *f)
{
    int first = 1, ok = 1;
#define ZN_HEADER(name, fmt, value)                                 \
    ok = ok && fprintf(f, "%s%s", first ? "" : ",", name) > 0;      \
    first = 0;
    ZN_METRICS_COLUMNS(ZN_HEADER)
#undef ZN_HEADER
    return ok && fputc('\n', f) != EOF ? 0 : -1;
}

int metrics_write_row(FILE *f, const ZnMetricsRow *r)
{
    int first = 1, ok = 1;
#define ZN_VALUE(name, fmt, value)                                  \
    ok = ok && fprintf(f, first ? fmt : "," fmt, value) > 0;        \
    first = 0;
    ZN_METRICS_COLUMNS(ZN_VALUE)
#undef ZN_VALUE
    return ok && fputc('\n', f) != EOF && fflush(f) == 0 ? 0 : -1;
}

int metrics_field(const char *line, int k, char *buf, size_t len)
{
    const char *p = line;
    for (int i = 0; i < k; i++) {
        p = strchr(p, ',');
        if (!p) return -1;
        p++;
    }
    size_t n = strcspn(p, ",\r\n");
    if (n >= len) n = len - 1;
    memcpy(buf, p, n);
    buf[n] = 0;
    return 0;
}

int metrics_column_index(const char *header, const char *name)
{
    char buf[64];
    for (int k = 0; metrics_field(header, k, buf, sizeof buf) == 0; k++)
        if (strcmp(buf, name) == 0) return k;
    return -1;
}
