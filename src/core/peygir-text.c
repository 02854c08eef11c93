/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-text"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <unicode/uchar.h>

#include "peygir-error.h"
#include "peygir-text.h"

#define ZWNJ 0x200C
#define LRM  0x200E
#define LRI  0x2066
#define PDI  0x2069
/* A query longer than this is a paste, not a search: the rest is ignored. */
#define MAX_QUERY_WORDS 32

/* Persian affixes that people write joined, with a space or with ZWNJ. */
static const char * const prefix_affixes[] = {
  "می", "نمی", "بی",
};

/* Plural endings typed joined (نامهها): the stem is indexed as well. */
static const char * const plural_suffixes[] = {
  "هایی", "های", "ها",
};

static const char * const suffix_affixes[] = {
  "ها", "های", "هایی", "تر", "ترین", "ای", "ام", "ات", "اش", "ایم", "اید", "اند", "است",
};

/* Damm's quasigroup: its check digit catches every single wrong digit and
 * every swap of two adjacent digits, 09 ↔ 90 included, which Luhn misses. */
static const guint8 damm_table[10][10] = {
  { 0, 3, 1, 7, 5, 9, 8, 6, 4, 2 },
  { 7, 0, 9, 2, 1, 5, 4, 8, 6, 3 },
  { 4, 2, 0, 6, 8, 7, 1, 3, 5, 9 },
  { 1, 7, 5, 0, 9, 8, 3, 4, 2, 6 },
  { 6, 1, 2, 3, 0, 4, 5, 9, 7, 8 },
  { 3, 6, 7, 4, 2, 0, 9, 5, 8, 1 },
  { 5, 8, 6, 9, 7, 2, 0, 1, 3, 4 },
  { 8, 9, 4, 5, 3, 6, 2, 0, 1, 7 },
  { 9, 4, 3, 8, 6, 1, 7, 2, 0, 5 },
  { 2, 5, 8, 1, 4, 3, 6, 7, 9, 0 },
};

/* The value of a digit in any of the three scripts, or -1. */
static inline int
digit_value (gunichar ch)
{
  if (ch >= '0' && ch <= '9')
    return ch - '0';
  if (ch >= 0x06F0 && ch <= 0x06F9)
    return ch - 0x06F0;
  if (ch >= 0x0660 && ch <= 0x0669)
    return ch - 0x0660;
  return -1;
}

static inline gboolean
is_bidi_control (gunichar ch)
{
  return ch == 0x200E || ch == 0x200F || ch == 0x061C
      || (ch >= 0x202A && ch <= 0x202E)
      || (ch >= 0x2066 && ch <= 0x2069);
}

/* What one character becomes in the search form: itself or another
 * character, 0 to drop it, or ' ' where it separates words. */
static gunichar
fold_char (gunichar ch,
           gboolean keep_zwnj)
{
  int digit;

  switch (ch)
    {
    case 0x064A: /* ي */
    case 0x0649: /* ى */
    case 0x0626: /* ئ */
      return 0x06CC;
    case 0x0643: /* ك */
    case 0x06AA:
      return 0x06A9;
    case 0x0629: /* ة */
    case 0x06C0: /* ۀ */
    case 0x06C1:
    case 0x06D5:
      return 0x0647;
    case 0x0622: /* آ */
    case 0x0623: /* أ */
    case 0x0625: /* إ */
    case 0x0671: /* ٱ */
      return 0x0627;
    case 0x0624: /* ؤ */
      return 0x0648;
    case 0x0640: /* tatweel */
      return 0;
    case ZWNJ:
      return keep_zwnj ? ZWNJ : 0;
    default:
      break;
    }

  digit = digit_value (ch);
  if (digit >= 0)
    return '0' + digit;

  switch (g_unichar_type (ch))
    {
    /* Harakat, tanwin, superscript alef and the joiners, bidi marks, BOM. */
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
    case G_UNICODE_FORMAT:
      return 0;

    case G_UNICODE_CONTROL:
    case G_UNICODE_SPACE_SEPARATOR:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
    case G_UNICODE_CONNECT_PUNCTUATION:
    case G_UNICODE_DASH_PUNCTUATION:
    case G_UNICODE_OPEN_PUNCTUATION:
    case G_UNICODE_CLOSE_PUNCTUATION:
    case G_UNICODE_INITIAL_PUNCTUATION:
    case G_UNICODE_FINAL_PUNCTUATION:
    case G_UNICODE_OTHER_PUNCTUATION:
    case G_UNICODE_MATH_SYMBOL:
    case G_UNICODE_CURRENCY_SYMBOL:
    case G_UNICODE_MODIFIER_SYMBOL:
    case G_UNICODE_OTHER_SYMBOL:
      return ' ';

    default:
      return g_unichar_tolower (ch);
    }
}

