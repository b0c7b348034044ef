/* scenario_checks.h - the checks that relate several keys of a scenario (one key's range is the
 * schema's job). Internal to host/scenario/: scenario.c calls it once the file is read. */
#ifndef ZN_SCENARIO_CHECKS_H
#define ZN_SCENARIO_CHECKS_H

#include "scenario.h"

#include <stddef.h>

/* 0, or -1 with one line "section.key: what is wrong (what was expected)" in why, the key
 * named as the schema spells it. */
int scenario_check(const ZnScenario *sc, char *why, size_t why_len);

#endif
