/*
 * routes.c - the route table: every URL the application answers.
 *
 * Order matters only among patterns that could match the same path; the
 * first match wins.  Route names label metrics and the access log and stay
 * stable across versions.
 */
#include "app/app.h"
#include "feedback/feedback.h"
#include "http/static.h"
#include "network/pages.h"

static const struct route app_routes[] = {
	{ "root", HTTP_GET, "/", app_root, 0 },
	{ "healthz", HTTP_GET, "/healthz", app_healthz, 0 },
	{ "metrics", HTTP_GET, "/metrics", app_metrics, 0 },
	{ "static", HTTP_GET, "/static/*path", static_serve, 0 },
	{ "lang", HTTP_GET, "/:lang", app_lang_slash, ROUTE_LANG },
	{ "network.front", HTTP_GET, "/:lang/", network_front,
	    ROUTE_LANG | ROUTE_CACHE },
	{ "network.municipalities", HTTP_GET, "/:lang/municipalities",
	    network_municipality_list, ROUTE_LANG | ROUTE_CACHE },
	{ "network.municipality", HTTP_GET, "/:lang/municipalities/:code",
	    network_municipality_page, ROUTE_LANG | ROUTE_CACHE },
	{ "feedback.page", HTTP_GET, "/:lang/accessibility", feedback_page,
	    ROUTE_LANG },
	{ "feedback.submit", HTTP_POST, "/:lang/accessibility", feedback_submit,
	    ROUTE_LANG | ROUTE_FORM },
	{ "feedback.thanks", HTTP_GET, "/:lang/accessibility/thanks",
	    feedback_thanks, ROUTE_LANG },
};

const struct router app_router = {
	app_routes, sizeof(app_routes) / sizeof(app_routes[0]),
};