typedef struct
{
  GString  *out;
  gsize     start;
  gboolean  pending_space;
} Normalizer;

static inline void
normalizer_emit (Normalizer *n,
                 gunichar    ch)
{
  if (ch == 0)
    return;

  if (ch == ' ')
    {
      n->pending_space = TRUE;
      return;
    }

  if (n->pending_space && n->out->len > n->start)
    g_string_append_c (n->out, ' ');
  n->pending_space = FALSE;

  if (ch < 0x80)
    g_string_append_c (n->out, (char) ch);
  else
    g_string_append_unichar (n->out, ch);
}

/* One pass over @text, appending its search form to @out. With @keep_zwnj
 * the ZWNJs stay in the words, for index_forms to find the parts. */
static void
normalize_into (GString    *out,
                const char *text,
                gboolean    keep_zwnj)
{
  Normalizer n = { out, out->len, FALSE };
  const char *p = text;

  while (*p != '\0')
    {
      guchar c = (guchar) *p;
      gunichar ch;

      if (c < 0x80)
        {
          p++;
          if (g_ascii_isalnum (c))
            normalizer_emit (&n, g_ascii_tolower (c));
          else
            n.pending_space = TRUE;
          continue;
        }

      ch = g_utf8_get_char_validated (p, -1);
      if (ch == (gunichar) -1 || ch == (gunichar) -2)
        {
          /* A broken byte separates words rather than joining them. */
          p++;
          n.pending_space = TRUE;
          continue;
        }
      p = g_utf8_next_char (p);

      /* Arabic presentation forms, as text copied out of old PDFs has them. */
      if ((ch >= 0xFB50 && ch <= 0xFDFF) || (ch >= 0xFE70 && ch <= 0xFEFE))
        {
          gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
          gsize len = g_unichar_fully_decompose (ch, TRUE, decomposed,
                                                 G_N_ELEMENTS (decomposed));

          for (gsize i = 0; i < len; i++)
            normalizer_emit (&n, fold_char (decomposed[i], keep_zwnj));
          continue;
        }

      normalizer_emit (&n, fold_char (ch, keep_zwnj));
    }
}

char *
peygir_text_normalize (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text) + 1);
  normalize_into (out, text, FALSE);
  return g_string_free (out, FALSE);
}

char *
peygir_text_digits_to_ascii (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text) + 1);
  for (const char *p = text; *p != '\0';)
    {
      const char *next = g_utf8_next_char (p);
      int digit = (guchar) *p < 0x80 ? -1 : digit_value (g_utf8_get_char (p));

      if (digit >= 0)
        g_string_append_c (out, (char) ('0' + digit));
      else
        g_string_append_len (out, p, next - p);
      p = next;
    }

  return g_string_free (out, FALSE);
}

char *
peygir_text_digits_only (const char *text)
{
  g_autofree char *ascii = peygir_text_digits_to_ascii (text);
  GString *digits = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
    else if (*p != ' ' && *p != '-')
      {
        g_string_free (digits, TRUE);
        return NULL;
      }
  return g_string_free (digits, FALSE);
}

char *
peygir_text_digits_to_persian (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text) * 2 + 1);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_unichar (out, 0x06F0 + (*p - '0'));
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

char *
peygir_text_format_number (gint64 value)
{
  char ascii[32];

  g_snprintf (ascii, sizeof ascii, "%" G_GINT64_FORMAT, value);
  return peygir_text_digits_to_persian (ascii);
}

