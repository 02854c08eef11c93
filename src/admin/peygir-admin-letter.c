/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-admin"

#include <inttypes.h>
#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "peygir-admin-letter.h"
#include "peygir-admin-private.h"
#include "peygir-date.h"
#include "peygir-letter-batch.h"
#include "peygir-letter-builder.h"
#include "peygir-text.h"

#define BATCH_PAGE 50

/* Writes @built to @path and appends the line that tells it to @out. */
static gboolean
write_letter (const PeygirBuiltLetter  *built,
              const char               *path,
              GString                  *out,
              GError                  **error)
{
  if (!g_file_set_contents (path, g_bytes_get_data (built->pdf, NULL), g_bytes_get_size (built->pdf), error))
    return FALSE;
  /* The file written, then what it is: scripts read the first column. */
  g_string_append_printf (out, "%s\t%s\t%s\n", path,
                          built->number != NULL ? built->number : "-",
                          built->draft ? "draft" : built->number != NULL ? "issued" : "receipt");
  return TRUE;
}

/* The referrals a letter to an agency is written for: the current
 * round's, not withdrawn. An empty array for the other kinds, whose one
 * letter is about the whole case. */
static GArray *
letter_referrals (const PeygirCase *kase,
                  PeygirLetterKind  kind)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (kind != PEYGIR_LETTER_REFERRAL && kind != PEYGIR_LETTER_REMINDER)
    return ids;
  for (guint i = 0; kase->referrals != NULL && i < kase->referrals->len; i++)
    {
      const PeygirReferral *referral = g_ptr_array_index (kase->referrals, i);

      if (referral->round == kase->round && referral->state != PEYGIR_REFERRAL_WITHDRAWN
          && (kind == PEYGIR_LETTER_REFERRAL || referral->letter_number != NULL))
        g_array_append_val (ids, referral->id);
    }
  return ids;
}

/* Every letter of @kind for case @case_id into @dir, one file per letter;
 * a case referred to several agencies gives one per agency. */
static gboolean
write_case_letters (PeygirStore       *store,
                    gint64             case_id,
                    PeygirLetterKind   kind,
                    const char        *dir,
                    GString           *out,
                    GError           **error)
{
  g_autoptr(PeygirCase) kase = peygir_store_get_case (store, case_id, PEYGIR_CASE_DETAIL_REFERRALS, error);
  g_autoptr(GArray) referrals = NULL;
  guint n;

  if (kase == NULL)
    return FALSE;
  referrals = letter_referrals (kase, kind);
  n = MAX (referrals->len, 1);
  for (guint i = 0; i < n; i++)
    {
      gint64 referral_id = referrals->len > 0 ? g_array_index (referrals, gint64, i) : 0;
      g_autoptr(PeygirBuiltLetter) built = peygir_letter_build (store, case_id, kind, referral_id, error);
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;

      if (built == NULL)
        return FALSE;
      name = peygir_built_letter_file_name (built, referrals->len > 1);
      path = g_build_filename (dir, name, NULL);
      if (!write_letter (built, path, out, error))
        return FALSE;
    }
  return TRUE;
}

/* A folder's letters, case by case on every processor (the store
 * serialises its reads; the letters render side by side); what each case
 * came to is kept apart, to be told in the cases' order. */
typedef struct
{
  PeygirStore       *store;
  GArray            *ids;
  PeygirLetterKind   kind;
  const char        *dir;
  GString          **outs;      /* per case: the lines of the files written */
  GError           **errors;    /* per case: why it stopped, or NULL */
} FolderBatch;

static void
write_case_letters_cb (guint    index,
                       gpointer data)
{
  FolderBatch *batch = data;

  batch->outs[index] = g_string_new (NULL);
  write_case_letters (batch->store, g_array_index (batch->ids, gint64, index), batch->kind,
                      batch->dir, batch->outs[index], &batch->errors[index]);
}

