/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Random mutations of what people and scripts hand peygir-admin: the case
 * JSON of "case new", the notes and arguments of "case act", search queries
 * and other arguments. Whatever comes in, peygir-admin must answer with one
 * of its exit statuses (0–7), never die of a signal, and leave a database
 * that "check" still finds whole.
 *
 * Deterministic: the seed is fixed unless PEYGIR_FUZZ_SEED gives another,
 * and PEYGIR_FUZZ_COUNT sets the number of inputs of each test. A failing
 * input is printed escaped and written under the build directory's fuzz/,
 * ready to be fed again. */

#include <locale.h>
#include <string.h>

#include "test-admin-util.h"

#define DEFAULT_SEED  20261124
#define DEFAULT_COUNT 800
#define BATCH         100

/* argv strings above 128 KiB make execve fail (MAX_ARG_STRLEN), before
 * peygir-admin ever sees them. */
#define MAX_ARGUMENT  (100 * 1024)

static guint32  base_seed = DEFAULT_SEED;
static guint    input_count = DEFAULT_COUNT;
static gboolean verbose;

typedef struct
{
  AdminFixture admin;
  GRand       *rand;
  gint64       agency_ids[2];
  double       field_noise;     /* the chance a field of the case JSON is swapped */
  GPtrArray   *case_ids;        /* ids as text */
  GPtrArray   *tracking_codes;
  GPtrArray   *referral_ids;
  GHashTable  *states;          /* case id as text → its state, as last seen */
  GHashTable  *referrals;       /* case id as text → its referral ids, as last seen */
  char        *small_file;      /* a few random bytes to attach */
  guint        runs;
  guint        failures;
} FuzzFixture;

/* Pieces that have broken parsers before: JSON syntax, escapes, numbers at
 * the edges of every type, Persian text and its invisible characters, bidi
 * controls, control bytes and malformed UTF-8. */
static const char *const json_tokens[] = {
  "[", "]", "{", "}", ",", ":", "\"", "\\", "null", "true", "false",
  "\\u0000", "\\u0000\\u0000", "\\ud800", "\\udfff", "\\ud83d\\ude00", "\\u202e", "\\u200c",
  "\\\"", "\\\\", "\\n", "\\/", "\\x41", "\\u12", "\\u", "\\uZZZZ", "\\",
  "1e309", "-1e309", "1e-400", "99999999999999999999999", "9223372036854775807",
  "9223372036854775808", "-9223372036854775808", "-0", "0.5", "0x10", "NaN", "Infinity",
  "/*", "*/", "//", "'", "\xef\xbb\xbf",
};

static const char *const text_tokens[] = {
  "علی", "رضایی", "شکایت", "آموزش", "پرورش", "می‌شود", "میشود", "می شود",
  "ي", "ك", "ی", "ک", "ـ", "\xd9\x8b", "\xd9\x90", "۰۹۱۲", "١٢٣", "0912",
  "\xe2\x80\x8c", "\xe2\x80\x8d", "\xe2\x80\x8e", "\xe2\x80\x8f", "\xd8\x9c",
  "\xe2\x80\xaa", "\xe2\x80\xab", "\xe2\x80\xac", "\xe2\x80\xad", "\xe2\x80\xae",
  "\xe2\x81\xa6", "\xe2\x81\xa7", "\xe2\x81\xa8", "\xe2\x81\xa9",
  "\xef\xbb\xbf", "\xc2\xa0", "\xf0\x9f\x98\x80", "\xef\xbf\xbf", "\xf4\x8f\xbf\xbf",
  "\x01", "\x07", "\x1b[31m", "\r", "\n", "\t", "\x7f", " ", "  ",
  "\xff", "\xfe", "\x80", "\xc0\x80", "\xc3", "\xe2\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80",
  "%s", "%n", "%d%d%d", "'", "\"", "`", ";", "--", "-", "*", "^", "(", ")", ":", "+",
  "NEAR(", "NEAR", "AND", "OR", "NOT", "subject:", "{subject}:", "\"\"", "''",
  "'; DROP TABLE cases; --", "1405/0001", "1405", "/", "ص", "<b>", "&amp;",
};

static const char *const query_tokens[] = {
  "NEAR(", "NEAR(a b, 2)", ")", "(", "\"", "*", "^", "OR", "AND", "NOT", "-", "+",
  ":", "subject:", "description:", "{", "}", "NEAR", "\"\"", "*\"", "^*", "OR OR",
  "آموزش", "پرورش", "شکایت", "علي", "على", "کريمي", "مي‌شود", "می‌شود", "ميشود",
  "۰۰۸۴۵۷۵۹۴۸", "0084575948", "٠٠٨٤٥٧٥٩٤٨", "09123456789", "۰۹۱۲۳۴۵۶۷۸۹",
  "1405/1", "۱۴۰۵/۱", "1405/", "/1", "1405-1",
  "\xe2\x80\x8c", "\xe2\x80\x8f", "\xe2\x80\xae", "\xe2\x81\xa6", "\xd8\x9c", "ـ",
  "\xd9\x8b", "\xc2\xa0", "\xef\xbb\xbf", "\xf0\x9f\x98\x80", "\x01", "\t", "\n",
  "\xff", "\xc0\x80", "\xed\xa0\x80", "'", "%", "_", "\\", "a", "ab", "abc",
};

static const char *const actions[][2] = {
  /* the action and who usually takes it */
  { "review", "expert" }, { "register", "clerk" }, { "reject", "expert" },
  { "refer", "expert" }, { "approve", "manager" }, { "return", "manager" },
  { "dispatch", "clerk" }, { "follow_up", "expert" }, { "approve_reminder", "manager" },
  { "answer", "clerk" }, { "notify", "expert" }, { "reopen", "manager" },
  { "await_documents", "expert" }, { "documents_received", "expert" },
  { "link", "expert" }, { "contact", "expert" },
};

