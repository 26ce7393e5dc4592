/*
 * badge_image.h - badge images: checking an upload (PNG or SVG, nothing
 * else), the simple accessible SVG made when none is uploaded, an SVG
 * that carries a PNG (so that a PNG badge can be baked as SVG too), and
 * the demo's PNG.  Pure functions, unit tested and fuzzed.
 *
 * An uploaded SVG is served from the site's own origin, so it must not
 * be able to run anything or fetch anything: the check is an allowlist
 * of SVG's drawing elements and of attribute values (no event handlers,
 * no links but to "#..." or an embedded raster image, no url() but to
 * "#...", no DTD, no CDATA, no processing instructions but the XML
 * declaration).  A file that is not plainly that is refused with a
 * message, not cleaned.
 */
#ifndef TV_LEARNING_BADGE_IMAGE_H
#define TV_LEARNING_BADGE_IMAGE_H

#include <stddef.h>

#include "base/arena.h"
#include "learning/learning.h"

#define BADGE_IMAGE_MIN_PX 16
#define BADGE_IMAGE_MAX_PX 2048

/*
 * Checks an uploaded image of n bytes: NULL with *type set when it is a
 * well-formed PNG (BADGE_IMAGE_MIN_PX to _MAX_PX square-ish pixels, every
 * chunk's CRC right and every row decoded by libpng) or a safe SVG
 * (above), without Open Badges data; else the msgid of what is wrong.
 */
const char *badge_image_check(const unsigned char *p, size_t n,
    enum learn_image_type *type);

/* The SVG check alone: NULL or a msgid. */
const char *badge_svg_check(const char *svg, size_t n);

/* A simple badge as SVG: a circle with the name on it, role="img" and
 * the name as its <title>, in language lang.  In the arena. */
const char *badge_svg_generate(struct arena *a, const char *name,
    const char *lang);

/* An SVG that shows a PNG of n bytes (as a data: URI), titled. */
const char *learn_svg_wrap_png(struct arena *a, const unsigned char *png,
    size_t n, const char *title);

/* The demo's badge as a PNG (a blue medal with a white tick): its bytes
 * and *n, in the arena; NULL when out of memory. */
unsigned char *badge_png_demo(struct arena *a, size_t *n);

#endif
