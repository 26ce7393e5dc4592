/*
 * routes.c - the route table: every URL the application answers, with the
 * action the policy checks before its handler runs (auth/policy.h).
 *
 * Order matters only among patterns that could match the same path; the
 * first match wins.  Route names label metrics and the access log and stay
 * stable across versions.  `tukiverkko routes` prints this table; the
 * authorisation tests check every entry against every role.
 */
#include "admin/admin.h"
#include "app/app.h"
#include "auth/pages.h"
#include "auth/policy.h"
#include "events/register_pages.h"
#include "events/pages.h"
#include "events/attendance.h"
#include "events/calendar.h"
#include "feedback/feedback.h"
#include "http/static.h"
#include "network/edit.h"
#include "network/pages.h"
#include "privacy/privacy.h"
#include "programme/periods.h"
#include "programme/report.h"
#include "programme/workspace.h"
#include "staff/staff.h"

#define L ROUTE_LANG

static const struct route app_routes[] = {
	{ "root", HTTP_GET, "/", app_root, 0, ACT_PUBLIC },
	{ "healthz", HTTP_GET, "/healthz", app_healthz, 0, ACT_PUBLIC },
	{ "metrics", HTTP_GET, "/metrics", app_metrics, ROUTE_API, ACT_METRICS },
	{ "static", HTTP_GET, "/static/*path", static_serve, 0, ACT_PUBLIC },
	{ "lang", HTTP_GET, "/:lang", app_lang_slash, L, ACT_PUBLIC },

	{ "network.front", HTTP_GET, "/:lang/", network_front,
	    L | ROUTE_CACHE, ACT_PUBLIC },
	{ "network.municipalities", HTTP_GET, "/:lang/municipalities",
	    network_municipality_list, L | ROUTE_CACHE, ACT_PUBLIC },
	{ "network.municipality", HTTP_GET, "/:lang/municipalities/:code",
	    network_municipality_page, L | ROUTE_CACHE, ACT_PUBLIC },

	{ "feedback.page", HTTP_GET, "/:lang/accessibility", feedback_page, L,
	    ACT_PUBLIC },
	{ "feedback.submit", HTTP_POST, "/:lang/accessibility", feedback_submit,
	    L | ROUTE_FORM, ACT_PUBLIC },
	{ "feedback.thanks", HTTP_GET, "/:lang/accessibility/thanks",
	    feedback_thanks, L, ACT_PUBLIC },

	{ "auth.signin-form", HTTP_GET, "/:lang/signin", auth_signin_form, L,
	    ACT_PUBLIC },
	{ "auth.signin", HTTP_POST, "/:lang/signin", auth_signin,
	    L | ROUTE_FORM, ACT_PUBLIC },
	{ "auth.signout", HTTP_POST, "/:lang/signout", auth_signout,
	    L | ROUTE_FORM, ACT_PUBLIC },
	{ "auth.forgot-form", HTTP_GET, "/:lang/password/forgot",
	    auth_forgot_form, L, ACT_PUBLIC },
	{ "auth.forgot", HTTP_POST, "/:lang/password/forgot", auth_forgot,
	    L | ROUTE_FORM, ACT_PUBLIC },
	{ "auth.forgot-sent", HTTP_GET, "/:lang/password/forgot/sent",
	    auth_forgot_sent, L, ACT_PUBLIC },
	{ "auth.set-form", HTTP_GET, "/:lang/password/set", auth_set_form, L,
	    ACT_PUBLIC },
	{ "auth.set", HTTP_POST, "/:lang/password/set", auth_set,
	    L | ROUTE_FORM, ACT_PUBLIC },

	/* --- account and staff pages --- */
	{ "account.page", HTTP_GET, "/:lang/account", staff_account, L,
	    ACT_ACCOUNT },
	{ "account.signout-all", HTTP_POST, "/:lang/account/signout-all",
	    staff_signout_all, L | ROUTE_FORM, ACT_ACCOUNT },
	{ "account.token-create", HTTP_POST, "/:lang/account/tokens",
	    staff_token_create, L | ROUTE_FORM, ACT_ACCOUNT },
	{ "account.token-revoke", HTTP_POST, "/:lang/account/tokens/:id/revoke",
	    staff_token_revoke, L | ROUTE_FORM, ACT_ACCOUNT },
	{ "account.notify", HTTP_POST, "/:lang/account/notify",
	    staff_account_notify, L | ROUTE_FORM, ACT_ACCOUNT },
	{ "staff.home", HTTP_GET, "/:lang/staff", staff_home, L, ACT_ACCOUNT },
	{ "staff.municipality", HTTP_GET, "/:lang/staff/municipalities/:code",
	    staff_municipality, L, ACT_ACCOUNT },
	{ "api.me", HTTP_GET, "/api/v1/me", staff_api_me, ROUTE_API,
	    ACT_ACCOUNT },
	/* --- end account and staff pages --- */

	/* --- administration: users, audit log, feedback --- */
	{ "admin.users", HTTP_GET, "/:lang/admin/users", admin_users, L,
	    ACT_USERS },
	{ "admin.invite", HTTP_POST, "/:lang/admin/users", admin_invite,
	    L | ROUTE_FORM, ACT_USERS },
	{ "admin.user", HTTP_GET, "/:lang/admin/users/:id", admin_user, L,
	    ACT_USERS },
	{ "admin.user-update", HTTP_POST, "/:lang/admin/users/:id",
	    admin_user_update, L | ROUTE_FORM, ACT_USERS },
	{ "admin.user-deactivate", HTTP_POST,
	    "/:lang/admin/users/:id/deactivate", admin_user_deactivate,
	    L | ROUTE_FORM, ACT_USERS },
	{ "admin.user-activate", HTTP_POST, "/:lang/admin/users/:id/activate",
	    admin_user_activate, L | ROUTE_FORM, ACT_USERS },
	{ "admin.user-reinvite", HTTP_POST, "/:lang/admin/users/:id/reinvite",
	    admin_user_reinvite, L | ROUTE_FORM, ACT_USERS },
	{ "admin.audit", HTTP_GET, "/:lang/admin/audit", admin_audit, L,
	    ACT_AUDIT },
	{ "admin.feedback", HTTP_GET, "/:lang/admin/feedback", admin_feedback,
	    L, ACT_FEEDBACK },
	/* --- end administration --- */

	/* --- programme: periods and tutor assignments --- */
	{ "programme.periods", HTTP_GET, "/:lang/programme/periods",
	    periods_list, L, ACT_PROGRAMME },
	{ "programme.period-create", HTTP_POST, "/:lang/programme/periods",
	    periods_create, L | ROUTE_FORM, ACT_PROGRAMME },
	{ "programme.period-new", HTTP_GET, "/:lang/programme/periods/new",
	    periods_new, L, ACT_PROGRAMME },
	{ "programme.period", HTTP_GET, "/:lang/programme/periods/:id",
	    periods_page, L, ACT_PROGRAMME },
	{ "programme.period-edit", HTTP_GET, "/:lang/programme/periods/:id/edit",
	    periods_edit, L, ACT_PROGRAMME },
	{ "programme.period-update", HTTP_POST,
	    "/:lang/programme/periods/:id/edit", periods_update, L | ROUTE_FORM,
	    ACT_PROGRAMME },
	{ "programme.assignment-add", HTTP_POST,
	    "/:lang/programme/periods/:id/assignments", periods_assignment_add,
	    L | ROUTE_FORM, ACT_PROGRAMME },
	{ "programme.assignment-remove", HTTP_POST,
	    "/:lang/programme/periods/:id/assignments/remove",
	    periods_assignment_remove, L | ROUTE_FORM, ACT_PROGRAMME },
	{ "programme.assignments", HTTP_GET, "/:lang/programme/assignments",
	    periods_history, L, ACT_PROGRAMME },
	/* --- end programme periods --- */

	/* --- network: organisations, people, municipality pages --- */
	{ "network.organisations", HTTP_GET, "/:lang/network/organisations",
	    network_orgs_page, L, ACT_NETWORK },
	{ "network.organisation-create", HTTP_POST,
	    "/:lang/network/organisations", network_org_create, L | ROUTE_FORM,
	    ACT_NETWORK },
	{ "network.organisation-new", HTTP_GET,
	    "/:lang/network/organisations/new", network_org_new, L, ACT_NETWORK },
	{ "network.organisation", HTTP_GET, "/:lang/network/organisations/:id",
	    network_org_page, L, ACT_NETWORK },
	{ "network.organisation-update", HTTP_POST,
	    "/:lang/network/organisations/:id", network_org_update,
	    L | ROUTE_FORM, ACT_NETWORK },
	{ "network.organisation-delete", HTTP_POST,
	    "/:lang/network/organisations/:id/delete", network_org_delete,
	    L | ROUTE_FORM, ACT_NETWORK },
	{ "network.people", HTTP_GET, "/:lang/network/people",
	    network_people_page, L, ACT_NETWORK },
	{ "network.person-create", HTTP_POST, "/:lang/network/people",
	    network_person_create, L | ROUTE_FORM, ACT_NETWORK },
	{ "network.person-new", HTTP_GET, "/:lang/network/people/new",
	    network_person_new, L, ACT_NETWORK },
	{ "network.person", HTTP_GET, "/:lang/network/people/:id",
	    network_person_page, L, ACT_NETWORK },
	{ "network.person-update", HTTP_POST, "/:lang/network/people/:id",
	    network_person_update, L | ROUTE_FORM, ACT_NETWORK },
	{ "network.person-delete", HTTP_POST,
	    "/:lang/network/people/:id/delete", network_person_delete,
	    L | ROUTE_FORM, ACT_NETWORK },
	{ "network.support-edit", HTTP_GET, "/:lang/municipalities/:code/edit",
	    network_support_edit, L, ACT_ACCOUNT },
	{ "network.support-save", HTTP_POST, "/:lang/municipalities/:code/edit",
	    network_support_save, L | ROUTE_FORM, ACT_ACCOUNT },
	/* --- end network editing --- */

	/* --- programme: sparring workspaces --- */
	{ "workspace.page", HTTP_GET, "/:lang/workspaces/:period/:code",
	    workspace_page, L, ACT_ACCOUNT },
	{ "workspace.assessment", HTTP_POST,
	    "/:lang/workspaces/:period/:code/assessment", workspace_assessment,
	    L | ROUTE_FORM, ACT_ACCOUNT },
	{ "workspace.texts", HTTP_POST, "/:lang/workspaces/:period/:code/texts",
	    workspace_texts, L | ROUTE_FORM, ACT_ACCOUNT },
	{ "workspace.session-create", HTTP_POST,
	    "/:lang/workspaces/:period/:code/sessions", workspace_session_create,
	    L | ROUTE_FORM, ACT_ACCOUNT },
	{ "workspace.session-update", HTTP_POST,
	    "/:lang/workspaces/:period/:code/sessions/:id",
	    workspace_session_edit, L | ROUTE_FORM, ACT_ACCOUNT },
	{ "workspace.action-create", HTTP_POST,
	    "/:lang/workspaces/:period/:code/actions", workspace_action_create,
	    L | ROUTE_FORM, ACT_ACCOUNT },
	{ "workspace.action-update", HTTP_POST,
	    "/:lang/workspaces/:period/:code/actions/:id", workspace_action_edit,
	    L | ROUTE_FORM, ACT_ACCOUNT },
	/* --- end workspaces --- */

	/* --- programme: network view and exports --- */
	{ "programme.view", HTTP_GET, "/:lang/programme/view", report_view, L,
	    ACT_PROGRAMME },
	{ "programme.export-actions", HTTP_GET,
	    "/:lang/programme/export/actions.csv", report_export_actions, L,
	    ACT_ACCOUNT },
	{ "programme.export-sessions", HTTP_GET,
	    "/:lang/programme/export/sessions.csv", report_export_sessions, L,
	    ACT_ACCOUNT },
	{ "programme.export-assessments", HTTP_GET,
	    "/:lang/programme/export/assessments.csv",
	    report_export_assessments, L, ACT_ACCOUNT },
	{ "api.period-actions", HTTP_GET, "/api/v1/periods/:id/actions",
	    report_api_actions, ROUTE_API, ACT_ACCOUNT },
	/* --- end network view --- */

	/* --- events: public pages, editing and agenda --- */
	{ "events.list", HTTP_GET, "/:lang/events", events_list_page, L,
	    ACT_PUBLIC },
	{ "events.create", HTTP_POST, "/:lang/events", events_create,
	    L | ROUTE_FORM, ACT_EVENTS },
	{ "events.archive", HTTP_GET, "/:lang/events/archive",
	    events_archive_page, L, ACT_PUBLIC },
	{ "events.new", HTTP_GET, "/:lang/events/new", events_new, L,
	    ACT_EVENTS },
	{ "events.page", HTTP_GET, "/:lang/events/:id", events_page, L,
	    ACT_PUBLIC },
	{ "events.edit", HTTP_GET, "/:lang/events/:id/edit", events_edit, L,
	    ACT_EVENTS },
	{ "events.update", HTTP_POST, "/:lang/events/:id/edit", events_update,
	    L | ROUTE_FORM, ACT_EVENTS },
	{ "events.publish", HTTP_POST, "/:lang/events/:id/publish",
	    events_publish, L | ROUTE_FORM, ACT_EVENTS },
	{ "events.cancel", HTTP_POST, "/:lang/events/:id/cancel",
	    events_cancel, L | ROUTE_FORM, ACT_EVENTS },
	{ "events.agenda", HTTP_GET, "/:lang/events/:id/agenda",
	    events_agenda_page, L, ACT_EVENTS },
	{ "events.agenda-add", HTTP_POST, "/:lang/events/:id/agenda",
	    events_agenda_add, L | ROUTE_FORM, ACT_EVENTS },
	{ "events.agenda-update", HTTP_POST, "/:lang/events/:id/agenda/:item",
	    events_agenda_update, L | ROUTE_FORM, ACT_EVENTS },
	{ "events.agenda-delete", HTTP_POST,
	    "/:lang/events/:id/agenda/:item/delete", events_agenda_delete,
	    L | ROUTE_FORM, ACT_EVENTS },
	{ "events.agenda-move", HTTP_POST,
	    "/:lang/events/:id/agenda/:item/move", events_agenda_move,
	    L | ROUTE_FORM, ACT_EVENTS },
	{ "events.person-add", HTTP_POST,
	    "/:lang/events/:id/agenda/:item/people", events_speaker_add,
	    L | ROUTE_FORM, ACT_EVENTS },
	{ "events.person-remove", HTTP_POST,
	    "/:lang/events/:id/agenda/:item/people/remove",
	    events_speaker_remove, L | ROUTE_FORM, ACT_EVENTS },
	/* --- end events --- */

	/* --- events: registration, waiting list and offers --- */
	{ "registration.form", HTTP_GET, "/:lang/events/:id/register",
	    registration_form_page, L, ACT_PUBLIC },
	{ "registration.submit", HTTP_POST, "/:lang/events/:id/register",
	    registration_form_post, L | ROUTE_FORM, ACT_PUBLIC },
	{ "registration.view", HTTP_GET, "/:lang/registrations/:token",
	    registration_manage_page, L, ACT_PUBLIC },
	{ "registration.change", HTTP_POST, "/:lang/registrations/:token",
	    registration_change_post, L | ROUTE_FORM, ACT_PUBLIC },
	{ "registration.cancel-form", HTTP_GET,
	    "/:lang/registrations/:token/cancel", registration_cancel_page, L,
	    ACT_PUBLIC },
	{ "registration.cancel", HTTP_POST,
	    "/:lang/registrations/:token/cancel", registration_cancel_post,
	    L | ROUTE_FORM, ACT_PUBLIC },
	{ "registration.accept", HTTP_POST,
	    "/:lang/registrations/:token/accept", registration_accept_post,
	    L | ROUTE_FORM, ACT_PUBLIC },
	{ "registration.decline", HTTP_POST,
	    "/:lang/registrations/:token/decline", registration_decline_post,
	    L | ROUTE_FORM, ACT_PUBLIC },
	{ "registration.registrants", HTTP_GET, "/:lang/events/:id/registrants",
	    registrants_page, L, ACT_EVENTS },
	{ "registration.registrant-cancel", HTTP_POST,
	    "/:lang/events/:id/registrants/:rid/cancel", registrants_cancel_post,
	    L | ROUTE_FORM, ACT_EVENTS },
	{ "registration.questions", HTTP_GET, "/:lang/events/:id/questions",
	    questions_page, L, ACT_EVENTS },
	{ "registration.question-add", HTTP_POST, "/:lang/events/:id/questions",
	    questions_post, L | ROUTE_FORM, ACT_EVENTS },
	{ "registration.question-edit", HTTP_POST,
	    "/:lang/events/:id/questions/:qid", questions_update_post,
	    L | ROUTE_FORM, ACT_EVENTS },
	{ "registration.question-delete", HTTP_POST,
	    "/:lang/events/:id/questions/:qid/delete", questions_delete_post,
	    L | ROUTE_FORM, ACT_EVENTS },
	/* --- end registration --- */

	/* --- events: calendar, attendance, feedback, exports --- */
	{ "events.calendar", HTTP_GET, "/:lang/events/:id/calendar.ics",
	    calendar_event, L, ACT_PUBLIC },
	{ "events.feed", HTTP_GET, "/:lang/events.ics", calendar_feed,
	    L | ROUTE_CACHE, ACT_PUBLIC },
	{ "events.municipality-feed", HTTP_GET,
	    "/:lang/municipalities/:code/events.ics", calendar_municipality,
	    L | ROUTE_CACHE, ACT_PUBLIC },
	{ "registration.calendar", HTTP_GET,
	    "/:lang/registrations/:token/calendar.ics", calendar_registration,
	    L, ACT_PUBLIC },
	{ "registration.qr", HTTP_GET, "/:lang/registrations/:token/qr.svg",
	    attendance_qr, L, ACT_PUBLIC },
	{ "registration.feedback-form", HTTP_GET,
	    "/:lang/registrations/:token/feedback", feedback_survey_form, L,
	    ACT_PUBLIC },
	{ "registration.feedback", HTTP_POST,
	    "/:lang/registrations/:token/feedback", feedback_survey_submit,
	    L | ROUTE_FORM, ACT_PUBLIC },
	{ "events.attendance", HTTP_GET, "/:lang/events/:id/attendance",
	    attendance_page, L, ACT_EVENTS },
	{ "events.checkin-page", HTTP_GET, "/:lang/events/:id/checkin/:code",
	    attendance_checkin_page, L, ACT_EVENTS },
	{ "events.checkin", HTTP_POST, "/:lang/events/:id/checkin/:code",
	    attendance_checkin, L | ROUTE_FORM, ACT_EVENTS },
	{ "events.attendance-upload", HTTP_POST,
	    "/:lang/events/:id/attendance/import", attendance_upload,
	    L | ROUTE_FORM | ROUTE_UPLOAD, ACT_EVENTS },
	{ "events.attendance-mapping", HTTP_GET,
	    "/:lang/events/:id/attendance/import/:upload", attendance_mapping,
	    L, ACT_EVENTS },
	{ "events.attendance-import", HTTP_POST,
	    "/:lang/events/:id/attendance/import/:upload",
	    attendance_import_post, L | ROUTE_FORM, ACT_EVENTS },
	{ "events.export-registrants", HTTP_GET,
	    "/:lang/events/:id/registrants.csv", attendance_export_registrants,
	    L, ACT_EVENTS },
	{ "events.export-attendance", HTTP_GET,
	    "/:lang/events/:id/attendance.csv", attendance_export_attendance,
	    L, ACT_EVENTS },
	{ "events.feedback-results", HTTP_GET, "/:lang/events/:id/feedback",
	    feedback_survey_results, L, ACT_EVENTS },
	/* --- end attendance --- */

	/* --- materials: library, files and access requests --- */
	/* --- end materials --- */

	/* --- news: posts and feeds --- */
	/* --- end news --- */

	/* --- privacy: export and erasure --- */
	{ "account.export", HTTP_GET, "/:lang/account/export",
	    privacy_export_page, L, ACT_ACCOUNT },
	{ "admin.user-erase", HTTP_POST, "/:lang/admin/users/:id/erase",
	    privacy_erase, L | ROUTE_FORM, ACT_USERS },
	/* --- end privacy --- */
};

const struct router app_router = {
	app_routes, sizeof(app_routes) / sizeof(app_routes[0]),
};
