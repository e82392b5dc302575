/* timing.c — where the time goes: nested spans (per package, per phase
 * read/lower/emit, per pass) printed as a -ftime-report style table on
 * stderr (--time-report) and written as Chrome trace-event JSON (--trace). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "driver.h"
#include "passes.h"

typedef struct Span {
	DriverSpanKind kind;
	char *name;
	double start_us, dur_us;  /* wall clock, from driver_timing_start */
	double cpu_us;            /* user + system */
	long peak_rss_kb;         /* the process's peak when the span ended */
	int tid;                  /* 1 for the main thread, 2... for -j workers */
	bool open;
} Span;

static struct {
	bool on;
	bool report;
	const char *trace_file;
	double t0_us;
	Span *spans;
	size_t len, cap;
} timing;

/* -j: workers open and close spans at once; the list is theirs to share. */
static pthread_mutex_t timing_lock = PTHREAD_MUTEX_INITIALIZER;
static _Thread_local int timing_tid = 1;

void driver_timing_thread(int tid)
{
	timing_tid = tid;
}

static const char *const kind_names[] = {
	[DRIVER_SPAN_PACKAGE] = "package",
	[DRIVER_SPAN_PHASE] = "phase",
	[DRIVER_SPAN_PASS] = "pass",
};

static double wall_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* The calling thread's CPU time: with -j, a span's own work, not the
 * other workers'. */
static double cpu_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static long peak_rss_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss; /* kilobytes on Linux */
}

void driver_timing_start(bool report, const char *trace_file)
{
	timing.on = report || trace_file;
	timing.report = report;
	timing.trace_file = trace_file;
	timing.t0_us = wall_us();
}

int driver_span_begin(DriverSpanKind kind, const char *name)
{
	if (!timing.on)
		return -1;
	char *copy = strdup(name);
	if (!copy)
		ir_die("out of memory");
	double cpu = cpu_us();
	pthread_mutex_lock(&timing_lock);
	if (timing.len == timing.cap) {
		timing.cap = timing.cap ? 2 * timing.cap : 64;
		timing.spans = realloc(timing.spans, timing.cap * sizeof *timing.spans);
		if (!timing.spans)
			ir_die("out of memory");
	}
	Span *s = &timing.spans[timing.len];
	*s = (Span){.kind = kind, .name = copy, .open = true, .tid = timing_tid, .cpu_us = cpu};
	s->start_us = wall_us() - timing.t0_us;
	int span = (int)timing.len++;
	pthread_mutex_unlock(&timing_lock);
	return span;
}

void driver_span_end(int span)
{
	if (span < 0)
		return;
	double cpu = cpu_us(), end_us = wall_us() - timing.t0_us;
	long peak = peak_rss_kb();
	pthread_mutex_lock(&timing_lock);
	if ((size_t)span < timing.len) {
		Span *s = &timing.spans[span];
		s->dur_us = end_us - s->start_us;
		s->cpu_us = cpu - s->cpu_us;
		s->peak_rss_kb = peak;
		s->open = false;
	}
	pthread_mutex_unlock(&timing_lock);
}

bool driver_run_passes(PassCtx *p, const PassPlan *plan)
{
	if (!timing.on)
		return pass_run_pipeline(p, plan);
	/* one pass at a time: pass_run_pipeline keeps its order, its verifier
	 * and --print-after, and each pass gets its own span */
	for (size_t i = 0; i < pass_count(); i++) {
		if (!plan->enabled[i])
			continue;
		PassPlan one = *plan;
		memset(one.enabled, 0, sizeof one.enabled);
		one.enabled[i] = true;
		int span = driver_span_begin(DRIVER_SPAN_PASS, pass_info(i)->name);
		bool ok = pass_run_pipeline(p, &one);
		driver_span_end(span);
		if (!ok)
			return false;
	}
	return true;
}

/* ---- the report: phases and passes summed over packages, first-seen order */
typedef struct Row {
	DriverSpanKind kind;
	const char *name;
	double wall_us, cpu_us;
	long peak_rss_kb;
} Row;