char *
peygir_text_format_decimal (double value)
{
  char ascii[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *persian = NULL;
  g_auto(GStrv) parts = NULL;

  g_ascii_formatd (ascii, sizeof ascii, "%.1f", value);
  persian = peygir_text_digits_to_persian (ascii);
  parts = g_strsplit (persian, ".", 2);
  return g_strjoinv ("٫", parts);
}

/* Appends @len bytes of @text (valid UTF-8) to @out without bidi controls
 * and control characters, as peygir_text_sanitize () says. */
static void
append_sanitized (GString    *out,
                  const char *text,
                  gsize       len,
                  gboolean    multiline)
{
  const char *end = text + len;
  const char *p = text;

  while (p < end)
    {
      const char *next;
      gunichar ch;

      /* printable ASCII, most of a note's bytes, as it is */
      if ((guchar) *p >= 0x20 && (guchar) *p < 0x7f)
        {
          for (next = p + 1; next < end && (guchar) *next >= 0x20 && (guchar) *next < 0x7f; next++)
            ;
          g_string_append_len (out, p, next - p);
          p = next;
          continue;
        }
      next = g_utf8_next_char (p);
      ch = g_utf8_get_char (p);
      if (ch == '\r' && p + 1 < end && p[1] == '\n')
        ;
      else if (ch == '\n' || ch == '\r' || ch == 0x2028 || ch == 0x2029 || ch == 0x0085)
        g_string_append_c (out, multiline ? '\n' : ' ');
      else if (ch == '\t')
        g_string_append_c (out, multiline ? '\t' : ' ');
      else if (is_bidi_control (ch) || ch == 0xFEFF || g_unichar_iscntrl (ch))
        ;
      else
        g_string_append_len (out, p, next - p);
      p = next;
    }
}

/* Trims Unicode white space (a pasted no-break space too) and frees. */
static char *
trim_and_free (GString *out)
{
  const char *start, *end;

  start = out->str;
  while (*start != '\0' && g_unichar_isspace (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  end = out->str + out->len;
  while (end > start)
    {
      const char *prev = g_utf8_prev_char (end);

      if (!g_unichar_isspace (g_utf8_get_char (prev)))
        break;
      end = prev;
    }

  g_string_truncate (out, end - out->str);
  g_string_erase (out, 0, start - out->str);
  return g_string_free (out, FALSE);
}

char *
peygir_text_sanitize (const char *text,
                      gboolean    multiline)
{
  g_autofree char *valid = NULL;
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid) + 1);
  append_sanitized (out, valid, strlen (valid), multiline);
  return trim_and_free (out);
}

/* The next isolate at or after @p as peygir_text_isolate_ltr () makes
 * them: an LRI and the first PDI after it, no other isolate opening in
 * between. Returns its LRI, or NULL; @content and @content_len tell what
 * is inside, @after where it ends. An LRI without its PDI is skipped. */
static const char *
find_isolate (const char  *p,
              const char **content,
              gsize       *content_len,
              const char **after)
{
  static const char lri[] = "\xe2\x81\xa6";

  while ((p = strstr (p, lri)) != NULL)
    {
      const char *inside = p + strlen (lri);

      for (const char *q = inside; *q != '\0'; q = g_utf8_next_char (q))
        {
          gunichar ch = g_utf8_get_char (q);

          if (ch >= LRI && ch <= 0x2068)
            break;
          if (ch == PDI)
            {
              *content = inside;
              *content_len = q - inside;
              *after = g_utf8_next_char (q);
              return p;
            }
        }
      p = inside;
    }

  return NULL;
}

/* Appends the isolate of @len bytes at @value, made again from its
 * content, so that whatever was inside it comes out the same way. */
static void
append_isolated (GString    *out,
                 const char *value,
                 gsize       len)
{
  g_autofree char *content = g_strndup (value, len);
  g_autofree char *isolated = peygir_text_isolate_ltr (content);

  g_string_append (out, isolated);
}

char *
peygir_text_sanitize_isolated (const char *text,
                               gboolean    multiline)
{
  g_autofree char *valid = NULL;
  const char *p, *lri, *content, *after;
  gsize content_len;
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid) + 1);
  for (p = valid; (lri = find_isolate (p, &content, &content_len, &after)) != NULL; p = after)
    {
      append_sanitized (out, p, lri - p, multiline);
      append_isolated (out, content, content_len);
    }
  append_sanitized (out, p, strlen (p), multiline);

  return trim_and_free (out);
}

