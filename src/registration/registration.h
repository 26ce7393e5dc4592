/*
 * registration.h - registering for an event: seats, the waiting list, the
 * registrant's secret link and the messages about a registration.
 *
 * Seats are counted, not stored (migrations/0008_registration.sql): taken
 * seats are the group sizes of an event's 'confirmed' and 'offered'
 * registrations.  Every change of status happens inside one write
 * transaction (db_begin(), BEGIN IMMEDIATE), so two registrations never
 * take the last seat twice, and every message about a change is queued in
 * the outbox (mail.h) in that same transaction: it is sent if and only if
 * the change is saved, once (dedupe key "reg:<id>:<kind>").
 *
 * A registrant has no account.  Their link /:lang/registrations/<token>
 * carries a secret derived with a server key from the event id and the
 * form's one-time submission id; only the token's SHA-256 is stored.
 * Because it is derived, a repeated POST of the same form lands on the
 * same page, and a job can rebuild the link for an e-mail.
 */
#ifndef TV_REGISTRATION_REGISTRATION_H
#define TV_REGISTRATION_REGISTRATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/committer.h"
#include "db/db.h"
#include "events/events.h"
#include "http/request.h"
#include "http/router.h"
#include "view/i18n.h"

#define REG_TOKEN_LEN 43	/* 32 bytes, base64url without padding */
#define REG_SUBMISSION_LEN 43	/* the form's one-time id, same shape */

/* Makes the server key of registration links, if the database has none
 * yet; `serve` calls it before the first request, so that no request has
 * to write it (a refused form writes nothing).  0 or -1. */
int registration_key_init(struct db *db);

/*
 * The submission id a registration is stored under: the form's one-time
 * id bound to the visitor's CSRF token (an HMAC with the server key), so
 * that only the browser that sent a form finds its registration by sending
 * it again; the same id posted from another browser is another
 * submission.  0 or -1.
 */
int registration_submission_bind(struct db *db, const char *submission,
    const char *csrf, char out[REG_SUBMISSION_LEN + 1]);

/*
 * The secret of a registration's link, derived with a server key (kept in
 * the meta table, created on first use) from the event id and the form's
 * submission id, so a job can rebuild it for an e-mail and a duplicate
 * POST lands on the same page.  43 chars base64url + NUL.  0 or -1.
 */
int registration_token(struct db *db, int64_t event_id,
    const char *submission, char out[REG_TOKEN_LEN + 1]);

/* The stored form of a token (hex SHA-256) into out[65]. */
void registration_token_hash(const char *token, char out[65]);

/*
 * Tells every registrant who still holds or waits for a seat (confirmed,
 * offered, waiting) that the event changed (time or place) or was
 * cancelled, in the caller's transaction.  The dedupe key includes the
 * event's sequence, so each change is announced once.  0 or -1.
 */
enum event_change { EVENT_CHANGED, EVENT_CANCELLED };
int registration_notify(struct db *db, int64_t event_id, enum event_change c,
    int64_t now);

/* The messages about one registration (registration_mail()). */
enum reg_mail {
	REG_MAIL_CONFIRMED,	/* a seat (on registering or accepting an offer) */
	REG_MAIL_WAITING,	/* placed on the waiting list, with the place */
	REG_MAIL_OFFER,		/* a freed seat is offered until the deadline */
	REG_MAIL_CANCELLED,	/* the registrant cancelled */
	REG_MAIL_EVENT_CHANGED,
	REG_MAIL_EVENT_CANCELLED,
	REG_MAIL_AGAIN		/* someone registered again with its address:
				 * the link to it (at most one per
				 * THROTTLE_WINDOW) */
};

/*
 * Queues the message of `kind` about registration `reg_id` to its
 * registrant, in their language, in the caller's transaction; at most once
 * per registration and kind (per event sequence for the event notices).
 * The confirmation carries the event as an .ics attachment with the join
 * link (iTIP METHOD:PUBLISH); a change of a seat holder's event carries it
 * updated, and the event's cancellation, or a seat holder's own
 * (registration_cancel()), a METHOD:CANCEL of it.  0 (queued or already
 * queued) or -1.
 */
