/* check.h - a tiny test vocabulary: every check prints its name, the achieved value, the
 * expected value and the tolerance, as PASS/FAIL/SKIP lines that tests/run_all.sh counts. */
#ifndef ZN_CHECK_H
#define ZN_CHECK_H

#include "engine.h"
#include "initial.h"

/* |actual - expected| <= rel_tol |expected|. */
void check_rel(const char *name, double actual, double expected, double rel_tol);
/* |actual - expected| <= abs_tol. */
void check_abs(const char *name, double actual, double expected, double abs_tol);
/* actual <= bound (or >= when at_least). */
void check_below(const char *name, double actual, double bound);
void check_above(const char *name, double actual, double bound);
void check_skip(const char *name, const char *why);
/* A check the model is known to miss at these settings (docs/validation.md): PASS within
 * rel_tol, a KNOWN line (counted on its own by run_all.sh) within known_bound, FAIL beyond. */
void check_known(const char *name, double actual, double expected, double rel_tol,
                 double known_bound);
/* The same for an upper bound: PASS at or under bound, KNOWN at or under known_bound, FAIL. */
void check_known_below(const char *name, double actual, double bound, double known_bound);
/* Prints this program's tally; returns its exit code. */
int check_finish(void);

/* The backend tests run on: CPU unless ZNPF_TEST_BACKEND=cuda (and a device answers). */
const ZnBackend *check_backend(void);

/* Height where column i of xi (nx by ny, cells dy high) first falls through level going up,
 * interpolated linearly between cell centres; 0 when it never does. */
double check_column_crossing(const double *xi, int nx, int ny, int i, double dy, double level);

/* Creates an engine or stops the test program with the reason. */
void check_engine(ZnEngine *e, const ZnBackend *be, const ZnPhys *p, const ZnInitial *in);

/* Steps until time t_end with the adaptive dt; stops the program on an engine error.
 * Returns the number of steps. */
long check_run_until(ZnEngine *e, const ZnControl *ctl, double t_end, double *dt);

/* A test's scratch path: "/tmp/NAME" moved into this suite run's own folder ($ZNPF_TEST_TMP,
 * made by tests/run_all.sh), so that two test runs on one machine never share files. The
 * result is malloc'ed and lives as long as the program. */
const char *T(const char *tmp_path);

/* The value in the last row of a CSV file under the header name column (NAN if missing). */
double check_csv_last(const char *csv, const char *column);

#endif