static const char *const logins[] = { "admin", "expert", "manager", "clerk" };

static const char *const channels[] = { "in_person", "phone", "mail", "sms", "email" };

static const char *const numbers[] = {
  "0", "1", "2", "3", "-1", "+1", " 1", "1 ", "01", "1.0", "1e3", "0x1", "۱", "١",
  "9223372036854775807", "9223372036854775808", "-9223372036854775808",
  "99999999999999999999999", "2147483647", "2147483648", "4294967296", "", "abc", "1abc",
};

static const char *const dates[] = {
  "1405/09/03", "۱۴۰۵/۰۹/۰۳", "1405-09-03", "1405/13/01", "1405/12/31", "1403/12/30",
  "1405/00/00", "0/0/0", "9999/99/99", "99999999/1/1", "-1/1/1", "1405/9", "1405",
  "2026-11-24", "", "1405//03", "1405/09/03/01", "\xd9\xa1\xd9\xa4\xd9\xa0\xd9\xa5/1/1",
};

/* The interesting values a field of the case JSON may be swapped for. */
static const char *const json_values[] = {
  "null", "true", "false", "0", "-1", "1", "2", "3", "1.5", "1e309", "-1e309", "1e-400",
  "9223372036854775807", "9223372036854775808", "-9223372036854775808",
  "99999999999999999999999999999999", "[]", "{}", "[null]", "{\"a\":1}", "\"\"", "\" \"",
  "\"\\u0000\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"\\udc00x\"", "\"\\u202eعلی\"",
  "\"\\u200c\"", "\"‌\"", "\"\\\\\"", "\"\\\"\"", "\"complaint\"", "\"request\"",
  "\"citizen\"", "\"business\"", "\"government\"", "\"other\"", "\"phone\"",
  "\"۰۰۸۴۵۷۵۹۴۸\"", "\"0084575948\"", "\"0000000000\"", "\"1234567890\"", "\"12345678901\"",
  "\"۰۹۱۲۳۴۵۶۷۸۹\"", "\"+989123456789\"", "\"0912\"", "\"1405/09/03\"", "\"1405/13/40\"",
  "\"9999/99/99\"", "\"0/0/0\"", "\"2026-11-24\"", "\"%s%n\"", "\"\\n\\r\\t\"",
};

static guint
pick (FuzzFixture *fixture,
      guint        n)
{
  return (guint) g_rand_int_range (fixture->rand, 0, (gint32) n);
}

static gboolean
chance (FuzzFixture *fixture,
        double       p)
{
  return g_rand_double (fixture->rand) < p;
}

#define PICK(fixture, array) ((array)[pick ((fixture), G_N_ELEMENTS (array))])

/* Lengths of a run or a nesting, from small to beyond what a recursive
 * parser survives. */
static gsize
pick_length (FuzzFixture *fixture)
{
  static const gsize lengths[] = { 2, 10, 100, 1000, 10000, 50000, 100000 };

  return PICK (fixture, lengths);
}

static void
append_random_bytes (FuzzFixture *fixture,
                     GString     *text,
                     guint        n)
{
  for (guint i = 0; i < n; i++)
    g_string_append_c (text, (char) g_rand_int_range (fixture->rand, 0, 256));
}

/* One of: a token, random bytes, a long run of one piece of text. */
static void
append_noise (FuzzFixture *fixture,
              GString     *text,
              gboolean     json)
{
  switch (pick (fixture, 6))
    {
    case 0:
    case 1:
    case 2:
      g_string_append (text, json && chance (fixture, 0.5) ? PICK (fixture, json_tokens)
                                                           : PICK (fixture, text_tokens));
      break;
    case 3:
      append_random_bytes (fixture, text, 1 + pick (fixture, 8));
      break;
    case 4:
      {
        const char *unit = chance (fixture, 0.5) ? "ب" : PICK (fixture, text_tokens);
        gsize length = pick_length (fixture);

        for (gsize i = 0; i < length && text->len < MAX_ARGUMENT / 2; i++)
          g_string_append (text, unit);
      }
      break;
    default:
      g_string_append_unichar (text, (gunichar) g_rand_int_range (fixture->rand, 1, 0x110000));
      break;
    }
}

/* One byte-level mutation of @text. */
static void
mutate (FuzzFixture *fixture,
        GString     *text,
        gboolean     json)
{
  gsize at = text->len > 0 ? pick (fixture, (guint) text->len + 1) : 0;
  gsize span = 1 + pick (fixture, 64);   /* drawn once: MIN () reads it twice */
  g_autoptr(GString) piece = g_string_new (NULL);

  switch (pick (fixture, 9))
    {
    case 0: /* flip a bit */
      if (at < text->len)
        text->str[at] ^= (char) (1 << pick (fixture, 8));
      break;
    case 1: /* insert noise */
      append_noise (fixture, piece, json);
      g_string_insert_len (text, (gssize) at, piece->str, (gssize) piece->len);
      break;
    case 2: /* delete a range */
      if (at < text->len)
        g_string_erase (text, (gssize) at, (gssize) MIN (text->len - at, span));
      break;
    case 3: /* truncate */
      g_string_truncate (text, at);
      break;
    case 4: /* duplicate a range */
      if (at < text->len)
        {
          gsize length = MIN (text->len - at, span);

          g_string_append_len (piece, text->str + at, (gssize) length);
          for (guint i = 1 + pick (fixture, 3); i > 0; i--)
            g_string_insert_len (text, (gssize) at, piece->str, (gssize) piece->len);
        }
      break;
    case 5: /* deep nesting of [ and {, closed or not */
      {
        gsize depth = pick_length (fixture);
        gboolean objects = chance (fixture, 0.5);

        for (gsize i = 0; i < depth; i++)
          g_string_append (piece, objects ? "{\"a\":" : "[");
        g_string_append (piece, "1");
        if (chance (fixture, 0.5))
          for (gsize i = 0; i < depth; i++)
            g_string_append_c (piece, objects ? '}' : ']');
        g_string_insert_len (text, (gssize) at, piece->str, (gssize) piece->len);
      }
      break;
    case 6: /* a NUL byte, raw */
      g_string_insert_len (text, (gssize) at, "\0", 1);
      break;
    case 7: /* replace one byte */
      if (at < text->len)
        text->str[at] = (char) g_rand_int_range (fixture->rand, 0, 256);
      break;
    default: /* a token */
      g_string_insert (text, (gssize) at, json ? PICK (fixture, json_tokens) : PICK (fixture, text_tokens));
      break;
    }
}