gboolean
peygir_text_validate (const char  *text,
                      const char  *field,
                      gsize        max_chars,
                      gboolean     multiline,
                      GError     **error)
{
  gsize n_chars = 0;

  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (text == NULL)
    return TRUE;

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                   _("%s is not valid text (it is not UTF-8)."), field);
      return FALSE;
    }

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      n_chars++;
      if (multiline && (ch == '\n' || ch == '\t'))
        continue;
      if (g_unichar_iscntrl (ch))
        {
          g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                       multiline ? _("%s contains a control character.")
                                 : _("%s must be one line, without tabs or control characters."),
                       field);
          return FALSE;
        }
    }

  if (max_chars > 0 && n_chars > max_chars)
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_TOO_LONG,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s is longer than %lu character.",
                                "%s is longer than %lu characters.",
                                max_chars),
                   field, (unsigned long) max_chars);
      return FALSE;
    }

  return TRUE;
}

/* Collects the digits of @text (any script) into @digits as ASCII, skipping
 * spaces, bidi marks and the characters in @separators. FALSE if anything
 * else is there or there are more than @max digits. */
static gboolean
collect_digits (const char *text,
                const char *separators,
                char       *digits,
                gsize       max,
                gsize      *n_digits)
{
  gsize n = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char_validated (p, -1);
      int digit;

      if (ch == (gunichar) -1 || ch == (gunichar) -2)
        return FALSE;

      digit = digit_value (ch);
      if (digit >= 0)
        {
          if (n == max)
            return FALSE;
          digits[n++] = (char) ('0' + digit);
        }
      else if (!(g_unichar_isspace (ch) || is_bidi_control (ch)
                 || (ch < 0x80 && strchr (separators, (int) ch) != NULL)))
        {
          return FALSE;
        }
    }

  digits[n] = '\0';
  *n_digits = n;
  return TRUE;
}

static gboolean
all_same_digit (const char *digits)
{
  for (const char *p = digits; *p != '\0'; p++)
    {
      if (*p != digits[0])
        return FALSE;
    }

  return TRUE;
}

gboolean
peygir_national_id_is_valid (const char *text)
{
  char d[11];
  gsize n;
  int sum = 0;
  int r;

  if (text == NULL || !collect_digits (text, "-", d, 10, &n) || n != 10)
    return FALSE;

  if (all_same_digit (d))
    return FALSE;

  for (int i = 0; i < 9; i++)
    sum += (d[i] - '0') * (10 - i);
  r = sum % 11;

  return (r < 2 && d[9] - '0' == r) || (r >= 2 && d[9] - '0' == 11 - r);
}

gboolean
peygir_company_id_is_valid (const char *text)
{
  static const int weights[] = { 29, 27, 23, 19, 17, 29, 27, 23, 19, 17 };
  char d[12];
  gsize n;
  int c, sum = 0, r;

  if (text == NULL || !collect_digits (text, "-", d, 11, &n) || n != 11)
    return FALSE;

  c = (d[9] - '0') + 2;
  for (int i = 0; i < 10; i++)
    sum += ((d[i] - '0') + c) * weights[i];
  r = sum % 11;
  if (r == 10)
    r = 0;

  return d[10] - '0' == r;
}

char *
peygir_mobile_normalize (const char  *text,
                         GError     **error)
{
  g_autofree char *clean = NULL;
  char d[20];
  const char *rest;
  gsize n;
  gboolean plus;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  clean = peygir_text_sanitize (text != NULL ? text : "", FALSE);
  plus = clean[0] == '+';

  if (collect_digits (clean + (plus ? 1 : 0), "-.()", d, sizeof d - 1, &n))
    {
      rest = d;
      if (plus)
        rest = g_str_has_prefix (d, "98") ? d + 2 : NULL;
      else if (g_str_has_prefix (d, "0098"))
        rest = d + 4;
      else if (g_str_has_prefix (d, "98") && n == 12)
        rest = d + 2;

      if (rest != NULL && rest[0] == '0')
        rest++;

      if (rest != NULL && strlen (rest) == 10 && rest[0] == '9')
        return g_strconcat ("0", rest, NULL);
    }

  g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_MOBILE,
               _("“%s” is not a mobile number: it must be 11 digits starting with 09, such as 09121234567."),
               clean);
  return NULL;
}

char *
peygir_postal_code_normalize (const char  *text,
                              GError     **error)
{
  char d[11];
  gsize n;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text != NULL && collect_digits (text, "-", d, 10, &n) && n == 10)
    return g_strdup (d);

  g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_POSTAL_CODE,
               _("The postal code must have 10 digits."));
  return NULL;
}