/* The cases in @state, in pages, each read and let go. */
static GArray *
list_case_ids (PeygirStore  *store,
               PeygirState   state,
               GError      **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) cases = NULL;
  PeygirCaseQuery query = { 0, };

  query.states = PEYGIR_STATE_BIT (state);
  query.sort = PEYGIR_CASE_SORT_RECEIVED;
  cases = peygir_admin_collect_cases (store, &query, BATCH_PAGE, 0, error);
  if (cases == NULL)
    return NULL;
  for (guint i = 0; i < cases->len; i++)
    g_array_append_val (ids, ((const PeygirCase *) g_ptr_array_index (cases, i))->id);
  return g_steal_pointer (&ids);
}

static gboolean
parse_letter_kind (const char        *kind_text,
                   PeygirLetterKind  *kind,
                   GError           **error)
{
  if (kind_text == NULL)
    return peygir_admin_usage_error (error, _("Say which letter with --kind: referral, reminder, receipt or answer."));
  if (!peygir_letter_kind_from_string (kind_text, kind))
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                   _("Unknown letter “%s”: say referral, reminder, receipt or answer."), kind_text);
      return FALSE;
    }
  return TRUE;
}

/* Which cases, and where their letters go: case ids or --batch --state,
 * with --referral for one case only. */
static gboolean
check_letter_targets (const char  *output,
                      gboolean     batch,
                      guint        n_args,
                      const char  *state_text,
                      const char  *referral_text,
                      GError     **error)
{
  if (output == NULL)
    return peygir_admin_usage_error (error, _("Say where the letter goes with -o."));
  if (batch && (n_args > 0 || state_text == NULL))
    return peygir_admin_usage_error (error, _("--batch takes no case ids, and needs --state."));
  if (!batch && n_args == 0)
    return peygir_admin_usage_error (error, _("Name a case, or use --batch --state STATE."));
  if (!batch && state_text != NULL)
    return peygir_admin_usage_error (error, _("--state goes with --batch."));
  if (referral_text != NULL && (batch || n_args != 1))
    return peygir_admin_usage_error (error, _("--referral goes with one case."));
  return TRUE;
}

static gboolean
parse_case_ids (char    **args,
                GArray   *ids,
                GError  **error)
{
  for (guint i = 0; args[i] != NULL; i++)
    {
      gint64 id;

      if (!peygir_admin_parse_number (args[i], _("A case id"), 1, G_MAXINT64, &id, error))
        return FALSE;
      g_array_append_val (ids, id);
    }
  return TRUE;
}

/* The letters of every case in @ids into the folder @dir. One case's
 * refusal does not stop the others: every refusal is told, and the first
 * one decides the exit status. */