/* A JSON value for a field: usually @valid, sometimes something else. */
static void
append_field (FuzzFixture *fixture,
              GString     *json,
              gboolean    *first,
              const char  *name,
              const char  *valid)
{
  guint copies = 1;

  if (chance (fixture, fixture->field_noise / 3))
    return;
  if (chance (fixture, fixture->field_noise / 3))
    copies = 2;

  for (guint i = 0; i < copies; i++)
    {
      g_string_append_printf (json, "%s\"%s\":", *first ? "" : ",", name);
      *first = FALSE;
      if (chance (fixture, fixture->field_noise))
        g_string_append (json, PICK (fixture, json_values));
      else if (chance (fixture, fixture->field_noise / 3) && valid[0] == '"')
        {
          /* a string with noise inside; noise that is not valid JSON is
           * as welcome as any */
          g_string_append_c (json, '"');
          append_noise (fixture, json, FALSE);
          g_string_append_len (json, valid + 1, (gssize) strlen (valid) - 2);
          append_noise (fixture, json, TRUE);
          g_string_append_c (json, '"');
        }
      else
        g_string_append (json, valid);
    }
}

static GString *
case_json (FuzzFixture *fixture)
{
  g_autofree char *agency = g_strdup_printf ("%" G_GINT64_FORMAT,
                                             fixture->agency_ids[pick (fixture, 2)]);
  g_autofree char *linked = NULL;
  GString *json = g_string_new ("{");
  gboolean first = TRUE;
  gboolean applicant_first = TRUE;
  guint mode = pick (fixture, 4);

  /* valid cases, cases with odd fields, cases with mangled bytes */
  fixture->field_noise = mode == 1 ? 0.1 : 0.0;
  append_field (fixture, json, &first, "kind", chance (fixture, 0.5) ? "\"complaint\"" : "\"request\"");
  if (!chance (fixture, fixture->field_noise / 2))
    {
      g_string_append (json, first ? "\"applicant\":{" : ",\"applicant\":{");
      first = FALSE;
      append_field (fixture, json, &applicant_first, "type", "\"citizen\"");
      append_field (fixture, json, &applicant_first, "name", "\"علی رضایی\"");
      append_field (fixture, json, &applicant_first, "national_id", "\"۰۰۸۴۵۷۵۹۴۸\"");
      append_field (fixture, json, &applicant_first, "mobile", "\"۰۹۱۲ ۳۴۵ ۶۷۸۹\"");
      if (chance (fixture, 0.3))
        append_field (fixture, json, &applicant_first, "phone", "\"021-33445566\"");
      if (chance (fixture, 0.3))
        append_field (fixture, json, &applicant_first, "address", "\"تهران، خیابان آزادی\"");
      if (chance (fixture, 0.3))
        append_field (fixture, json, &applicant_first, "postal_code", "\"1234567890\"");
      if (chance (fixture, 0.3))
        append_field (fixture, json, &applicant_first, "email", "\"ali@example.ir\"");
      g_string_append_c (json, '}');
    }
  append_field (fixture, json, &first, "subject", "\"عدم پاسخگویی آموزش و پرورش\"");
  append_field (fixture, json, &first, "description", "\"با وجود مراجعات مکرر، پاسخی داده نشده است.\"");
  append_field (fixture, json, &first, "category", "\"education\"");
  append_field (fixture, json, &first, "agency", agency);
  append_field (fixture, json, &first, "channel", "\"in_person\"");
  if (chance (fixture, 0.2))
    append_field (fixture, json, &first, "samad_code", "\"111-4567\"");
  if (chance (fixture, 0.2) && fixture->case_ids->len > 0)
    {
      linked = g_strdup (g_ptr_array_index (fixture->case_ids, pick (fixture, fixture->case_ids->len)));
      append_field (fixture, json, &first, "linked_case", linked);
    }
  if (chance (fixture, 0.2))
    append_field (fixture, json, &first, "received_on", "\"1405/09/01\"");
  if (chance (fixture, fixture->field_noise / 3))
    append_field (fixture, json, &first, "unknown", "1");
  g_string_append_c (json, '}');

  if (mode >= 2)
    for (guint i = 1 + pick (fixture, 3); i > 0; i--)
      mutate (fixture, json, TRUE);
  return json;
}

/* Free text: a note, a name, a letter number. */
static char *
random_text (FuzzFixture *fixture)
{
  GString *text = g_string_new (NULL);

  for (guint i = pick (fixture, 6); i > 0; i--)
    {
      if (chance (fixture, 0.6))
        g_string_append (text, PICK (fixture, text_tokens));
      else
        append_noise (fixture, text, FALSE);
      if (chance (fixture, 0.5))
        g_string_append_c (text, ' ');
    }
  if (chance (fixture, 0.2))
    mutate (fixture, text, FALSE);
  /* an argument ends at its first NUL, as execve passes it */
  g_string_truncate (text, strlen (text->str));
  if (text->len > MAX_ARGUMENT)
    g_string_truncate (text, MAX_ARGUMENT);
  return g_string_free (text, FALSE);
}

