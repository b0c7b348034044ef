/* render_font.h - a 5x7 bitmap font for the characters frame captions use. */
#ifndef ZN_RENDER_FONT_H
#define ZN_RENDER_FONT_H

/* The 7 rows of glyph ch, 5 columns each ('#' = ink); NULL when the font lacks it. */
const char *const *font_glyph(char ch);

#define FONT_W 5
#define FONT_H 7

#endif