static gboolean
write_letters_to_folder (PeygirStore       *store,
                         GArray            *ids,
                         PeygirLetterKind   kind,
                         const char        *dir,
                         GError           **error)
{
  g_autoptr(GError) first_error = NULL;
  FolderBatch batch = { store, ids, kind, dir, NULL, NULL };

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot create the folder %s: %s."), dir, g_strerror (saved_errno));
      return FALSE;
    }

  batch.outs = g_new0 (GString *, MAX (ids->len, 1));
  batch.errors = g_new0 (GError *, MAX (ids->len, 1));
  peygir_letter_batch_run (ids->len, write_case_letters_cb, &batch);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GError) local_error = g_steal_pointer (&batch.errors[i]);
      g_autoptr(GString) out = g_steal_pointer (&batch.outs[i]);
      gint64 case_id = g_array_index (ids, gint64, i);

      peygir_admin_print_out ("%s", out->str);
      if (local_error == NULL)
        continue;
      if (first_error == NULL)
        {
          first_error = g_error_new (local_error->domain, local_error->code,
                                     _("Not every letter could be written: case %" PRId64 ": %s"),
                                     case_id, local_error->message);
        }
      else
        {
          g_autofree char *earlier = g_steal_pointer (&first_error->message);

          first_error->message = g_strdup_printf (_("%s\ncase %" PRId64 ": %s"),
                                                  earlier, case_id, local_error->message);
        }
    }
  g_free (batch.outs);
  g_free (batch.errors);
  if (first_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&first_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
peygir_admin_letter (const char  *command,
                     char       **db_path,
                     char       **argv,
                     GError     **error)
{
  static const CommandUsage usage = {
    N_("ID… --kind referral|reminder|receipt|answer [--referral N] -o FILE.pdf|DIR, "
       "or --batch --kind KIND --state STATE -o DIR"),
    N_("Write a case’s letter as PDF. An issued letter is the copy kept when it was sent; "
       "one not yet issued is a draft. With several cases, or --batch for every case in a "
       "state, one PDF per letter goes into DIR, named by the tracking code."),
    0, G_MAXUINT,
    COMMAND_OPENS, NULL
  };
  g_auto(CommandCall) call = COMMAND_CALL_INIT (command, db_path);
  g_autofree char *kind_text = NULL;
  g_autofree char *referral_text = NULL;
  g_autofree char *output = NULL;
  g_autofree char *state_text = NULL;
  gboolean batch = FALSE;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_FILENAME, &kind_text, N_("The letter: referral, reminder, receipt or answer"), N_("KIND") },
    { "referral", 0, 0, G_OPTION_ARG_FILENAME, &referral_text, N_("The referral of a letter to an agency"), N_("N") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The PDF file, or the folder for several"), N_("PATH") },
    { "batch", 0, 0, G_OPTION_ARG_NONE, &batch, N_("Every case in the state given by --state"), NULL },
    { "state", 0, 0, G_OPTION_ARG_FILENAME, &state_text, N_("The cases’ state, with --batch"), N_("STATE") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  PeygirLetterKind kind;
  PeygirState state = PEYGIR_STATE_RECEIVED;
  gint64 referral_id = 0;

  if (!peygir_admin_call_parse (&call, &usage, entries, argv, error))
    return FALSE;
  if (!parse_letter_kind (kind_text, &kind, error)
      || !check_letter_targets (output, batch, g_strv_length (call.args), state_text, referral_text, error))
    return FALSE;
  if (state_text != NULL && !peygir_state_from_string (state_text, &state))
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                   _("Unknown state “%s”."), state_text);
      return FALSE;
    }
  if (referral_text != NULL
      && !peygir_admin_parse_number (referral_text, _("A referral id"), 1, G_MAXINT64, &referral_id, error))
    return FALSE;
  if (!parse_case_ids (call.args, ids, error))
    return FALSE;

  if (!peygir_admin_call_open (&call, &usage, error))
    return FALSE;

  if (!batch && ids->len == 1)
    {
      g_autoptr(PeygirBuiltLetter) built = peygir_letter_build (call.store, g_array_index (ids, gint64, 0),
                                                                kind, referral_id, error);

      g_autoptr(GString) out = g_string_new (NULL);

      if (built == NULL || !write_letter (built, output, out, error))
        return FALSE;
      peygir_admin_print_out ("%s", out->str);
      return TRUE;
    }
  if (batch)
    {
      g_clear_pointer (&ids, g_array_unref);
      ids = list_case_ids (call.store, state, error);
      if (ids == NULL)
        return FALSE;
    }
  return write_letters_to_folder (call.store, ids, kind, output, error);
}

#define REGISTER_PAGE 200