static const char *
random_case_id (FuzzFixture *fixture,
                GPtrArray   *keep)
{
  if (chance (fixture, 0.85) && fixture->case_ids->len > 0)
    return g_ptr_array_index (fixture->case_ids, pick (fixture, fixture->case_ids->len));
  if (chance (fixture, 0.3) && fixture->tracking_codes->len > 0)
    return g_ptr_array_index (fixture->tracking_codes, pick (fixture, fixture->tracking_codes->len));
  if (chance (fixture, 0.5))
    return PICK (fixture, numbers);
  g_ptr_array_add (keep, random_text (fixture));
  return g_ptr_array_index (keep, keep->len - 1);
}

static void
print_escaped (const char *label,
               const char *data,
               gsize       length)
{
  g_autoptr(GString) shown = g_string_new (NULL);
  gsize limit = MIN (length, 4096);

  for (gsize i = 0; i < limit; i++)
    {
      guchar c = (guchar) data[i];

      if (c == '\\')
        g_string_append (shown, "\\\\");
      else if (c >= 0x20 && c < 0x7f)
        g_string_append_c (shown, (char) c);
      else
        g_string_append_printf (shown, "\\x%02x", c);
    }
  g_printerr ("%s (%" G_GSIZE_FORMAT " bytes%s): %s\n", label, length,
              limit < length ? ", first 4096 shown" : "", shown->str);
}

/* Keeps a failing input where a person can feed it again. */
static void
save_failure (FuzzFixture *fixture,
              GBytes      *input)
{
  g_autofree char *dir = g_build_filename (g_getenv ("PEYGIR_BUILD_DIR"), "fuzz", NULL);
  g_autofree char *name = g_strdup_printf ("%s-seed%u-run%u.in",
                                           g_test_get_path () + 1, base_seed, fixture->runs);
  g_autofree char *path = NULL;

  g_strdelimit (name, "/", '-');
  path = g_build_filename (dir, name, NULL);
  if (g_mkdir_with_parents (dir, 0755) == 0
      && g_file_set_contents (path, g_bytes_get_data (input, NULL), (gssize) g_bytes_get_size (input), NULL))
    g_printerr ("standard input saved as %s\n", path);
}

/* Runs peygir-admin on @args and @input; fails the test on a signal or an
 * exit status outside the command line's table. Returns the status. */
static int
run_checked (FuzzFixture        *fixture,
             GBytes             *input,
             const char * const *args,
             char              **out)
{
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  int status;

  status = admin_run_argv (fixture->admin.db, fixture->admin.now, input, args,
                           &stdout_text, &stderr_text);
  fixture->runs++;
  if (verbose)
    {
      g_autofree char *shown = g_strjoinv (" ", (char **) args);

      g_printerr ("%d: %.200s: %.300s", status, shown, stderr_text);
    }
  if (status < 0 || status > 7)
    {
      /* keep going: one run shows every input that fails, not the first */
      g_test_fail_printf ("peygir-admin ended with %d on run %u", status, fixture->runs);
      if (++fixture->failures > 20)
        return status;
      g_printerr ("\npeygir-admin ended with %d%s on run %u of %s (PEYGIR_FUZZ_SEED=%u)\n",
                  status, status > 128 ? " (128 + signal)" : "", fixture->runs,
                  g_test_get_path (), base_seed);
      for (guint i = 0; args[i] != NULL; i++)
        {
          g_autofree char *label = g_strdup_printf ("argument %u", i);

          print_escaped (label, args[i], strlen (args[i]));
        }
      if (input != NULL)
        {
          print_escaped ("standard input", g_bytes_get_data (input, NULL), g_bytes_get_size (input));
          save_failure (fixture, input);
        }
      g_printerr ("stderr: %.2000s\n", stderr_text);
    }
  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  return status;
}

/* After every batch: nothing the fuzz did may have broken the database or
 * its audit chain. */
static void
check_database (FuzzFixture *fixture)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "check", NULL };
  int status;

  status = admin_run_argv (fixture->admin.db, fixture->admin.now, NULL, args, &out, &err);
  if (status != 0)
    g_printerr ("check failed (%d) after run %u of %s (PEYGIR_FUZZ_SEED=%u): %s%s\n",
                status, fixture->runs, g_test_get_path (), base_seed, out, err);
  g_assert_cmpint (status, ==, 0);
}

/* Accepted output asked for as JSON must be JSON, whatever went in. */
static void
assert_json (const char *out)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (!json_parser_load_from_data (parser, out, -1, &error))
    g_printerr ("output is not JSON: %.2000s\n", out);
  g_assert_no_error (error);
}

static void
new_valid_case (FuzzFixture *fixture,
                const char  *subject)
{
  g_autofree char *json = admin_complaint_json (fixture->agency_ids[0], subject);
  g_autoptr(GBytes) input = g_bytes_new (json, strlen (json));
  g_autoptr(JsonNode) created = NULL;
  g_autofree char *out = NULL;
  const char *args[] = { "case", "new", "--as", "expert", "--json", "-", NULL };

  g_assert_cmpint (run_checked (fixture, input, args, &out), ==, 0);
  created = admin_parse_json (out);
  g_ptr_array_add (fixture->case_ids, g_strdup_printf ("%" G_GINT64_FORMAT,
                                                       admin_member_int (created, "id")));
  g_ptr_array_add (fixture->tracking_codes, g_strdup (admin_member_string (created, "tracking_code")));
  g_hash_table_replace (fixture->states, g_strdup (g_ptr_array_index (fixture->case_ids, fixture->case_ids->len - 1)),
                        g_strdup ("received"));
}