int registration_mail(struct db *db, int64_t reg_id, enum reg_mail kind,
    int64_t now);


/* --- registering (the form's POST) --- */

/* One validated form: the handler has checked every field against the
 * event; registration_create() re-checks what may change meanwhile (the
 * event's status, window and capacity). */
struct reg_input {
	int64_t event_id;
	/* Who sent it, for the limits: the client address (counted unless
	 * signed_in: an account answers for itself); never stored. */
	const char *address;
	bool signed_in;
	const char *submission;		/* the form's one-time id */
	const char *name, *email, *organisation;
	const char *municipality;	/* a municipality code, or NULL */
	int64_t group_size;
	enum lang lang;
	size_t nanswers;
	const int64_t *question_ids;	/* answered questions ... */
	const char *const *answers;	/* ... and their answers */
};

enum reg_outcome {
	REGOUT_CONFIRMED,		/* a seat */
	REGOUT_WAITING,		/* on the waiting list */
	REGOUT_OFFERED,		/* joined the list and at once got a free seat's offer */
	REGOUT_DUPLICATE,		/* this submission was saved before */
	REGOUT_CLOSED,		/* the event no longer takes registrations */
	REGOUT_LIMITED,		/* too many from this address or to this
				 * e-mail address: nothing written */
	REGOUT_EXISTS		/* the address already has an active
				 * registration: its link was mailed to it */
};

/* Registrations per e-mail address (any events) in THROTTLE_WINDOW; the
 * limit per client address is the setting registrations_per_address. */
#define REG_PER_EMAIL 10

struct reg_result {
	enum reg_outcome outcome;
	int64_t id;			/* the registration (DUPLICATE, CONFIRMED,
					 * WAITING, OFFERED; not EXISTS: that
					 * one is not the sender's to see) */
	char token[REG_TOKEN_LEN + 1];	/* its link's secret */
	int64_t retry_after;		/* REGOUT_LIMITED: seconds */
};

/*
 * Finds the registration of (event, submission) or makes it, in the
 * caller's write transaction: a seat when the group fits and nobody is
 * waiting, else the next place on the waiting list; the confirmation or
 * waiting-list message is queued.
 *
 * The limits are checked and counted here, in the same transaction, so
 * that parallel posts cannot slip past the last allowed one: past
 * registrations_per_address from the client's address (unless signed in)
 * or REG_PER_EMAIL to the e-mail address within THROTTLE_WINDOW, the
 * outcome is REGOUT_LIMITED and nothing is written.  An address that
 * already holds or waits for a seat at the event makes no second
 * registration: REGOUT_EXISTS, and that registration's link is mailed to
 * the address (the attempt counts).  0 (see out->outcome) or -1.
 */
int registration_create(struct db *db, const struct reg_input *in,
    int64_t now, struct reg_result *out);

/*
 * registration_create() through the group committer (registration.c): a
 * job handed to one writer thread that saves whatever registrations are
 * waiting in one transaction.  Once that transaction is committed
 * (durable), or the registration could not be saved, the writer sets rc
 * (0 or -1) and out and calls done(arg) from its own thread; after that
 * it never touches the job again.  The job and everything `in` points to
 * must live until done() is called.
 */
struct reg_job {
	struct reg_input in;
	int64_t now;
	struct reg_result out;
	int rc;
	void (*done)(void *arg);
	void *arg;
	struct db_commit_item item;	/* the committer's part */
};

/* Queues the job: 0, or -1 (done() will not be called) when the writer
 * cannot be started. */
int registration_queue(struct reg_job *job);

/* Writes what is queued, then ends the writer and its connection (after
 * the server stopped; later jobs are refused). */
void registration_stop(void);

/* For each of n events, the people (group sizes) holding or offered a
 * seat and those waiting, from the counter event_seat_count: a statement
 * per twenty events (a page of a list).  0 or -1. */
int registration_counts(struct db *db, const int64_t *event_ids, size_t n,
    int64_t *taken, int64_t *waiting);

/* Seats a newcomer could have: 0 when full or anyone is waiting (a
 * newcomer then queues).  One probe of the seat counter, for the form.
 * 0 or -1. */
