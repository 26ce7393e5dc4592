/*
 * log.h - diagnostics to stderr, one JSON object per line.
 *
 * Logs never carry personal data: no names, e-mail addresses, form values,
 * query strings or client addresses beyond what the access log needs.
 */
#ifndef TV_BASE_LOG_H
#define TV_BASE_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level level);

/* Writes {"ts":...,"level":...,"msg":...} with msg JSON-escaped. */
void log_msg(enum log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

/* For broken invariants only: logs and aborts. */
_Noreturn void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
