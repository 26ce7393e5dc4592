/*
 * metrics.c - lock-free counters behind /metrics.
 */
#include <stdatomic.h>
#include <stdlib.h>

#include "base/log.h"
#include "http/metrics.h"

/* The statuses we expect to answer; anything else is counted as "other". */
static const int metrics_statuses[] = {
	200, 204, 206, 301, 302, 303, 304, 400, 403, 404, 405, 408, 413, 415,
	429, 431, 500, 503,
};
#define METRICS_NSTATUS (sizeof(metrics_statuses) / sizeof(metrics_statuses[0]) + 1)

/* Upper bounds of the latency buckets in seconds (Prometheus defaults,
 * shifted down: our pages are expected in single milliseconds). */
static const double metrics_bounds[] = {
	0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
	2.5,
};
#define METRICS_NBUCKET (sizeof(metrics_bounds) / sizeof(metrics_bounds[0]))

struct metrics_row {
	_Atomic uint64_t by_status[METRICS_NSTATUS];
	_Atomic uint64_t buckets[METRICS_NBUCKET];	/* not cumulative */
	_Atomic uint64_t count;
	_Atomic uint64_t sum_ns;
	_Atomic uint64_t cache_hits;	/* answered from the page cache */
};

static _Atomic uint64_t metrics_closes;	/* past a deadline */
static _Atomic uint64_t metrics_gone;	/* client left before the answer */
static _Atomic uint64_t metrics_over;	/* over render_budget_ms */

static const struct router *metrics_router;
static struct metrics_row *metrics_rows;	/* nroutes + 1 ("none") */

void
metrics_init(const struct router *rt)
{
	metrics_router = rt;
	metrics_rows = calloc(rt->nroutes + 1, sizeof(*metrics_rows));
	if (metrics_rows == NULL)
		fatal("metrics_init: out of memory");
}

static size_t
metrics_status_index(int status)
{
	size_t i;

	for (i = 0; i < METRICS_NSTATUS - 1; i++)
		if (metrics_statuses[i] == status)
			return i;
	return METRICS_NSTATUS - 1;
}

void
metrics_record(const struct route *route, int status, int64_t ns)
{
	struct metrics_row *row;
	double s = (double)ns / 1e9;
	size_t i, idx;

	if (metrics_rows == NULL)
		return;
	idx = route ? (size_t)(route - metrics_router->routes) :
	    metrics_router->nroutes;
	row = &metrics_rows[idx];
	atomic_fetch_add_explicit(&row->by_status[metrics_status_index(status)],
	    1, memory_order_relaxed);
	atomic_fetch_add_explicit(&row->count, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&row->sum_ns, (uint64_t)(ns > 0 ? ns : 0),
	    memory_order_relaxed);
	for (i = 0; i < METRICS_NBUCKET; i++)
		if (s <= metrics_bounds[i]) {
			atomic_fetch_add_explicit(&row->buckets[i], 1,
			    memory_order_relaxed);
			break;
		}
}

void
metrics_cache_hit(const struct route *route)
{
	if (metrics_rows == NULL || route == NULL)
		return;
	atomic_fetch_add_explicit(&metrics_rows[route -
	    metrics_router->routes].cache_hits, 1, memory_order_relaxed);
}

void
metrics_deadline_closes(unsigned n)
{
	atomic_fetch_add_explicit(&metrics_closes, n, memory_order_relaxed);
}

void
metrics_abandoned(bool gone)
{
	atomic_fetch_add_explicit(gone ? &metrics_gone : &metrics_over, 1,
	    memory_order_relaxed);
}

void
metrics_write(struct buf *b)
{
	size_t r, i;
	uint64_t cum, v;

	buf_puts(b, "# HELP tukiverkko_http_requests_total HTTP requests by route and status.\n"
	    "# TYPE tukiverkko_http_requests_total counter\n");
	for (r = 0; r <= metrics_router->nroutes; r++) {
		const char *name = r < metrics_router->nroutes ?
		    metrics_router->routes[r].name : "none";

		for (i = 0; i < METRICS_NSTATUS; i++) {
			v = atomic_load_explicit(&metrics_rows[r].by_status[i],
			    memory_order_relaxed);
			if (v == 0)
				continue;
			if (i < METRICS_NSTATUS - 1)
				buf_printf(b, "tukiverkko_http_requests_total{route=\"%s\",status=\"%d\"} %llu\n",
				    name, metrics_statuses[i], (unsigned long long)v);
			else
				buf_printf(b, "tukiverkko_http_requests_total{route=\"%s\",status=\"other\"} %llu\n",
				    name, (unsigned long long)v);
		}
	}
	buf_puts(b, "# HELP tukiverkko_page_cache_hits_total Requests answered from the page cache, by route.\n"
	    "# TYPE tukiverkko_page_cache_hits_total counter\n");
	for (r = 0; r < metrics_router->nroutes; r++) {
		v = atomic_load_explicit(&metrics_rows[r].cache_hits,
		    memory_order_relaxed);
		if (v != 0)
			buf_printf(b, "tukiverkko_page_cache_hits_total{route=\"%s\"} %llu\n",
			    metrics_router->routes[r].name,
			    (unsigned long long)v);
	}
	buf_puts(b, "# HELP tukiverkko_http_request_duration_seconds Time from request start to response queued.\n"
	    "# TYPE tukiverkko_http_request_duration_seconds histogram\n");
	for (r = 0; r <= metrics_router->nroutes; r++) {
		const char *name = r < metrics_router->nroutes ?
		    metrics_router->routes[r].name : "none";
		uint64_t count = atomic_load_explicit(&metrics_rows[r].count,
		    memory_order_relaxed);

		if (count == 0)
			continue;
		cum = 0;
		for (i = 0; i < METRICS_NBUCKET; i++) {
			cum += atomic_load_explicit(&metrics_rows[r].buckets[i],
			    memory_order_relaxed);
			buf_printf(b, "tukiverkko_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %llu\n",
			    name, metrics_bounds[i], (unsigned long long)cum);
		}
		buf_printf(b, "tukiverkko_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n",
		    name, (unsigned long long)count);
		buf_printf(b, "tukiverkko_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n",
		    name, (double)atomic_load_explicit(&metrics_rows[r].sum_ns,
		    memory_order_relaxed) / 1e9);
		buf_printf(b, "tukiverkko_http_request_duration_seconds_count{route=\"%s\"} %llu\n",
		    name, (unsigned long long)count);
	}
	buf_printf(b, "# HELP tukiverkko_http_deadline_closes_total Connections closed for sending their headers or body too slowly.\n"
	    "# TYPE tukiverkko_http_deadline_closes_total counter\n"
	    "tukiverkko_http_deadline_closes_total %llu\n",
	    (unsigned long long)atomic_load_explicit(&metrics_closes,
	    memory_order_relaxed));
	buf_printf(b, "# HELP tukiverkko_http_abandoned_total Page requests cut short: the client had gone, or the render ran past its budget.\n"
	    "# TYPE tukiverkko_http_abandoned_total counter\n"
	    "tukiverkko_http_abandoned_total{reason=\"client_gone\"} %llu\n"
	    "tukiverkko_http_abandoned_total{reason=\"render_budget\"} %llu\n",
	    (unsigned long long)atomic_load_explicit(&metrics_gone,
	    memory_order_relaxed),
	    (unsigned long long)atomic_load_explicit(&metrics_over,
	    memory_order_relaxed));
}