int registration_seats_left(struct db *db, int64_t event_id,
    int64_t capacity, int64_t *left);

/* Where an event's registration stands (registration_window()). */
enum reg_window {
	REG_WINDOW_CANCELLED,	/* the event is cancelled */
	REG_WINDOW_NONE,	/* the event takes no registrations */
	REG_WINDOW_DRAFT,	/* not published yet */
	REG_WINDOW_STARTED,	/* the event has started (or is over) */
	REG_WINDOW_NOT_YET,	/* opens at its registration_opens */
	REG_WINDOW_CLOSED,	/* its registration_closes has passed */
	REG_WINDOW_OPEN,	/* seats left for a newcomer */
	REG_WINDOW_FULL,	/* full or people wait: the waiting list is open */
};

/* What the rule looks at: the event's columns and its seats (people). */
struct reg_window_facts {
	enum event_status status;
	int64_t capacity;		/* -1: no registration */
	int64_t opens, closes;		/* 0: none */
	int64_t starts_at;
	int64_t taken, waiting;
};

struct reg_window_state {
	enum reg_window state;
	const char *msgid;	/* why one cannot register; NULL when one can */
};

/*
 * The one rule of whether an event takes registrations at `now`, and why
 * not: the event page's box, the form and the group committer all ask it.
 * One can register while the window is OPEN or FULL (a newcomer then joins
 * the waiting list: nobody overtakes those who wait).
 */
struct reg_window_state registration_window(const struct reg_window_facts *f,
    int64_t now);

/* Does the window take registrations (OPEN or FULL)? */
bool reg_window_takes(enum reg_window w);

/* --- the registrant's own registration --- */

/* A registration's state, parsed once from its stored name. */
enum reg_status {
	REG_CONFIRMED,		/* holds a seat */
	REG_WAITING,		/* on the waiting list */
	REG_OFFERED,		/* a freed seat is offered until the deadline */
	REG_CANCELLED,		/* the registrant or an organiser cancelled */
	REG_DECLINED,		/* the offer was declined */
	REG_EXPIRED,		/* the offer ran out */
};

/* From the stored name ("confirmed", ...); an unknown one reads as
 * expired, which holds nothing. */
enum reg_status reg_status_parse(const char *s);
const char *reg_status_name(enum reg_status s);
/* Holds or waits for a seat (confirmed, offered, waiting)? */
bool reg_status_active(enum reg_status s);

struct registration {
	int64_t id, event_id, group_size, waiting_seq, offer_expires_at;
	int64_t created_at, updated_at;
	const char *submission, *name, *email, *organisation;
	const char *municipality;	/* code or "" */
	enum reg_status status;
	enum lang lang;
	int64_t place;		/* place on the waiting list, 1 = next; else 0 */
};

/* The registration whose link carries `token`: 0, 1 none (or a malformed
 * token, or erased), -1 error.  Strings in the arena. */
int registration_by_token(struct db *db, struct arena *a, const char *token,
    struct registration *out);

/* The registration `id` (the same, for organisers). */
int registration_get(struct db *db, struct arena *a, int64_t id,
    struct registration *out);

/*
 * Changes name, organisation and group size, in the caller's transaction.
 * A confirmed or offered group grows only into free seats; a smaller group
 * frees seats, which are offered on at once.  0 saved, 1 refused (not
 * enough free seats), 2 refused (not changeable: cancelled, declined,
 * expired, or the event has started), -1 error.
 */
int registration_change(struct db *db, int64_t id, const char *name,
    const char *organisation, int64_t group_size, int64_t now);

/*
 * Cancels the registration (the registrant, or an organiser), freeing its
 * seats, which are offered on at once; queues the cancellation message.
 * 0 cancelled, 2 nothing to cancel (already ended), -1 error.
 */
int registration_cancel(struct db *db, int64_t id, int64_t now);


/*
 * --- the waiting list (offers.c): offering freed seats, accepting and
 * declining an offer, and offers that expire ---
 *
 * A freed seat (a cancellation, a smaller group, a declined or expired
 * offer, a larger capacity) is offered in the same transaction that freed
 * it to the people on the waiting list in waiting_seq order whose group
 * fits the free seats: their status becomes 'offered' (the seats count as
 * taken) until offer_expires_at, now + the event's offer_hours but never
 * past the start.  Accepting makes the registration 'confirmed'; declining
 * or letting the offer expire ('declined', 'expired') frees the seats
 * again, and they go to the next people.  Once the event has started no
 * offers are made, and open offers expire.
 */