static void
fuzz_set_up (FuzzFixture   *fixture,
             gconstpointer  data)
{
  static const char *const subjects[] = {
    "عدم پاسخگویی اداره آموزش و پرورش", "قطعی آب در محله", "می‌شود پیگیری کرد؟",
    "شكايت از كارمند", "درخواست مجوز ۱۲۳", "Latin subject 42",
  };
  guint8 bytes[64];

  admin_fixture_set_up (&fixture->admin, data);
  fixture->rand = g_rand_new_with_seed (base_seed ^ g_str_hash (g_test_get_path ()));
  fixture->case_ids = g_ptr_array_new_with_free_func (g_free);
  fixture->tracking_codes = g_ptr_array_new_with_free_func (g_free);
  fixture->referral_ids = g_ptr_array_new_with_free_func (g_free);
  fixture->states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  fixture->referrals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) g_ptr_array_unref);
  admin_fixture_populate (&fixture->admin, fixture->agency_ids);
  for (guint i = 0; i < G_N_ELEMENTS (subjects); i++)
    new_valid_case (fixture, subjects[i]);

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) g_rand_int_range (fixture->rand, 0, 256);
  fixture->small_file = g_build_filename (fixture->admin.dir, "scan.pdf", NULL);
  g_assert_true (g_file_set_contents (fixture->small_file, (const char *) bytes, sizeof bytes, NULL));
}

static void
fuzz_tear_down (FuzzFixture   *fixture,
                gconstpointer  data)
{
  g_test_message ("%u runs of peygir-admin, %u failed", fixture->runs, fixture->failures);
  g_clear_pointer (&fixture->rand, g_rand_free);
  g_clear_pointer (&fixture->case_ids, g_ptr_array_unref);
  g_clear_pointer (&fixture->tracking_codes, g_ptr_array_unref);
  g_clear_pointer (&fixture->referral_ids, g_ptr_array_unref);
  g_clear_pointer (&fixture->states, g_hash_table_unref);
  g_clear_pointer (&fixture->referrals, g_hash_table_unref);
  g_clear_pointer (&fixture->small_file, g_free);
  admin_fixture_tear_down (&fixture->admin, data);
}

static void
test_case_new (FuzzFixture   *fixture,
               gconstpointer  data)
{
  guint accepted = 0;

  for (guint i = 0; i < input_count; i++)
    {
      g_autoptr(GString) json = case_json (fixture);
      g_autoptr(GBytes) input = g_bytes_new (json->str, json->len);
      g_autofree char *out = NULL;
      const char *args[] = { "case", "new", "--as", "expert", "--json", "-", NULL };

      if (chance (fixture, 0.05))
        args[3] = PICK (fixture, logins);
      if (run_checked (fixture, input, args, &out) == 0)
        {
          g_autoptr(JsonNode) created = admin_parse_json (out);

          g_ptr_array_add (fixture->case_ids, g_strdup_printf ("%" G_GINT64_FORMAT,
                                                               admin_member_int (created, "id")));
          accepted++;
        }
      if ((i + 1) % BATCH == 0)
        check_database (fixture);
    }
  check_database (fixture);
  g_test_message ("%u of %u cases accepted", accepted, input_count);
}

/* Words without control characters, as a person would write a note. */
static char *
clean_text (FuzzFixture *fixture)
{
  static const char *const words[] = {
    "پیگیری", "شد", "پاسخ", "اداره", "می‌شود", "كارشناس", "ي", "۱۴۰۵/۰۹/۰۳", "1405/12",
    "علی", "«نقل»", "(", ")", "NEAR(", "*", "\"", "\u2067", "\xe2\x80\x8f", "\xe2\x80\xae",
  };
  GString *text = g_string_new (PICK (fixture, words));

  for (guint i = pick (fixture, 8); i > 0; i--)
    {
      g_string_append_c (text, ' ');
      g_string_append (text, PICK (fixture, words));
    }
  return g_string_free (text, FALSE);
}

/* The case's state and referral ids from a case printed as JSON, for the
 * next actions on it. */
static void
collect_case (FuzzFixture *fixture,
              const char  *out)
{
  g_autoptr(JsonNode) kase = admin_parse_json (out);
  g_autofree char *case_id = NULL;
  GPtrArray *ids;
  JsonNode *referrals;
  JsonArray *array;

  if (!JSON_NODE_HOLDS_OBJECT (kase))
    return;
  case_id = g_strdup_printf ("%" G_GINT64_FORMAT, admin_member_int (kase, "id"));
  ids = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_replace (fixture->states, g_strdup (case_id),
                        g_strdup (admin_member_string (kase, "state")));
  g_hash_table_replace (fixture->referrals, g_strdup (case_id), ids);
  referrals = json_object_get_member (json_node_get_object (kase), "referrals");
  if (referrals == NULL || !JSON_NODE_HOLDS_ARRAY (referrals))
    return;
  array = json_node_get_array (referrals);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *referral = json_array_get_element (array, i);
      char *id = g_strdup_printf ("%" G_GINT64_FORMAT, admin_member_int (referral, "id"));

      g_ptr_array_add (ids, id);
      if (!g_ptr_array_find_with_equal_func (fixture->referral_ids, id, g_str_equal, NULL))
        g_ptr_array_add (fixture->referral_ids, g_strdup (id));
    }
}

static const char *
random_referral_id (FuzzFixture *fixture,
                    const char  *case_id)
{
  GPtrArray *own = g_hash_table_lookup (fixture->referrals, case_id);

  /* the latest round's referrals are at the end */
  if (own != NULL && own->len > 0 && chance (fixture, 0.8))
    return g_ptr_array_index (own, own->len - 1 - pick (fixture, MIN (own->len, 2)));
  if (fixture->referral_ids->len > 0 && chance (fixture, 0.9))
    return g_ptr_array_index (fixture->referral_ids, pick (fixture, fixture->referral_ids->len));
  return PICK (fixture, numbers);
}