gboolean
peygir_admin_letter_list (const char  *command,
                          char       **db_path,
                          char       **argv,
                          GError     **error)
{
  static const CommandUsage usage = {
    N_("[--from DATE] [--to DATE] [--agency ID] [--search TEXT] [--outgoing|--incoming] [--json]"),
    N_("The register (اندیکاتور): the letters the office sent, void numbers included, and the "
       "agencies’ answers, the newest first; dates are Persian."),
    0, 0,
    COMMAND_OPENS, N_("Print JSON")
  };
  g_auto(CommandCall) call = COMMAND_CALL_INIT (command, db_path);
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *agency_text = NULL;
  g_autofree char *search = NULL;
  gboolean outgoing = FALSE;
  gboolean incoming = FALSE;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from_text, N_("From this day"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to_text, N_("To this day, inclusive"), N_("DATE") },
    { "agency", 0, 0, G_OPTION_ARG_FILENAME, &agency_text, N_("Only letters to and from this agency"), N_("ID") },
    { "search", 0, 0, G_OPTION_ARG_FILENAME, &search, N_("In the number, agency, subject or tracking code"), N_("TEXT") },
    { "outgoing", 0, 0, G_OPTION_ARG_NONE, &outgoing, N_("Only the office’s letters"), NULL },
    { "incoming", 0, 0, G_OPTION_ARG_NONE, &incoming, N_("Only the agencies’ answers"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) peygir_register_entry_free);
  PeygirRegisterQuery query = { 0, };

  if (!peygir_admin_call_parse (&call, &usage, entries, argv, error))
    return FALSE;
  if (!peygir_admin_check_utf8 (search, error))
    return FALSE;
  if (outgoing && incoming)
    return peygir_admin_usage_error (error, _("--outgoing and --incoming: say one, or neither for both."));
  if (from_text != NULL && !peygir_day_parse (from_text, &query.from, error))
    return FALSE;
  if (to_text != NULL && !peygir_day_parse (to_text, &query.to, error))
    return FALSE;
  if (agency_text != NULL
      && !peygir_admin_parse_number (agency_text, _("An agency id"), 1, G_MAXINT64, &query.agency_id, error))
    return FALSE;
  query.text = search;
  query.directions = outgoing ? PEYGIR_REGISTER_OUTGOING : incoming ? PEYGIR_REGISTER_INCOMING : PEYGIR_REGISTER_BOTH;
  query.limit = REGISTER_PAGE;

  if (!peygir_admin_call_open (&call, &usage, error))
    return FALSE;

  /* a page at a time, each read and let go, so that the desks can write */
  for (;;)
    {
      g_autoptr(GPtrArray) page = peygir_store_list_register (call.store, &query, error);
      const PeygirRegisterEntry *last;

      if (page == NULL)
        return FALSE;
      for (guint i = 0; i < page->len; i++)
        {
          PeygirRegisterEntry *entry = g_ptr_array_index (page, i);

          if (call.json)
            {
              g_ptr_array_add (all, g_steal_pointer (&g_ptr_array_index (page, i)));
              continue;
            }
          {
            g_autofree char *day = peygir_admin_human_day (entry->day);

            peygir_admin_print_out ("%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
                                    peygir_admin_or_dash (entry->number), day,
                                    peygir_admin_register_entry_direction (entry),
                                    peygir_letter_kind_to_string (entry->kind),
                                    peygir_admin_register_entry_state (entry),
                                    peygir_admin_or_dash (entry->registration_number),
                                    peygir_admin_or_dash (entry->party),
                                    peygir_admin_or_dash (entry->subject));
          }
        }
      if (page->len < query.limit)
        break;
      last = g_ptr_array_index (page, page->len - 1);
      query.has_cursor = TRUE;
      query.after_at = last->at;
      query.after_incoming = last->incoming;
      query.after_id = last->id;
    }
  if (call.json)
    peygir_admin_print_json_array (all, (PeygirAdminToJson) peygir_admin_register_entry_to_json);
  return TRUE;
}

gboolean
peygir_admin_letter_void (const char  *command,
                          char       **db_path,
                          char       **argv,
                          GError     **error)
{
  static const CommandUsage usage = {
    N_("NUMBER --reason TEXT [--as LOGIN]"),
    N_("Void a letter number issued by mistake (the secretariat). It stays in the register as "
       "void and is never given again; what it sent waits to be sent under a new number."),
    1, 1,
    COMMAND_ACTS, NULL
  };
  g_auto(CommandCall) call = COMMAND_CALL_INIT (command, db_path);
  g_autofree char *reason = NULL;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_FILENAME, &reason, N_("Why it is void"), N_("TEXT") },
    G_OPTION_ENTRY_NULL
  };
  g_autofree char *number = NULL;

  if (!peygir_admin_call_parse (&call, &usage, entries, argv, error))
    return FALSE;
  if (!peygir_admin_check_utf8 (call.args[0], error) || !peygir_admin_check_utf8 (reason, error))
    return FALSE;
  /* typed in Persian digits, kept in ASCII */
  number = peygir_text_digits_to_ascii (call.args[0]);

  if (!peygir_admin_call_open (&call, &usage, error))
    return FALSE;
  if (!peygir_store_void_letter (call.store, call.as_login, number, reason, error))
    return FALSE;
  peygir_admin_print_out ("%s\tvoid\n", number);
  return TRUE;
}
