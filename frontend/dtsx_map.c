/* dtsx_map.c — a small hash map from interned strings to pointers, so that
 * reference resolution (lineage ids, DTSIDs, refIds) is linear, not
 * quadratic.  Storage lives in the arena; nothing is freed on its own. */
#include <ctype.h>
#include <string.h>

#include "dtsx_internal.h"

static size_t slot_of(const char *key, size_t cap)
{
	uintptr_t h = (uintptr_t)key;
	h ^= h >> 17;
	h *= 0x9E3779B97F4A7C15ull & UINTPTR_MAX;
	return (size_t)(h ^ (h >> 29)) & (cap - 1);
}

static void grow(IrArena *a, DxMap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	const char **keys = ir_alloc(a, cap * sizeof *keys);
	void **vals = ir_alloc(a, cap * sizeof *vals);
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		size_t s = slot_of(m->keys[i], cap);
		while (keys[s])
			s = (s + 1) & (cap - 1);
		keys[s] = m->keys[i];
		vals[s] = m->vals[i];
	}
	m->keys = keys;
	m->vals = vals;
	m->cap = cap;
}

void dx_map_put(IrArena *a, DxMap *m, const char *key, void *val)
{
	if (!key)
		return;
	if ((m->n + 1) * 2 > m->cap)
		grow(a, m);
	size_t s = slot_of(key, m->cap);
	while (m->keys[s]) {
		if (m->keys[s] == key)
			return;
		s = (s + 1) & (m->cap - 1);
	}
	m->keys[s] = key;
	m->vals[s] = val;
	m->n++;
}

void *dx_map_get(const DxMap *m, const char *key)
{
	if (!key || !m->cap)
		return NULL;
	size_t s = slot_of(key, m->cap);
	while (m->keys[s]) {
		if (m->keys[s] == key)
			return m->vals[s];
		s = (s + 1) & (m->cap - 1);
	}
	return NULL;
}

const char *dx_upper(IrCtx *c, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s);
	char buf[128];
	if (n >= sizeof buf)
		return ir_intern(c, s, n);
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)toupper((unsigned char)s[i]);
	return ir_intern(c, buf, n);
}