/* Moves the children's clock on, so that deadlines pass and follow-ups
 * become due. */
static void
advance_clock (FuzzFixture *fixture,
               int          days)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (fixture->admin.now, NULL);
  g_autoptr(GDateTime) later = g_date_time_add_days (now, days);

  g_free (fixture->admin.now);
  fixture->admin.now = g_date_time_format_iso8601 (later);
}

/* An action that the case's state allows, most of the time. */
static guint
pick_action (FuzzFixture *fixture,
             const char  *case_id)
{
  static const char *const next[][2] = {
    { "received", "review" }, { "in_review", "register" }, { "in_review", "reject" },
    { "in_review", "await_documents" }, { "in_review", "link" }, { "in_review", "contact" },
    { "registered", "refer" }, { "with_manager", "approve" }, { "with_manager", "return" },
    { "with_manager", "reject" }, { "referred", "dispatch" }, { "referred", "follow_up" },
    { "referred", "approve_reminder" }, { "referred", "answer" }, { "answered", "notify" },
    { "rejected", "notify" }, { "closed", "reopen" }, { "awaiting_documents", "documents_received" },
  };
  const char *state = g_hash_table_lookup (fixture->states, case_id);
  const char *candidates[G_N_ELEMENTS (next)];
  guint n = 0;

  for (guint i = 0; state != NULL && i < G_N_ELEMENTS (next); i++)
    if (g_str_equal (next[i][0], state))
      candidates[n++] = next[i][1];
  if (n > 0 && chance (fixture, 0.85))
    {
      const char *action = candidates[pick (fixture, n)];

      for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
        if (g_str_equal (actions[i][0], action))
          return i;
    }
  return pick (fixture, G_N_ELEMENTS (actions));
}

static char *
repeat (const char *unit,
        gsize       times)
{
  GString *text = g_string_sized_new (strlen (unit) * times);

  for (gsize i = 0; i < times; i++)
    g_string_append (text, unit);
  return g_string_free (text, FALSE);
}

/* A valid case with @subject_json (a JSON value) as its subject. */
static GBytes *
case_with_subject (FuzzFixture *fixture,
                   const char  *subject_json)
{
  g_autofree char *valid = admin_complaint_json (fixture->agency_ids[0], "SUBJECT");
  g_autoptr(GString) json = g_string_new (valid);

  g_assert_cmpint (g_string_replace (json, "\"SUBJECT\"", subject_json, 1), ==, 1);
  return g_bytes_new (json->str, json->len);
}

/* The inputs known to have broken parsers, each once, whatever the seed:
 * nesting deeper than a recursive parser's stack, NUL escapes, numbers and
 * strings beyond every limit. */
static void
test_case_new_edges (FuzzFixture   *fixture,
                     gconstpointer  data)
{
  const char *args[] = { "case", "new", "--as", "expert", "--json", "-", NULL };
  g_autofree char *arrays = repeat ("[", 100000);
  g_autofree char *closed = NULL;
  g_autofree char *objects = repeat ("{\"a\":", 100000);
  g_autofree char *long_subject = NULL;
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GBytes) nul = NULL;
  g_autofree char *out = NULL;
  g_autofree char *b = repeat ("ب", 500000);
  int status;

  closed = g_strconcat (arrays, repeat ("]", 100000), NULL);
  long_subject = g_strdup_printf ("\"%s\"", b);

  g_ptr_array_add (inputs, g_bytes_new_static ("", 0));
  g_ptr_array_add (inputs, g_bytes_new_static ("{}", 2));
  g_ptr_array_add (inputs, g_bytes_new_static ("null", 4));
  g_ptr_array_add (inputs, g_bytes_new (arrays, strlen (arrays)));
  g_ptr_array_add (inputs, g_bytes_new (closed, strlen (closed)));
  g_ptr_array_add (inputs, g_bytes_new (objects, strlen (objects)));
  g_ptr_array_add (inputs, case_with_subject (fixture, arrays));
  g_ptr_array_add (inputs, case_with_subject (fixture, closed));
  g_ptr_array_add (inputs, case_with_subject (fixture, "\"\\u0000\""));
  g_ptr_array_add (inputs, case_with_subject (fixture, "\"\\ud800\""));
  g_ptr_array_add (inputs, case_with_subject (fixture, "1e309"));
  g_ptr_array_add (inputs, case_with_subject (fixture, long_subject));
  for (guint i = 0; i < inputs->len; i++)
    run_checked (fixture, g_ptr_array_index (inputs, i), args, NULL);

  /* A NUL inside a string is refused, or kept: never cut off silently. */
  nul = case_with_subject (fixture, "\"a\\u0000b\"");
  status = run_checked (fixture, nul, args, &out);
  if (status == 0)
    {
      g_autoptr(JsonNode) created = admin_parse_json (out);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, admin_member_int (created, "id"));
      g_autoptr(JsonNode) kase = admin_json (&fixture->admin, "case", "show", id, "--json", NULL);
      const char *subject = admin_member_string (kase, "subject");

      if (strchr (subject, 'b') == NULL)
        g_test_fail_printf ("the subject \"a\\u0000b\" was stored as \"%s\"", subject);
    }
  check_database (fixture);
}