static gboolean
is_email_label_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || (guchar) c >= 0x80;
}

/* RFC 6838 restricted-name: a letter or digit, then up to 126 of these. */
static gsize
mime_name_length (const char *text)
{
  gsize n = 0;

  if (!g_ascii_isalnum (text[0]))
    return 0;
  while (g_ascii_isalnum (text[n]) || (text[n] != '\0' && strchr ("!#$&-^_.+", text[n]) != NULL))
    n++;
  return n <= 127 ? n : 0;
}

char *
peygir_mime_type_normalize (const char *text)
{
  gsize type_length;
  gsize subtype_length;

  if (text == NULL)
    return NULL;
  type_length = mime_name_length (text);
  if (type_length == 0 || text[type_length] != '/')
    return NULL;
  subtype_length = mime_name_length (text + type_length + 1);
  if (subtype_length == 0 || text[type_length + 1 + subtype_length] != '\0')
    return NULL;
  return g_ascii_strdown (text, -1);
}

gboolean
peygir_email_is_valid (const char *text)
{
  const char *at;
  const char *label;
  gsize len;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;

  len = strlen (text);
  at = strchr (text, '@');
  if (len > 254 || at == NULL || at == text || at - text > 64 || strchr (at + 1, '@') != NULL)
    return FALSE;

  for (const char *p = text; p < at; p++)
    {
      if ((guchar) *p <= ' ' || *p == '"' || *p == '(' || *p == ')' || *p == ','
          || *p == ':' || *p == ';' || *p == '<' || *p == '>' || *p == '[' || *p == ']'
          || *p == '\\' || *p == 0x7f)
        return FALSE;
    }
  if (text[0] == '.' || at[-1] == '.' || g_strstr_len (text, at - text, "..") != NULL)
    return FALSE;

  /* The domain: labels of letters, digits and hyphens, at least two. */
  if (strchr (at + 1, '.') == NULL)
    return FALSE;
  label = at + 1;
  for (const char *p = at + 1;; p++)
    {
      if (*p == '.' || *p == '\0')
        {
          if (p == label || label[0] == '-' || p[-1] == '-')
            return FALSE;
          if (*p == '\0')
            break;
          label = p + 1;
        }
      else if (!is_email_label_char (*p))
        {
          return FALSE;
        }
    }

  return TRUE;
}

static int
damm_interim (const char *digits,
              gsize       n)
{
  int interim = 0;

  for (gsize i = 0; i < n; i++)
    interim = damm_table[interim][digits[i] - '0'];

  return interim;
}

char *
peygir_tracking_code_generate (GRand *rand)
{
  char code[10];

  for (int i = 0; i < 8; i++)
    {
      int low = i == 0 ? 1 : 0;
      int digit = rand != NULL ? g_rand_int_range (rand, low, 10)
                               : g_random_int_range (low, 10);

      code[i] = (char) ('0' + digit);
    }
  code[8] = (char) ('0' + damm_interim (code, 8));
  code[9] = '\0';

  return g_strdup (code);
}

gboolean
peygir_tracking_code_is_valid (const char *text)
{
  char d[10];
  gsize n;

  if (text == NULL || !collect_digits (text, "-", d, 9, &n) || n != 9)
    return FALSE;

  return d[0] != '0' && damm_interim (d, 9) == 0;
}

char *
peygir_tracking_code_format (const char *code)
{
  g_autofree char *ascii = NULL;
  g_autoptr(GString) grouped = NULL;
  gsize n_digits = 0;

  g_return_val_if_fail (code != NULL, NULL);

  ascii = peygir_text_digits_to_ascii (code);
  grouped = g_string_new (NULL);
  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        continue;
      if (n_digits > 0 && n_digits % 3 == 0)
        g_string_append_c (grouped, '-');
      g_string_append_c (grouped, *p);
      n_digits++;
    }

  return peygir_text_digits_to_persian (grouped->str);
}

static inline gboolean
is_rtl_letter (UCharDirection dir)
{
  return dir == U_RIGHT_TO_LEFT || dir == U_RIGHT_TO_LEFT_ARABIC;
}

