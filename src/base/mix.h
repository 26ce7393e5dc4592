/*
 * mix.h - a 64-bit mixing function (splitmix64's finaliser), for choices
 * that must look random but be the same on every run: the scale generator
 * (`tukiverkko demo --scale N`) picks kinds, times and counts from the
 * row's number, so two runs at one scale fill the same shapes.
 */
#ifndef BASE_MIX_H
#define BASE_MIX_H

#include <stdint.h>

static inline uint64_t
mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* A number in [0, n) chosen by (seed, i). */
static inline uint64_t
mix_pick(uint64_t seed, uint64_t i, uint64_t n)
{
	return n == 0 ? 0 : mix64(seed * 0x100000001b3ULL ^ i) % n;
}

#endif
