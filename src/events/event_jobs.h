/*
 * event_jobs.h - moved to the registration module; src/main.c (owned by the
 * configuration work) still includes this path.  Remove once main.c
 * includes "registration/registration.h".
 */
#include "registration/registration.h"
