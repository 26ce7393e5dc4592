/*
 * programme.h - the programme module's published side: the objects its
 * routes name (http/router.h).
 *
 *   programme_period_loader     a period (struct periods_period) by :id,
 *                               for those who manage its region
 *   programme_workspace_loader  a workspace (struct ws_info) by
 *                               :period/:code, for those who work on it
 *   programme_session_loader    a session of that workspace by :id
 *   programme_action_loader     an action of it by :id (struct ws_object)
 *   programme_report_loader     a period's report data (struct
 *                               report_data) for the JSON API
 */
#ifndef TV_PROGRAMME_PROGRAMME_H
#define TV_PROGRAMME_PROGRAMME_H

struct route_loader;

extern const struct route_loader programme_period_loader;
extern const struct route_loader programme_workspace_loader;
extern const struct route_loader programme_session_loader;
extern const struct route_loader programme_action_loader;
extern const struct route_loader programme_report_loader;

#endif
