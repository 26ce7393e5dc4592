/*
 * metrics.h - request counters and latency histograms for Prometheus.
 *
 * Counters are relaxed atomics in fixed arrays indexed by route, so recording
 * a request takes no lock and allocates nothing.
 */
#ifndef TV_HTTP_METRICS_H
#define TV_HTTP_METRICS_H

#include <stdint.h>

#include "base/buf.h"
#include "http/router.h"

/* Sizes the tables for the router's routes; call once before serving. */
void metrics_init(const struct router *rt);

/* Records one finished request (route NULL when nothing matched). */
void metrics_record(const struct route *route, int status, int64_t ns);

/* Writes the Prometheus text exposition format (version 0.0.4). */
void metrics_write(struct buf *b);

#endif