char *
peygir_text_isolate_ltr (const char *value)
{
  g_autofree char *clean = NULL;
  gboolean ltr = FALSE;
  gboolean in_rtl = FALSE;
  gsize after_rtl = 0;
  GString *out;

  if (value == NULL)
    return NULL;

  clean = peygir_text_sanitize (value, FALSE);
  for (const char *p = clean; *p != '\0' && !ltr; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      ltr = digit_value (ch) >= 0 || u_charDirection (ch) == U_LEFT_TO_RIGHT;
    }
  /* Persian words in place of a value (پس از ثبت) are no left-to-right
   * run: isolated, their words would follow each other left to right. */
  if (!ltr)
    return g_steal_pointer (&clean);

  out = g_string_sized_new (strlen (clean) + 16);
  g_string_append_unichar (out, LRI);
  for (const char *p = clean; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);
      UCharDirection dir = u_charDirection (ch);

      if (is_rtl_letter (dir) || (in_rtl && dir == U_DIR_NON_SPACING_MARK && out->len == after_rtl))
        {
          g_string_append_unichar (out, ch);
          after_rtl = out->len;
          in_rtl = TRUE;
          continue;
        }

      /* After ص the digits of 1405/ص/203 would turn Arabic numbers (rule
       * W2) and move before it: a strong LTR mark keeps them European. */
      if (in_rtl && (digit_value (ch) >= 0 || dir == U_LEFT_TO_RIGHT))
        {
          g_string_insert_unichar (out, after_rtl, LRM);
          in_rtl = FALSE;
        }
      g_string_append_unichar (out, ch);
    }
  g_string_append_unichar (out, PDI);

  return g_string_free (out, FALSE);
}

typedef enum
{
  RUN_DIGIT,
  RUN_LATIN,
  RUN_SEPARATOR,
  RUN_SPACE,
  RUN_OTHER,
} RunClass;

typedef struct
{
  const char *p;
  gsize       len;
  RunClass    cls;
} RunChar;

static RunClass
run_class (gunichar ch)
{
  UCharDirection dir;

  if (digit_value (ch) >= 0)
    return RUN_DIGIT;
  if (ch == '\n' || ch == '\r' || ch == 0x2028 || ch == 0x2029)
    return RUN_OTHER;
  if (g_unichar_isspace (ch))
    return RUN_SPACE;

  dir = u_charDirection (ch);
  if (dir == U_LEFT_TO_RIGHT)
    return RUN_LATIN;
  /* The Persian comma and percent sign (، ٪) belong to the Persian text
   * around them, and a list such as ۱، ۲ reads right to left. */
  if ((ch < 0x0600 || ch > 0x06FF)
      && (dir == U_EUROPEAN_NUMBER_SEPARATOR || dir == U_EUROPEAN_NUMBER_TERMINATOR
          || dir == U_COMMON_NUMBER_SEPARATOR || ch == '@' || ch == '_'))
    return RUN_SEPARATOR;
  return RUN_OTHER;
}

static inline gboolean
is_run_char (const RunChar *c)
{
  return c->cls == RUN_DIGIT || c->cls == RUN_LATIN || c->cls == RUN_SEPARATOR;
}

/* Appends @len bytes of @text with its left-to-right runs isolated and
 * its bidi controls removed. */