static void
test_case_act (FuzzFixture   *fixture,
               gconstpointer  data)
{
  guint done = 0;

  for (guint i = 0; i < input_count; i++)
    {
      g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_autofree char *out = NULL;
      const char *case_id = g_ptr_array_index (fixture->case_ids, pick (fixture, fixture->case_ids->len));
      guint which = pick_action (fixture, case_id);
      const char *action = actions[which][0];
      /* half the inputs are what a careful script sends, so that cases move
       * along the workflow and the later steps get their share of noise */
      gboolean clean = chance (fixture, 0.5);
      gboolean json = clean || chance (fixture, 0.5);

#define KEEP(text) (g_ptr_array_add (keep, (text)), (const char *) g_ptr_array_index (keep, keep->len - 1))
#define ADD_OPTION(name, value) G_STMT_START { \
  g_ptr_array_add (args, (gpointer) (name)); \
  g_ptr_array_add (args, (gpointer) (value)); \
} G_STMT_END

      g_ptr_array_add (args, "case");
      g_ptr_array_add (args, "act");
      if (clean)
        {
          g_ptr_array_add (args, (gpointer) case_id);
          g_ptr_array_add (args, (gpointer) action);
          ADD_OPTION ("--as", actions[which][1]);
          ADD_OPTION ("--note", KEEP (clean_text (fixture)));
          if (g_str_equal (action, "refer"))
            for (guint n = 1 + pick (fixture, 2); n > 0; n--)
              ADD_OPTION ("--agency", KEEP (g_strdup_printf ("%" G_GINT64_FORMAT, fixture->agency_ids[pick (fixture, 2)])));
          if (g_str_equal (action, "dispatch") || g_str_equal (action, "answer")
              || g_str_equal (action, "follow_up") || g_str_equal (action, "approve_reminder"))
            ADD_OPTION ("--referral", random_referral_id (fixture, case_id));
          if (g_str_equal (action, "follow_up") || g_str_equal (action, "notify")
              || g_str_equal (action, "contact"))
            ADD_OPTION ("--channel", PICK (fixture, channels));
          if (g_str_equal (action, "link"))
            ADD_OPTION ("--linked-case", g_ptr_array_index (fixture->case_ids, pick (fixture, fixture->case_ids->len)));
          if (g_str_equal (action, "answer"))
            {
              ADD_OPTION ("--letter-number", KEEP (g_strdup_printf ("%u/د/%u", 1405, pick (fixture, 9999))));
              ADD_OPTION ("--letter-date", "1405/09/01");
              if (chance (fixture, 0.2))
                ADD_OPTION ("--attach", fixture->small_file);
            }
        }
      else
        {
          g_ptr_array_add (args, (gpointer) random_case_id (fixture, keep));
          g_ptr_array_add (args, (gpointer) (chance (fixture, 0.95) ? action : KEEP (random_text (fixture))));
          if (chance (fixture, 0.97))
            ADD_OPTION ("--as", (chance (fixture, 0.7) ? actions[which][1]
                                 : chance (fixture, 0.8) ? PICK (fixture, logins)
                                                         : KEEP (random_text (fixture))));
          if (chance (fixture, 0.8))
            ADD_OPTION ("--note", KEEP (random_text (fixture)));
          for (guint n = pick (fixture, 3); n > 0; n--)
            ADD_OPTION ("--agency", (chance (fixture, 0.7)
                                     ? KEEP (g_strdup_printf ("%" G_GINT64_FORMAT, fixture->agency_ids[pick (fixture, 2)]))
                                     : PICK (fixture, numbers)));
          if (chance (fixture, 0.4))
            ADD_OPTION ("--referral", random_referral_id (fixture, case_id));
          if (chance (fixture, 0.5))
            ADD_OPTION ("--channel", (chance (fixture, 0.9) ? PICK (fixture, channels) : KEEP (random_text (fixture))));
          if (chance (fixture, 0.1))
            ADD_OPTION ("--linked-case", random_case_id (fixture, keep));
          if (chance (fixture, 0.1))
            ADD_OPTION ("--expect-version", PICK (fixture, numbers));
          if (g_str_equal (action, "answer") || chance (fixture, 0.05))
            {
              const char *files[] = { fixture->small_file, fixture->admin.dir, "/nonexistent/scan.pdf", "" };

              if (chance (fixture, 0.7))
                ADD_OPTION ("--letter-number", KEEP (random_text (fixture)));
              if (chance (fixture, 0.7))
                ADD_OPTION ("--letter-date", PICK (fixture, dates));
              if (chance (fixture, 0.2))
                ADD_OPTION ("--attach", PICK (fixture, files));
            }
          if (chance (fixture, 0.05))
            g_ptr_array_add (args, (gpointer) KEEP (random_text (fixture)));
        }
      if (json)
        g_ptr_array_add (args, "--json");
      g_ptr_array_add (args, NULL);

#undef ADD_OPTION
#undef KEEP

      if (run_checked (fixture, NULL, (const char * const *) args->pdata, &out) == 0)
        {
          done++;
          if (json)
            {
              assert_json (out);
              collect_case (fixture, out);
            }
        }
      if ((i + 1) % BATCH == 0)
        {
          check_database (fixture);
          /* new cases to act on, so that the early steps keep coming, and
           * time for deadlines to pass */
          new_valid_case (fixture, "پرونده‌ای دیگر");
          advance_clock (fixture, 3);
        }
    }
  check_database (fixture);
  g_test_message ("%u of %u actions done, %u referrals made", done, input_count,
                  fixture->referral_ids->len);
}

