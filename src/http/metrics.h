/*
 * metrics.h - request counters and latency histograms for Prometheus.
 *
 * Counters are relaxed atomics in fixed arrays indexed by route, so recording
 * a request takes no lock and allocates nothing.
 */
#ifndef TV_HTTP_METRICS_H
#define TV_HTTP_METRICS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"
#include "http/router.h"

/* Sizes the tables for the router's routes; call once before serving. */
void metrics_init(const struct router *rt);

/* Records one finished request (route NULL when nothing matched). */
void metrics_record(const struct route *route, int status, int64_t ns);

/* Counts connections the watchdog closed past their header or body
 * deadline. */
void metrics_deadline_closes(unsigned n);

/* Counts a page request cut short: its client had gone (gone) or it ran
 * past render_budget_ms (!gone; also counted as a 503). */
void metrics_abandoned(bool gone);

/* Counts a request of route answered from the page cache (http/cache.h). */
void metrics_cache_hit(const struct route *route);

/* Writes the Prometheus text exposition format (version 0.0.4). */
void metrics_write(struct buf *b);

#endif
