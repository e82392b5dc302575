/* arena.c — the compilation arena, arena-backed vectors and heap buffers.
 * Nothing allocated from an arena is freed on its own; the whole arena goes
 * at once when the compilation unit ends. */
#include <stdlib.h>
#include <string.h>

#include "ir.h"

enum { ARENA_BLOCK = 64 * 1024, ARENA_ALIGN = 16 };

typedef struct Block {
	struct Block *next;
	size_t size, used;
	_Alignas(16) unsigned char data[];
} Block;

struct IrArena {
	Block *head;
	size_t reserved;
};

static void *xmalloc(size_t n)
{
	void *p = malloc(n);
	if (!p)
		ir_die("out of memory (%zu bytes)", n);
	return p;
}

IrArena *ir_arena_new(void)
{
	IrArena *a = xmalloc(sizeof *a);
	a->head = NULL;
	a->reserved = 0;
	return a;
}

void ir_arena_free(IrArena *a)
{
	if (!a)
		return;
	for (Block *b = a->head, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

static Block *new_block(IrArena *a, size_t need)
{
	size_t size = need > ARENA_BLOCK ? need : ARENA_BLOCK;
	Block *b = xmalloc(sizeof *b + size);
	b->size = size;
	b->used = 0;
	b->next = a->head;
	a->head = b;
	a->reserved += size;
	return b;
}

void *ir_alloc(IrArena *a, size_t n)
{
	n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (n == 0)
		n = ARENA_ALIGN;
	Block *b = a->head;
	if (!b || b->size - b->used < n) {
		/* A big request gets a block of its own behind the current one,
		 * so the space left in the current block is not wasted. */
		if (n > ARENA_BLOCK / 4 && b) {
			Block *big = xmalloc(sizeof *big + n);
			big->size = big->used = n;
			big->next = b->next;
			b->next = big;
			a->reserved += n;
			memset(big->data, 0, n);
			return big->data;
		}
		b = new_block(a, n);
	}
	void *p = b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

size_t ir_arena_bytes(const IrArena *a)
{
	return a->reserved;
}

char *ir_strndup(IrArena *a, const char *s, size_t n)
{
	char *p = ir_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *ir_strdup(IrArena *a, const char *s)
{
	return ir_strndup(a, s, strlen(s));
}

char *ir_vsprintf(IrArena *a, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		ir_die("bad format string: %s", fmt);
	char *p = ir_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *ir_sprintf(IrArena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = ir_vsprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

void ir_vec_push(IrArena *a, IrVec *v, void *item)
{
	if (v->len == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 8;
		void **items = ir_alloc(a, cap * sizeof *items);
		if (v->len)
			memcpy(items, v->items, v->len * sizeof *items);
		v->items = items;
		v->cap = cap;
	}
	v->items[v->len++] = item;
}

void ir_buf_put(IrBuf *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *d = realloc(b->data, cap);
		if (!d)
			ir_die("out of memory (%zu bytes)", cap);
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = 0;
}

void ir_buf_puts(IrBuf *b, const char *s)
{
	ir_buf_put(b, s, strlen(s));
}

void ir_buf_printf(IrBuf *b, const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		ir_die("bad format string: %s", fmt);
	char tmp[256];
	if ((size_t)n < sizeof tmp) {
		vsnprintf(tmp, sizeof tmp, fmt, ap);
		ir_buf_put(b, tmp, (size_t)n);
	} else {
		char *big = malloc((size_t)n + 1);
		if (!big)
			ir_die("out of memory");
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		ir_buf_put(b, big, (size_t)n);
		free(big);
	}
	va_end(ap);
}

void ir_buf_free(IrBuf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
