/* rng.h - counter-based random numbers: a value is a pure function of (seed, stream, index),
 * so a draw never depends on the order of work, the backend or how a run was split by
 * restarts, and no generator state has to be checkpointed. The mixer is SplitMix64's
 * finaliser (Steele, Lea & Flood, OOPSLA 2014), applied twice over the combined counter. */
#ifndef ZN_RNG_H
#define ZN_RNG_H

#include "px.h"
#include <math.h>
#include <stdint.h>

static inline PX_HD uint64_t zn_rng_mix(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* 64 random bits for draw `index` of `stream` under `seed`. */
static inline PX_HD uint64_t zn_rng_bits(uint64_t seed, uint64_t stream, uint64_t index)
{
    return zn_rng_mix(zn_rng_mix(seed ^ zn_rng_mix(stream)) ^ index);
}

/* Uniform in (0, 1): 53 bits, never 0 or 1 (safe under log). */
static inline PX_HD double zn_rng_u01(uint64_t seed, uint64_t stream, uint64_t index)
{
    return ((double)(zn_rng_bits(seed, stream, index) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

/* Standard normal by Box-Muller from draws 2 index and 2 index + 1. */
static inline PX_HD double zn_rng_normal(uint64_t seed, uint64_t stream, uint64_t index)
{
    double u1 = zn_rng_u01(seed, stream, 2 * index), u2 = zn_rng_u01(seed, stream, 2 * index + 1);
    return sqrt(-2.0 * log(u1)) * cos(2.0 * PX_PI * u2);
}

#endif
