/*
 * collate.h - alphabetical order as Finnish and Swedish readers expect it.
 *
 * Byte order puts "Ä" before "Å"; both alphabets end ... x y z å ä ö, and
 * people look for "Åland" after "Zürich".  Case is ignored for A-Z and the
 * Nordic letters; other characters compare by code point.
 */
#ifndef TV_BASE_COLLATE_H
#define TV_BASE_COLLATE_H

/* strcmp-like comparison of two UTF-8 strings in Finnish/Swedish order. */
int collate_fi(const char *a, const char *b);

#endif