static void
append_runs_isolated (GString    *out,
                      const char *text,
                      gsize       len)
{
  g_autoptr(GArray) chars = g_array_new (FALSE, FALSE, sizeof (RunChar));
  const char *end = text + len;
  guint i = 0;

  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);
      RunChar c = { p, g_utf8_next_char (p) - p, run_class (ch) };

      if (!is_bidi_control (ch))
        g_array_append_val (chars, c);
    }

  while (i < chars->len)
    {
      RunChar *c = (RunChar *) chars->data;
      guint j = i, start, stop;
      gboolean latin = FALSE;
      gboolean separated = FALSE;

      if (!is_run_char (&c[i]))
        {
          g_string_append_len (out, c[i].p, c[i].len);
          i++;
          continue;
        }

      /* The run; a space continues it only after a Latin letter, as the
       * bidi algorithm itself joins "ISO 9001", never "۱۲ ۱۳". */
      while (j < chars->len)
        {
          if (is_run_char (&c[j]))
            {
              latin |= c[j].cls == RUN_LATIN;
              j++;
            }
          else if (c[j].cls == RUN_SPACE && latin)
            {
              guint k = j;

              while (k < chars->len && c[k].cls == RUN_SPACE)
                k++;
              if (k == chars->len || (c[k].cls != RUN_DIGIT && c[k].cls != RUN_LATIN))
                break;
              j = k;
            }
          else
            {
              break;
            }
        }

      /* Without the punctuation at its ends (a sentence's period, a
       * slash before ص), but with the + of +98. */
      start = i;
      while (start < j && c[start].cls == RUN_SEPARATOR
             && !(c[start].p[0] == '+' && start + 1 < j && c[start + 1].cls == RUN_DIGIT))
        start++;
      stop = j;
      while (stop > start && c[stop - 1].cls != RUN_DIGIT && c[stop - 1].cls != RUN_LATIN)
        stop--;

      /* A bare number or Latin words read right by the bidi algorithm
       * alone; only separators go astray, so only such runs are isolated. */
      for (guint k = start; k < stop; k++)
        separated |= c[k].cls == RUN_SEPARATOR;

      for (guint k = i; k < j; k++)
        {
          if (k == start && separated)
            g_string_append_unichar (out, LRI);
          g_string_append_len (out, c[k].p, c[k].len);
          if (k + 1 == stop && separated)
            g_string_append_unichar (out, PDI);
        }
      i = j;
    }
}

char *
peygir_text_isolate_ltr_runs (const char *text)
{
  g_autofree char *valid = NULL;
  const char *p, *lri, *content, *after;
  gsize content_len;
  GString *out;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid) + 16);
  for (p = valid; (lri = find_isolate (p, &content, &content_len, &after)) != NULL; p = after)
    {
      append_runs_isolated (out, p, lri - p);
      append_isolated (out, content, content_len);
    }
  append_runs_isolated (out, p, strlen (p));

  return g_string_free (out, FALSE);
}

