/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The one normalisation for search and comparison, run on indexed text and
 * on every query: Arabic ي/ى/ك/ة/ۀ → ی/ی/ک/ه/ه, hamza forms أ/إ/آ/ٱ → ا,
 * ؤ → و, ئ → ی; ZWNJ and other joiners removed (the parts joined); harakat,
 * tanwin, superscript alef and tatweel removed; Persian and Arabic-Indic
 * digits → ASCII; Latin case-folded; punctuation to spaces; runs of white
 * space collapsed to one space, trimmed. Never NULL for non-NULL input. */
char     *peygir_text_normalize          (const char *text);

/* Persian (۰–۹) and Arabic-Indic (٠–٩) digits → ASCII; nothing else changes. */
char     *peygir_text_digits_to_ascii    (const char *text);
/* Only the digits of @text, in ASCII: people type a number with Persian
 * digits, spaces and dashes ("۰۹۱۲ ۳۴۵-۶۷۸۹" → "09123456789"). NULL when
 * @text holds anything else (a letter, a slash); "" for "" or only spaces
 * and dashes. */
char     *peygir_text_digits_only        (const char *text);
/* ASCII digits → Persian digits, for display; nothing else changes. */
char     *peygir_text_digits_to_persian  (const char *text);
/* An integer in Persian digits ("۱۲۳"), without grouping. */
char     *peygir_text_format_number      (gint64 value);
/* A figure with one decimal in Persian digits and the Persian decimal
 * separator ("۶۶٫۷"), whatever the locale. */
char     *peygir_text_format_decimal     (double value);

/* Removes bidi controls (U+200E/F, U+202A–U+202E, U+2066–U+2069, U+061C)
 * and other control characters (if @multiline, tabs and newlines are kept,
 * CRLF becoming LF; else they become spaces), repairs bad UTF-8, trims; for
 * text that goes into letters and the database. ZWNJ stays. */
char     *peygir_text_sanitize           (const char *text,
                                          gboolean    multiline);

/* Left-to-right runs inside Persian text. A code, a number with separators
 * or a date after a Persian letter is read by the bidi algorithm as groups
 * of Arabic numbers in right-to-left order (۳۳۲-۳۴۳-۴۹۷ shows as
 * ۴۹۷-۳۴۳-۳۳۲): these isolate it (LRI … PDI) so that it reads in its own
 * order wherever it stands. The isolates are the only bidi controls in the
 * result; any the text brought is removed first. NULL gives NULL. */

/* @value, left to right by nature (a tracking code, a letter number such
 * as 1405/ص/203, a date, a phone number), sanitized as one line and
 * isolated; a Persian letter inside it is followed by LRM so that the
 * digits after it stay one number. A value without digits or Latin
 * letters (پس از ثبت اعلام می‌شود) is only sanitized, and "" stays "". */
char     *peygir_text_isolate_ltr        (const char *value);
/* Free text a person wrote: every run of digits, Latin letters and the
 * separators between them (an e-mail, 021-1234, ISO-9001, a Latin name) is
 * isolated, without the punctuation at its ends. Isolates made by these
 * functions are kept (isolating twice does not nest); other bidi controls
 * are removed, and nothing else changes: sanitize the text first. */
char     *peygir_text_isolate_ltr_runs   (const char *text);
/* peygir_text_sanitize (), except that the isolates made by the two
 * functions above are kept: for text composed from isolated values. */
char     *peygir_text_sanitize_isolated  (const char *text,
                                          gboolean    multiline);

/* Valid UTF-8, no control characters but \n and \t when @multiline, at most
 * @max_chars characters. @field names the field in the error sentence. */
gboolean  peygir_text_validate           (const char *text,
                                          const char *field,
                                          gsize       max_chars,
                                          gboolean    multiline,
                                          GError    **error);

/* Iranian national ID (کد ملی): 10 digits in any script, the check digit
 * right, not all ten the same digit. */
gboolean  peygir_national_id_is_valid    (const char *text);
/* A legal person's national ID (شناسه ملی): 11 digits, its check digit. */
gboolean  peygir_company_id_is_valid     (const char *text);
/* Mobile numbers in any digits and forms (09…, 9…, +989…, 00989…, 989…,
 * with spaces or dashes) → "09xxxxxxxxx", or NULL with an error. */
char     *peygir_mobile_normalize        (const char *text,
                                          GError    **error);
/* Postal code: 10 digits in any script → ASCII, or NULL with an error. */
char     *peygir_postal_code_normalize   (const char *text,
                                          GError    **error);
gboolean  peygir_email_is_valid          (const char *text);
/* A MIME type as RFC 6838 names one, "type/subtype" of its restricted
 * characters (no parameters), lower-cased; NULL if @text is not one. */
char     *peygir_mime_type_normalize     (const char *text);

/* The applicant's tracking code (کد رهگیری): 8 random digits, the first
 * not 0, and a Damm check digit (not Luhn: Damm also catches the swap of
 * adjacent 0 and 9), ASCII. is_valid accepts any digits, spaces and dashes. */
char     *peygir_tracking_code_generate  (GRand      *rand);
gboolean  peygir_tracking_code_is_valid  (const char *text);
/* "123456789" → "۱۲۳-۴۵۶-۷۸۹", to read out on the phone. */
char     *peygir_tracking_code_format    (const char *code);

/* Full-text forms. A word is found however it was written: with ZWNJ, with a
 * space, or joined (می‌شود, می شود, میشود). The document gives two texts for
 * the FTS5 columns: @body, the normalised words (ZWNJ words joined), and
 * @extra, the alternative forms (the parts of ZWNJ words, adjacent words
 * joined where one is a Persian affix such as می/نمی/ها/های/تر/ترین, and the
 * stem of a plural typed joined: نامهها → نامه). @body is exactly
 * peygir_text_normalize (@text). A NULL @text is empty. */
void      peygir_text_index_forms        (const char *text,
                                          char      **body,
                                          char      **extra);
/* An FTS5 MATCH expression for what a person typed: every word must match,
 * adjacent words may match joined, the last word as a prefix. NULL when the
 * query has no words. Quoting makes any input safe. */
char     *peygir_text_match_expression   (const char *query);
/* The same search as a PostgreSQL tsquery (for to_tsquery ('simple', …)). */
char     *peygir_text_match_tsquery      (const char *query);

G_END_DECLS