/*
 * Offers the event's free seats to the waiting list, in the caller's
 * write transaction, queueing the offer messages.  The number of offers
 * made, or -1.
 */
int offers_fill(struct db *db, int64_t event_id, int64_t now);

/*
 * Accepts or declines the offer of registration `id`, in the caller's
 * transaction.  0 done, 1 there is no open offer (not offered, or it has
 * expired, which is then recorded and the seat offered on), -1 error.
 */
int offer_accept(struct db *db, int64_t id, int64_t now);
int offer_decline(struct db *db, int64_t id, int64_t now);

/*
 * Expires the offers whose time has passed (of one event, or of all when
 * event_id is 0) and offers their seats on, in the caller's transaction.
 * The number expired, or -1.
 */
int offers_expire(struct db *db, int64_t event_id, int64_t now);

/* offers_expire() of every event in its own transaction, for the job
 * thread (jobs/jobs.h).  0 or -1. */
int offers_job(struct db *db, int64_t now);

/*
 * --- background work (jobs.c): reminders before the start, the thank-you
 * with the survey link after the end; and erasing the registrants'
 * personal data, which the privacy module's job asks for ---
 */

struct event_job_counts {
	int64_t reminders, thanks;
};

/*
 * One run: queues the due reminders and thank-you messages (each once per
 * registration, in one transaction with its bookkeeping).  0 or -1.
 */
int event_jobs_run(struct db *db, int64_t now, struct event_job_counts *c);

/*
 * Erases the personal data of an event's registrations (names, addresses,
 * organisations, answers to the questions); statuses, group sizes and
 * check-in times stay.  In the caller's transaction; the number of
 * registrations erased, or -1.
 */
int64_t registration_erase_event(struct db *db, int64_t event_id,
    int64_t now);

/* The serve job (src/main.c): event_jobs_run() without the counts. */
int event_jobs_job(struct db *db, int64_t now);

/*
 * --- an event's roster, for the attendance module (roster.c): who holds
 * a seat, who came, the door's and the participant report's marks ---
 */

struct reg_roster_entry {
	int64_t id, group_size, created_at;
	int64_t checked_in_at, attended_at;	/* 0 when not */
	int64_t waiting_seq;		/* -1 when not on the list */
	const char *name, *email, *organisation;	/* "" once erased */
	const char *municipality;	/* code or "" */
	const char *token_hash;		/* the link's hash (the check-in code) */
	enum reg_status status;
	bool erased;
};

enum reg_roster {
	REG_ROSTER_SEATED,	/* holding a seat (confirmed), not erased; by id */
	REG_ROSTER_LIVE,	/* every one not erased, by id */
	REG_ROSTER_CAME,	/* seated, checked in or in the report; by id */
	REG_ROSTER_ALL,		/* everyone, erased too, in the order they came */
};

/* The event's registrations of one kind.  0 or -1. */
int registration_roster(struct db *db, struct arena *a, int64_t event_id,
    enum reg_roster which, struct reg_roster_entry **out, size_t *n);

/* Checks a registration in at the door (keeping an earlier time), or
 * undoes it.  0 or -1. */
int registration_check_in(struct db *db, int64_t id, bool undo, int64_t now);

/* Marks it seen in a webinar's participant report (once).  0 or -1. */
int registration_mark_attended(struct db *db, int64_t id, int64_t now);

/* An event's registrations summed (people are group sizes). */
struct reg_turnout {
	int64_t registrations;	/* not cancelled, declined or expired */
	int64_t people;		/* their people */
	int64_t confirmed;	/* people with a confirmed seat */
	int64_t waiting;	/* people on the waiting list */
	int64_t checked_in;	/* people checked in at the door */
	int64_t attended_report;	/* people seen in a participant report */
	int64_t came;		/* people checked in or seen */
};