static gboolean
word_in (const char         *word,
         gsize               len,
         const char * const *list,
         gsize               n_list)
{
  for (gsize i = 0; i < n_list; i++)
    {
      if (strlen (list[i]) == len && memcmp (word, list[i], len) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
append_word (GString    *out,
             const char *word,
             gsize       len)
{
  if (len == 0)
    return;
  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append_len (out, word, len);
}

static void
append_plural_stem (GString    *out,
                    const char *word,
                    gsize       len)
{
  for (gsize i = 0; i < G_N_ELEMENTS (plural_suffixes); i++)
    {
      gsize suffix_len = strlen (plural_suffixes[i]);

      /* Two Persian letters (four bytes) at least must remain. Some words
       * split wrongly (تنها → تن): a little extra recall, no lost match. */
      if (len >= suffix_len + 4
          && memcmp (word + len - suffix_len, plural_suffixes[i], suffix_len) == 0)
        {
          append_word (out, word, len - suffix_len);
          return;
        }
    }
}

void
peygir_text_index_forms (const char  *text,
                         char       **body,
                         char       **extra)
{
  static const char zwnj_utf8[] = "\xe2\x80\x8c";
  g_autoptr(GString) marked = NULL;
  GString *body_out;
  GString *extra_out;
  gsize prev_start = 0, prev_len = 0;
  gboolean have_prev = FALSE;
  const char *p;

  g_return_if_fail (body != NULL);
  g_return_if_fail (extra != NULL);

  /* An empty column of the store comes as NULL. */
  if (text == NULL)
    text = "";

  marked = g_string_sized_new (strlen (text) + 1);
  normalize_into (marked, text, TRUE);

  body_out = g_string_sized_new (marked->len + 1);
  extra_out = g_string_new (NULL);

  p = marked->str;
  while (*p != '\0')
    {
      const char *word_end = strchr (p, ' ');
      gsize start;
      gboolean has_zwnj = FALSE;

      if (word_end == NULL)
        word_end = p + strlen (p);

      /* The body form: the word with its ZWNJs removed, parts joined. */
      if (body_out->len > 0)
        g_string_append_c (body_out, ' ');
      start = body_out->len;
      for (const char *part = p; part < word_end;)
        {
          const char *zwnj = g_strstr_len (part, word_end - part, zwnj_utf8);
          const char *part_end = zwnj != NULL ? zwnj : word_end;

          g_string_append_len (body_out, part, part_end - part);
          if (zwnj != NULL || has_zwnj)
            append_word (extra_out, part, part_end - part);
          has_zwnj |= zwnj != NULL;
          part = zwnj != NULL ? zwnj + strlen (zwnj_utf8) : word_end;
        }

      if (body_out->len == start)
        {
          /* Only ZWNJs: no word at all. */
          if (start > 0)
            g_string_truncate (body_out, start - 1);
        }
      else
        {
          gsize len = body_out->len - start;

          if (have_prev
              && (word_in (body_out->str + prev_start, prev_len,
                           prefix_affixes, G_N_ELEMENTS (prefix_affixes))
                  || word_in (body_out->str + start, len,
                              suffix_affixes, G_N_ELEMENTS (suffix_affixes))))
            {
              append_word (extra_out, body_out->str + prev_start, prev_len);
              g_string_append_len (extra_out, body_out->str + start, len);
            }

          if (!has_zwnj)
            append_plural_stem (extra_out, body_out->str + start, len);

          have_prev = TRUE;
          prev_start = start;
          prev_len = len;
        }

      p = *word_end == ' ' ? word_end + 1 : word_end;
    }

  *body = g_string_free (body_out, FALSE);
  *extra = g_string_free (extra_out, FALSE);
}

/* Inside an FTS5 string a quote is doubled; nothing else is special. */
/* How a search engine writes "this word, or that one, and the next":
 * SQLite's FTS5 MATCH, or PostgreSQL's tsquery. */
typedef struct
{
  char        quote;     /* doubled inside a quoted word */
  gboolean    escape_backslash;
  const char *and;
  const char *or;
  const char *prefix;
} MatchSyntax;

static const MatchSyntax fts5_syntax = { '"', FALSE, " AND ", " OR ", "*" };
static const MatchSyntax tsquery_syntax = { '\'', TRUE, " & ", " | ", ":*" };

static void
append_quoted (GString           *expression,
               const MatchSyntax *syntax,
               const char        *word)
{
  for (const char *p = word; *p != '\0'; p++)
    {
      if (*p == syntax->quote || (syntax->escape_backslash && *p == '\\'))
        g_string_append_c (expression, *p == '\\' ? '\\' : syntax->quote);
      g_string_append_c (expression, *p);
    }
}

static void
append_term (GString           *expression,
             const MatchSyntax *syntax,
             const char        *first,
             const char        *second,
             gboolean           prefix)
{
  g_string_append_c (expression, syntax->quote);
  append_quoted (expression, syntax, first);
  if (second != NULL)
    append_quoted (expression, syntax, second);
  g_string_append_c (expression, syntax->quote);
  if (prefix)
    g_string_append (expression, syntax->prefix);
}

static char *
build_match (const char        *query,
             const MatchSyntax *syntax)
{
  g_autofree char *normalized = NULL;
  g_auto(GStrv) words = NULL;
  GString *expression;
  guint n;

  if (query == NULL)
    return NULL;

  normalized = peygir_text_normalize (query);
  if (*normalized == '\0')
    return NULL;

  words = g_strsplit (normalized, " ", MAX_QUERY_WORDS + 1);
  n = MIN (g_strv_length (words), MAX_QUERY_WORDS);

  /* Each word, or it joined with a neighbour: "می شود" also finds میشود,
   * "کتاب خانه" also finds کتابخانه. The last word is a prefix. */
  expression = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    {
      gboolean last = i + 1 == n;

      if (i > 0)
        g_string_append (expression, syntax->and);
      if (n > 1)
        g_string_append_c (expression, '(');

      append_term (expression, syntax, words[i], NULL, last);
      if (i > 0)
        {
          g_string_append (expression, syntax->or);
          append_term (expression, syntax, words[i - 1], words[i], last);
        }
      if (!last)
        {
          g_string_append (expression, syntax->or);
          append_term (expression, syntax, words[i], words[i + 1], i + 2 == n);
        }

      if (n > 1)
        g_string_append_c (expression, ')');
    }

  return g_string_free (expression, FALSE);
}

char *
peygir_text_match_expression (const char *query)
{
  return build_match (query, &fts5_syntax);
}

char *
peygir_text_match_tsquery (const char *query)
{
  return build_match (query, &tsquery_syntax);
}