static void
test_search (FuzzFixture   *fixture,
             gconstpointer  data)
{
  guint found = 0;

  for (guint i = 0; i < input_count; i++)
    {
      g_autoptr(GString) query = g_string_new (NULL);
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_autofree char *out = NULL;
      gboolean json = chance (fixture, 0.5);

      if (chance (fixture, 0.1))
        g_string_append_c (query, '-');
      for (guint n = 1 + pick (fixture, 5); n > 0; n--)
        {
          if (chance (fixture, 0.1) && fixture->tracking_codes->len > 0)
            g_string_append (query, g_ptr_array_index (fixture->tracking_codes,
                                                       pick (fixture, fixture->tracking_codes->len)));
          else if (chance (fixture, 0.85))
            g_string_append (query, PICK (fixture, query_tokens));
          else
            append_noise (fixture, query, FALSE);
          switch (pick (fixture, 4))
            {
            case 0: break;
            case 1: g_string_append (query, "\xe2\x80\x8c"); break;
            default: g_string_append_c (query, ' '); break;
            }
        }
      if (chance (fixture, 0.15))
        mutate (fixture, query, FALSE);
      g_string_truncate (query, MIN (strlen (query->str), MAX_ARGUMENT));

      g_ptr_array_add (args, "search");
      if (chance (fixture, 0.1))
        g_ptr_array_add (args, "--");
      g_ptr_array_add (args, query->str);
      if (chance (fixture, 0.2))
        {
          g_ptr_array_add (args, "--limit");
          g_ptr_array_add (args, (gpointer) PICK (fixture, numbers));
        }
      if (json)
        g_ptr_array_add (args, "--json");
      g_ptr_array_add (args, NULL);

      if (run_checked (fixture, NULL, (const char * const *) args->pdata, &out) == 0)
        {
          found++;
          if (json)
            assert_json (out);
        }
      if ((i + 1) % BATCH == 0)
        check_database (fixture);
    }
  check_database (fixture);
  g_test_message ("%u of %u searches answered", found, input_count);
}

/* The other commands, with arguments drawn from the same pieces. */
static void
test_arguments (FuzzFixture   *fixture,
                gconstpointer  data)
{
  static const char *const commands[][2] = {
    { "case", "show" }, { "case", "list" }, { "case", "count" }, { "case", "earlier" },
    { "user", "list" }, { "user", "add" }, { "agency", "list" }, { "agency", "add" },
    { "holiday", "add" }, { "holiday", "list" }, { "holiday", "remove" }, { "holiday", "official" },
    { "setting", "get" }, { "setting", "set" },
    { "setting", "list" }, { "letter", "list" }, { "search", NULL }, { "case", NULL },
  };
  static const char *const options[] = {
    "--as", "--json", "--limit", "--state", "--agency", "--from", "--to", "--name", "--role",
    "--head-title", "--response-days", "--date", "--month", "--day", "--help", "-h", "--",
    "-", "--unknown", "--json=1", "--as=", "--limit=-1", "--state=open", "--overdue",
    "--national-id", "--mobile", "--kind", "--expert", "--number", "--reason",
  };
  static const char *const words[] = {
    "open", "received,closed", "closed,,", "expert", "manager,admin", "admin", "secretariat",
    "deadline_days", "response_days", "letterhead", "service_target_days", "referral_template",
  };
  guint ok = 0;

  for (guint i = 0; i < input_count; i++)
    {
      g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      guint which = pick (fixture, G_N_ELEMENTS (commands));

      g_ptr_array_add (args, (gpointer) commands[which][0]);
      if (commands[which][1] != NULL)
        g_ptr_array_add (args, (gpointer) commands[which][1]);
      for (guint n = pick (fixture, 6); n > 0; n--)
        {
          switch (pick (fixture, 6))
            {
            case 0:
            case 1:
              g_ptr_array_add (args, (gpointer) PICK (fixture, options));
              break;
            case 2:
              g_ptr_array_add (args, (gpointer) PICK (fixture, numbers));
              break;
            case 3:
              g_ptr_array_add (args, (gpointer) (chance (fixture, 0.5) ? PICK (fixture, words)
                                                                       : PICK (fixture, dates)));
              break;
            case 4:
              g_ptr_array_add (args, (gpointer) random_case_id (fixture, keep));
              break;
            default:
              g_ptr_array_add (keep, random_text (fixture));
              g_ptr_array_add (args, g_ptr_array_index (keep, keep->len - 1));
              break;
            }
        }
      if (chance (fixture, 0.5))
        {
          g_ptr_array_add (args, "--as");
          g_ptr_array_add (args, (gpointer) PICK (fixture, logins));
        }
      g_ptr_array_add (args, NULL);

      if (run_checked (fixture, NULL, (const char * const *) args->pdata, NULL) == 0)
        ok++;
      if ((i + 1) % BATCH == 0)
        check_database (fixture);
    }
  check_database (fixture);
  g_test_message ("%u of %u commands succeeded", ok, input_count);
}

static guint64
env_number (const char *name,
            guint64     fallback,
            guint64     max)
{
  const char *text = g_getenv (name);
  guint64 value;

  if (text == NULL || *text == '\0')
    return fallback;
  if (!g_ascii_string_to_unsigned (text, 10, 0, max, &value, NULL))
    g_error ("%s=%s is not a number up to %" G_GUINT64_FORMAT, name, text, max);
  return value;
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  base_seed = (guint32) env_number ("PEYGIR_FUZZ_SEED", DEFAULT_SEED, G_MAXUINT32);
  input_count = (guint) env_number ("PEYGIR_FUZZ_COUNT", DEFAULT_COUNT, 10000000);
  verbose = g_getenv ("PEYGIR_FUZZ_VERBOSE") != NULL;
  g_test_message ("PEYGIR_FUZZ_SEED=%u PEYGIR_FUZZ_COUNT=%u", base_seed, input_count);

  /* A critical in peygir-admin is a defect the input found: let it end the
   * child with a signal, which the harness reports. */
  g_setenv ("G_DEBUG", "gc-friendly,fatal-criticals", TRUE);

#define ADD(path, func) \
  g_test_add (path, FuzzFixture, NULL, fuzz_set_up, func, fuzz_tear_down)

  /* GTest stops at the first failing test: the known hard inputs come
   * last, so that a failure there hides none of the random runs. */
  ADD ("/fuzz/case-act", test_case_act);
  ADD ("/fuzz/search", test_search);
  ADD ("/fuzz/arguments", test_arguments);
  ADD ("/fuzz/case-new", test_case_new);
  ADD ("/fuzz/known/case-new", test_case_new_edges);

#undef ADD

  return g_test_run ();
}
