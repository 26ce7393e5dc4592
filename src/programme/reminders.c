/*
 * reminders.c - reminder e-mails about concrete actions and the tutors'
 * weekly digest (see reminders.h for when each is sent).
 *
 * One run is one write transaction: the candidates are read inside it
 * (so two runs, say the server's job and `tukiverkko reminders`, cannot
 * both pick the same action), each message is queued and its
 * reminder_sent or digest_sent row written, and the whole is committed
 * at once.  A recipient must still work on the workspace by the policy
 * (SCOPE_WORKED_ON, asked of policy_reaches()), so someone whose role
 * changed is not sent what they can no longer open.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/account.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "auth/unsubscribe.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/log.h"
#include "base/settings.h"
#include "base/time.h"
#include "db/rows.h"
#include "http/urls.h"
#include "mail/mail.h"
#include "network/network.h"
#include "programme/reminders.h"
#include "programme/rules.h"
#include "programme/workspace.h"
#include "view/i18n.h"

/* One open action and where it is, with its owner (if an account). */
struct rem_action {
	int64_t id;
	const char *title;
	const char *due_on;		/* NULL when none */
	enum action_status status;
	int progress;
	const char *owner;		/* name to show */
	int64_t owner_id;		/* 0 = not an account */
	const char *owner_email;
	const char *owner_lang;
	int64_t year;
	const char *code;
	const char *names[LANG_COUNT];	/* the municipality's name */
	int64_t region_id;
};

/* A YYYY-MM-DD date `days` days from ymd (calendar days). */
static void
rem_add_days(const char *ymd, int days, char out[11])
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = ((ymd[0] - '0') * 1000 + (ymd[1] - '0') * 100 +
	    (ymd[2] - '0') * 10 + (ymd[3] - '0')) - 1900;
	tm.tm_mon = (ymd[5] - '0') * 10 + (ymd[6] - '0') - 1;
	tm.tm_mday = (ymd[8] - '0') * 10 + (ymd[9] - '0') + days;
	tm.tm_hour = 12;
	t = timegm(&tm);
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static enum lang
rem_lang(const char *code)
{
	enum lang l;

	if (code == NULL || lang_parse(code, strlen(code), &l) != 0)
		return LANG_FI;
	return l;
}

static int
rem_action_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct rem_action *x = out;

	db_cols(st, a, 0, DB_COLS(db_as_int(&x->id), db_as_str(&x->title)));
	x->due_on = db_col_is_null(st, 2) ? NULL : db_col_dup(st, a, 2);
	if (action_status_parse(db_col_text(st, 3), &x->status) != 0)
		x->status = ACTION_PLANNED;
	x->progress = (int)db_col_int64(st, 4);
	db_cols(st, a, 5, DB_COLS(db_as_str(&x->owner),
	    db_as_int(&x->owner_id), db_as_str(&x->owner_email),
	    db_as_str(&x->owner_lang), db_as_int(&x->year),
	    db_as_str(&x->code), db_as_int(&x->region_id)));
	return 0;
}

/*
 * The owners' names, addresses and languages from their accounts (auth's
 * cards; an erased account leaves the free-text name).  For a reminder
 * (reachable_only) the actions whose owner does not take mail - not
 * active, erased, or notifications off - are left out.  0 or -1.
 */
static int
rem_owners(struct db *db, struct arena *a, struct rem_action *v, size_t *n,
    bool reachable_only)
{
	struct account_card *c = arena_calloc(a, *n ? *n : 1, sizeof(*c));
	int64_t *ids = arena_calloc(a, *n ? *n : 1, sizeof(*ids));
	size_t i, k = 0;

	for (i = 0; i < *n; i++)
		ids[i] = v[i].owner_id;
	if (account_cards(db, a, ids, *n, c) != 0)
		return -1;
	for (i = 0; i < *n; i++) {
		if (reachable_only && !c[i].reachable)
			continue;
		v[k] = v[i];
		v[k].owner_id = c[i].id;
		if (c[i].name[0] != '\0')
			v[k].owner = c[i].name;
		v[k].owner_email = c[i].email;
		v[k].owner_lang = c[i].lang;
		k++;
	}
	*n = k;
	return 0;
}

/* The municipalities' names in every language, from the network (a
 * workspace's municipality is of its period's region).  0 or -1. */