/* 0 or -1. */
int registration_turnout(struct db *db, int64_t event_id,
    struct reg_turnout *t);

/* The event's questions in order, and every answer sorted by registration
 * and question id (for a binary search), for the registrants' export. */
struct reg_question_labels {
	int64_t id;
	const char *labels[LANG_COUNT];
};
struct reg_answer_value {
	int64_t registration_id, question_id;
	const char *value;
};

/* 0 or -1. */
int registration_answer_sheet(struct db *db, struct arena *a,
    int64_t event_id, struct reg_question_labels **q, size_t *nq,
    struct reg_answer_value **ans, size_t *na);

/* Does registration id hold a seat (confirmed, not erased)?  0 with its
 * event in *event_id, DB_MISSING, -1. */
int registration_holds_seat(struct db *db, int64_t id, int64_t *event_id);

/* The ids of the registrations made with address `email` (lower case)
 * and not erased, in the order they were made: the vector with *n set,
 * or NULL on error.  For the attendance module's privacy provider. */
int64_t *registration_ids_of_address(struct db *db, struct arena *a,
    const char *email, size_t *n);

/* --- what the routes work on (loaders.c) --- */

/* A registration by its link's secret (registration_link_loader). */
struct registration_link {
	struct registration reg;
	struct event *event;
	const char *token;		/* as in the URL */
};

/* One registration of an event, for its organisers (registrant_loader). */
struct registrant_target {
	struct event *event;
	struct registration reg;
};

/* One registration question of an event (question_loader). */
struct question_target {
	struct event *event;
	int64_t question_id;
};

extern const struct route_loader registration_link_loader;	/* anyone */
extern const struct route_loader registrant_loader;	/* organisers */
extern const struct route_loader question_loader;	/* organisers */

/* Is question_id one of the event's questions?  0, DB_MISSING, -1. */
int question_of_event(struct db *db, int64_t event_id, int64_t question_id);

/* --- routes (src/app/routes.c): pages.c, registrants.c, questions.c --- */

/* GET and POST /:lang/events/:id/register */
void registration_form_page(struct request *r);
void registration_form_post(struct request *r);
/* GET /:lang/registrations/:token; POST it (change) */
void registration_manage_page(struct request *r);
void registration_change_post(struct request *r);
/* GET and POST /:lang/registrations/:token/cancel */
void registration_cancel_page(struct request *r);
void registration_cancel_post(struct request *r);
/* POST /:lang/registrations/:token/accept and /decline */
void registration_accept_post(struct request *r);
void registration_decline_post(struct request *r);
void registration_decline_confirm(struct request *r);	/* its GET: asks first */

/* Organisers (ACT_EVENTS of the event's region). */
/* GET /:lang/events/:id/registrants */
void registrants_page(struct request *r);
/* POST /:lang/events/:id/registrants/:rid/cancel */
void registrants_cancel_post(struct request *r);
void registrants_cancel_confirm(struct request *r);	/* its GET: asks first */
/* GET and POST /:lang/events/:id/questions */
void questions_page(struct request *r);
void questions_post(struct request *r);
/* POST /:lang/events/:id/questions/:qid and .../:qid/delete */
void questions_update_post(struct request *r);
void questions_delete_post(struct request *r);
void questions_delete_confirm(struct request *r);	/* its GET: asks first */
/* GET /:lang/registrations/:token/calendar.ics: the event with the join
 * link while the registration is confirmed. */
void registration_calendar(struct request *r);

/*
 * The scale generator's registrations (`tukiverkko demo --scale N`,
 * src/registration/scale_store.c): for each of the n events that take
 * registrations, some confirmed up to the capacity, some waiting, some
 * cancelled, from the municipalities codes; those of an erased event
 * without the personal data.  Inside the caller's transaction; the number
 * made, or -1.
 */
long registration_scale_fill(struct db *db, uint64_t seed,
    const struct event_scaled *events, size_t n, const char *const *codes,
    size_t ncodes, int64_t now);

/* The demo's upcoming webinar's two questions (src/registration/demo.c),
 * in the caller's transaction; nothing for event_id 0.  0 or -1. */
int registration_demo_questions(struct db *db, int64_t event_id);

#endif