static size_t find_row(Row *rows, size_t n, const Span *s)
{
	for (size_t i = 0; i < n; i++)
		if (rows[i].kind == s->kind && strcmp(rows[i].name, s->name) == 0)
			return i;
	return n;
}

static size_t sum_rows(Row *rows)
{
	size_t n = 0;
	for (size_t i = 0; i < timing.len; i++) {
		const Span *s = &timing.spans[i];
		if (s->kind == DRIVER_SPAN_PACKAGE || s->open)
			continue;
		size_t r = find_row(rows, n, s);
		if (r == n)
			rows[n++] = (Row){.kind = s->kind, .name = s->name};
		rows[r].wall_us += s->dur_us;
		rows[r].cpu_us += s->cpu_us;
		if (s->peak_rss_kb > rows[r].peak_rss_kb)
			rows[r].peak_rss_kb = s->peak_rss_kb;
	}
	return n;
}

static void print_report(FILE *out)
{
	Row *rows = calloc(timing.len + 1, sizeof *rows);
	if (!rows)
		ir_die("out of memory");
	size_t n = sum_rows(rows), packages = 0;
	for (size_t i = 0; i < timing.len; i++)
		packages += timing.spans[i].kind == DRIVER_SPAN_PACKAGE;
	double total = wall_us() - timing.t0_us;
	fprintf(out, "Time report (%zu package%s):\n", packages, packages == 1 ? "" : "s");
	fprintf(out, " %-28s %10s %7s %10s %12s\n", "phase / pass", "wall (s)", "", "cpu (s)", "peak RSS");
	for (size_t i = 0; i < n; i++) {
		bool pass = rows[i].kind == DRIVER_SPAN_PASS;
		fprintf(out, " %s%-*s: %10.4f (%4.0f%%) %10.4f %9ld kB\n", pass ? "  " : "", pass ? 25 : 27,
			rows[i].name, rows[i].wall_us / 1e6, total > 0 ? 100 * rows[i].wall_us / total : 0.0,
			rows[i].cpu_us / 1e6, rows[i].peak_rss_kb);
	}
	fprintf(out, " %-27s: %10.4f (100%%) %10.4f %9ld kB\n", "TOTAL", total / 1e6, cpu_us() / 1e6, peak_rss_kb());
	free(rows);
}

/* ---- the trace: {"traceEvents":[{"name","cat","ph":"X","ts","dur","pid","tid"}]} */
static int write_trace(const char *path)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *events = cJSON_AddArrayToObject(root, "traceEvents");
	int pid = (int)getpid();
	for (size_t i = 0; i < timing.len; i++) {
		const Span *s = &timing.spans[i];
		if (s->open)
			continue;
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "name", s->name);
		cJSON_AddStringToObject(e, "cat", kind_names[s->kind]);
		cJSON_AddStringToObject(e, "ph", "X");
		cJSON_AddNumberToObject(e, "ts", (double)(long long)s->start_us);
		cJSON_AddNumberToObject(e, "dur", (double)(long long)s->dur_us);
		cJSON_AddNumberToObject(e, "pid", pid);
		cJSON_AddNumberToObject(e, "tid", s->tid);
		cJSON *args = cJSON_AddObjectToObject(e, "args");
		cJSON_AddNumberToObject(args, "peak_rss_kb", (double)s->peak_rss_kb);
		cJSON_AddItemToArray(events, e);
	}
	cJSON_AddStringToObject(root, "displayTimeUnit", "ms");
	char *text = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	if (!text)
		ir_die("out of memory printing the trace");
	const char *err = NULL;
	IrWriteResult r = ir_write_file(path, text, strlen(text), &err);
	free(text);
	if (r == IR_WRITE_FAILED) {
		fprintf(stderr, "ssis2dbtc: error: cannot write %s: %s\n", path, err ? err : "unknown error");
		return EXIT_INPUT_ERRORS;
	}
	return 0;
}

int driver_timing_finish(FILE *out)
{
	int rc = 0;
	if (timing.report)
		print_report(out);
	if (timing.trace_file)
		rc = write_trace(timing.trace_file);
	for (size_t i = 0; i < timing.len; i++)
		free(timing.spans[i].name);
	free(timing.spans);
	memset(&timing, 0, sizeof timing);
	return rc;
}