static int
rem_names(struct db *db, struct arena *a, struct rem_action *v, size_t n)
{
	struct municipality_set ms[LANG_COUNT];
	size_t i;
	int l;

	memset(ms, 0, sizeof(ms));
	for (i = 0; i < n; i++)
		for (l = 0; l < LANG_COUNT; l++) {
			const struct municipality *m;

			if (network_set_add_region(db, a, (enum lang)l, &ms[l],
			    v[i].region_id) != 0)
				return -1;
			m = network_set_find(&ms[l], v[i].code, v[i].region_id);
			v[i].names[l] = m != NULL ? m->name : v[i].code;
		}
	return 0;
}

/* By the Finnish name of the municipality, then the period, then the due
 * date (undated last) and the action: the order of the messages and of
 * the digest's groups. */
static int
rem_cmp(const void *p, const void *q)
{
	const struct rem_action *x = p, *y = q;
	int c;

	if ((c = strcmp(x->names[LANG_FI], y->names[LANG_FI])) != 0)
		return c;
	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	if ((x->due_on == NULL) != (y->due_on == NULL))
		return x->due_on == NULL ? 1 : -1;
	if (x->due_on != NULL && (c = strcmp(x->due_on, y->due_on)) != 0)
		return c;
	return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * Open actions.  kind "due-soon" / "overdue": those with an account
 * owner who wants mail, due between from and to (inclusive), not yet
 * reminded of that kind.  kind NULL: every open action of a period that
 * ends on or after `from` (for the digests).  0 or -1.
 */
static int
rem_actions(struct db *db, struct arena *a, const char *kind, const char *from,
    const char *to, struct rem_action **out, size_t *n)
{
	*out = db_rows(db, a, "SELECT x.id, x.title, x.due_on, x.status, "
	    "x.progress, x.owner_name, COALESCE(x.owner_account_id, 0), '', "
	    "'fi', p.year, w.municipality_code, p.region_id "
	    "FROM action x "
	    "JOIN workspace w ON w.id = x.workspace_id "
	    "JOIN programme_period p ON p.id = w.period_id "
	    "WHERE x.status IN ('planned', 'in-progress') AND ("
	    " (?1 IS NULL AND p.ends_on >= ?2) OR"
	    " (?1 IS NOT NULL AND x.due_on IS NOT NULL AND x.due_on >= ?2 AND"
	    "  x.due_on <= ?3 AND x.owner_account_id IS NOT NULL AND"
	    "  NOT EXISTS (SELECT 1 FROM reminder_sent r"
	    "  WHERE r.action_id = x.id AND r.kind = ?1)))",
	    DB_ARGS(db_text(kind), db_text(from), db_text(to)), rem_action_row,
	    sizeof(**out), n);
	if (*out == NULL || rem_owners(db, a, *out, n, kind != NULL) != 0 ||
	    rem_names(db, a, *out, *n) != 0)
		return -1;
	if (*n > 1)
		qsort(*out, *n, sizeof(**out), rem_cmp);
	return 0;
}

/* Whether u (another account than any request's: the reminder goes to
 * them) works on the workspace of x: the policy's rule for workspaces. */
static bool
rem_works_on(const struct user *u, const struct rem_action *x)
{
	struct object_scope s = { .region_id = x->region_id,
	    .municipality = x->code };

	return policy_reaches(u, SCOPE_WORKED_ON, &s);
}

/* Whether account `id` still works on the action's workspace. */
static int
rem_may_see(struct db *db, struct arena *a, int64_t id,
    const struct rem_action *x)
{
	struct user u;
	int rc;

	memset(&u, 0, sizeof(u));
	if ((rc = session_load_account(db, a, id, &u)) != 0)
		return rc < 0 ? -1 : 0;
	u.id = id;
	return rem_works_on(&u, x) ? 1 : 0;
}

/* "Tila: Käynnissä, 40 %" and the due date lines of an action. */
static void
rem_facts(struct buf *b, struct arena *a, enum lang l,
    const struct rem_action *x, const char *today, const char *indent)
{
	if (x->owner[0] != '\0')
		buf_printf(b, "%s%s: %s\n", indent, i18n_text(l, "Owner"),
		    x->owner);
	buf_printf(b, "%s%s: %s%s%s\n", indent, i18n_text(l, "Due date"),
	    x->due_on ? ws_date(a, l, x->due_on) : i18n_text(l, "no due date"),
	    action_overdue(x->due_on, today, x->status) ? " – " : "",
	    action_overdue(x->due_on, today, x->status) ?
	    i18n_text(l, "Overdue") : "");
	buf_printf(b, "%s%s: %s, %d %%\n", indent, i18n_text(l, "Status"),
	    i18n_text(l, action_status_label(x->status)), x->progress);
}

/*
 * Queues a message that its account can turn off (account.notify): in the
 * account's language, with the account's opt-out link as List-Unsubscribe
 * and List-Unsubscribe-Post (RFC 8058), so that a mail program offers the
 * one-click way out.  0 or -1.
 */
static int
rem_mail(struct db *db, struct arena *a, enum lang l, int64_t account_id,
    const char *to, const char *subject, const char *body, int64_t now)
{
	struct mail_msg m = { .to = to, .subject = subject, .body = body,
		.lang = lang_code(l), .one_click = true };
	const char *token = unsubscribe_token(db, a, account_id);

	if (token == NULL)
		return -1;
	m.unsubscribe = url_abs_for(a, l, "account.unsubscribe", token, NULL);
	return mail_send(db, &m, now) < 0 ? -1 : 0;
}

/* Queues the reminder of one kind about x to its owner and records it. */
static int
rem_send_one(struct db *db, struct arena *a, const struct rem_action *x,
    const char *kind, const char *today, int64_t now)
{
	enum lang l = rem_lang(x->owner_lang);
	bool overdue = strcmp(kind, "overdue") == 0;
	struct buf b;
	int rc;

	buf_init(&b);
	buf_printf(&b, "%s\n\n%s\n", overdue ?
	    i18n_text(l, "An action you are responsible for is overdue. Please report its progress, or agree on a new due date in the sparring.") :
	    i18n_text(l, "An action you are responsible for is due soon."),
	    x->title);
	buf_printf(&b, "%s: %s %lld\n", i18n_text(l, "Sparring workspace"),
	    x->names[l], (long long)x->year);
	rem_facts(&b, a, l, x, today, "");
	buf_printf(&b, "\n%s\n%s\n\n%s\n%s\n",
	    i18n_text(l, "Report the progress in the sparring workspace:"),
	    arena_printf(a, "%s#action-%lld", url_abs_for(a, l,
	    "workspace.page", url_id(a, x->year), x->code, NULL),
	    (long long)x->id),
	    i18n_text(l, "You get this reminder because the action is yours. You can turn reminders off on your account page:"),
	    url_abs_for(a, l, "account.page", NULL));
	rc = rem_mail(db, a, l, x->owner_id, x->owner_email, overdue ?
	    i18n_text(l, "Reminder: an action is overdue") :
	    i18n_text(l, "Reminder: an action is due soon"), buf_cstr(&b), now);
	buf_cleanup(&b);
	if (rc != 0)
		return -1;
	return db_run(db, "INSERT INTO reminder_sent (action_id, kind) "
	    "VALUES (?1, ?2)", DB_ARGS(db_int(x->id), db_text(kind)), NULL) == 0 ?
	    0 : -1;
}

/* The reminders of one kind due between from and to.  The number sent,
 * or -1. */
static int
rem_kind(struct db *db, struct arena *a, const char *kind, const char *from,
    const char *to, const char *today, int64_t now)
{
	struct rem_action *v;
	size_t n, i;
	int sent = 0, ok;

	if (rem_actions(db, a, kind, from, to, &v, &n) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		if ((ok = rem_may_see(db, a, v[i].owner_id, &v[i])) < 0)
			return -1;
		if (!ok)
			continue;
		if (rem_send_one(db, a, &v[i], kind, today, now) != 0)
			return -1;
		sent++;
	}
	return sent;
}

/* A tutor who wants mail and has not had this week's digest. */
struct rem_tutor {
	int64_t id;
	const char *email;
	const char *lang;
};

/* The tutors who take mail and have had no digest of `week` yet, by id.
 * 0 or -1. */
static int
rem_tutors(struct db *db, struct arena *a, const char *week,
    struct rem_tutor **out, size_t *n)
{
	struct account_card *t;
	int64_t *sent;
	size_t nt, nsent, i, j;

	if (account_reachable_tutors(db, a, &t, &nt) != 0 ||
	    (sent = db_ints(db, a, "SELECT account_id FROM digest_sent WHERE "
	    "week = ?1", DB_ARGS(db_text(week)), &nsent)) == NULL)
		return -1;
	*out = arena_calloc(a, nt ? nt : 1, sizeof(**out));
	*n = 0;
	for (i = 0; i < nt; i++) {
		for (j = 0; j < nsent && sent[j] != t[i].id; j++)
			;
		if (j == nsent)
			(*out)[(*n)++] = (struct rem_tutor){ t[i].id, t[i].email,
			    t[i].lang };
	}
	return 0;
}

/*
 * The weekly digests of ISO week `week`: for each tutor, the open actions
 * of the workspaces they work on, grouped by workspace, overdue ones
 * marked.  A tutor with nothing open gets nothing (and is tried again at
 * the next run of the week).  The number sent, or -1.
 */
static int
rem_digests(struct db *db, struct arena *a, const char *week,
    const char *today, int64_t now)
{
	struct rem_action *v;
	struct rem_tutor *tutors;
	size_t n, nt, t, i;
	int sent = 0, rc;

	if (rem_actions(db, a, NULL, today, NULL, &v, &n) != 0 ||
	    rem_tutors(db, a, week, &tutors, &nt) != 0)
		return -1;
	for (t = 0; t < nt; t++) {
		enum lang l = rem_lang(tutors[t].lang);
		struct user u;
		struct buf b;
		const char *last = NULL;
		int64_t last_year = 0;
		size_t count = 0;

		memset(&u, 0, sizeof(u));
		if ((rc = session_load_account(db, a, tutors[t].id, &u)) < 0)
			return -1;
		if (rc != 0)
			continue;
		u.id = tutors[t].id;
		buf_init(&b);
		buf_printf(&b, "%s\n%s: %s\n",
		    i18n_text(l, "The open actions of the sparring workspaces you support."),
		    i18n_text(l, "Week"), week);
		for (i = 0; i < n; i++) {
			const struct rem_action *x = &v[i];

			if (!rem_works_on(&u, x))
				continue;
			if (last == NULL || strcmp(last, x->code) != 0 ||
			    last_year != x->year) {
				buf_printf(&b, "\n%s %lld\n%s\n", x->names[l],
				    (long long)x->year, arena_printf(a,
				    "%s#actions", url_abs_for(a, l,
				    "workspace.page", url_id(a, x->year), x->code,
				    NULL)));
				last = x->code;
				last_year = x->year;
			}
			buf_printf(&b, "\n- %s\n", x->title);
			rem_facts(&b, a, l, x, today, "  ");
			count++;
		}
		if (count == 0) {
			buf_cleanup(&b);
			continue;
		}
		buf_printf(&b, "\n%s\n%s\n",
		    i18n_text(l, "You get this summary every week as a tutor. You can turn it off on your account page:"),
		    url_abs_for(a, l, "account.page", NULL));
		rc = rem_mail(db, a, l, tutors[t].id, tutors[t].email,
		    i18n_text(l, "Weekly summary of the sparring actions"),
		    buf_cstr(&b), now);
		buf_cleanup(&b);
		if (rc != 0)
			return -1;
		if (db_run(db, "INSERT INTO digest_sent (account_id, week) "
		    "VALUES (?1, ?2)", DB_ARGS(db_int(tutors[t].id),
		    db_text(week)), NULL) != 0)
			return -1;
		sent++;
	}
	return sent;
}

int
reminders_run(struct db *db, int64_t now, struct reminder_counts *out)
{
	struct arena a;
	struct tm tm;
	time_t tt = (time_t)now;
	char today[11], soon[11], past[11], yesterday[11], week[16];
	int due, over, dig = 0;

	memset(out, 0, sizeof(*out));
	localtime_r(&tt, &tm);		/* Helsinki (time_init()) */
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	strftime(week, sizeof(week), "%G-W%V", &tm);
	rem_add_days(today, REMINDER_DAYS_BEFORE, soon);
	rem_add_days(today, -REMINDER_OVERDUE_MAX, past);
	rem_add_days(today, -1, yesterday);
	if (db_begin(db) != 0)
		return -1;
	arena_init(&a);
	if ((due = rem_kind(db, &a, "due-soon", today, soon, today, now)) < 0 ||
	    (over = rem_kind(db, &a, "overdue", past, yesterday, today,
	    now)) < 0 ||
	    (!(tm.tm_wday == 1 && tm.tm_hour < DIGEST_HOUR) &&
	    (dig = rem_digests(db, &a, week, today, now)) < 0) ||
	    db_commit(db) != 0) {
		db_rollback(db);
		arena_cleanup(&a);
		return -1;
	}
	arena_cleanup(&a);
	out->due_soon = due;
	out->overdue = over;
	out->digests = dig;
	return 0;
}

int
reminders_job(struct db *db, int64_t now)
{
	struct reminder_counts c;

	if (reminders_run(db, now, &c) != 0)
		return -1;
	if (c.due_soon + c.overdue + c.digests > 0)
		log_info("reminders: %d due soon, %d overdue, %d weekly digests",
		    c.due_soon, c.overdue, c.digests);
	return 0;
}
