/* core_share.h - znpf runs started side by side on one machine divide its cores instead of
 * each taking all of them (OpenMP's waiting threads of one run would take the cores the
 * other's barriers wait for; docs/benchmarks.md). A run whose thread count is not set
 * (--threads, the scenario's threads:, OMP_NUM_THREADS) registers in a folder shared by the user's runs and sets
 * its threads to cores / live runs, again every few seconds as runs come and go. */
#ifndef ZN_CORE_SHARE_H
#define ZN_CORE_SHARE_H

/* Registers this process and sets its OpenMP threads; returns the thread count chosen
 * (0 when the folder cannot be used: then the run keeps every core, as before). */
int core_share_start(void);
/* Recounts the live runs at most every 2 s of wall time and adjusts the threads; returns
 * the thread count in use (0 when not sharing). */
int core_share_update(double wall_now);
/* How many runs (this one included) shared the cores at the last count. */
int core_share_runs(void);
/* Removes this process's registration (idempotent). */
void core_share_stop(void);

#endif
