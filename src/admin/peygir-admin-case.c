/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-admin"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "peygir-admin-private.h"
#include "peygir-date.h"
#include "peygir-document-file.h"
#include "peygir-error.h"
#include "peygir-store.h"
#include "peygir-text.h"
#include "peygir-workflow.h"

/* What case list and case count select by: the same options, read the
 * same way. */
typedef struct
{
  char     *state_text;
  gboolean  overdue;
  gboolean  paused;
  gboolean  mine;
  gboolean  unassigned;
  char     *expert_login;
  char     *agency_text;
  char     *kind_text;
  char     *channel_text;
  char     *from_text;
  char     *until_text;
} CaseFilter;

static gboolean
is_all_digits (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (; *text != '\0'; text++)
    {
      if (!g_ascii_isdigit (*text))
        return FALSE;
    }
  return TRUE;
}

/* A case as people name it: its id, its tracking code (nine digits that pass
 * the check) or its registration number (1405/12). */
static PeygirCase *
resolve_case (PeygirStore       *store,
              const char        *text,
              PeygirCaseDetail   detail,
              GError           **error)
{
  g_autofree char *ascii = peygir_text_digits_to_ascii (text);
  gint64 id;

  g_strstrip (ascii);
  if (is_all_digits (ascii) && !(strlen (ascii) == 9 && peygir_tracking_code_is_valid (ascii)))
    {
      if (!peygir_admin_parse_number (ascii, _("A case id"), 1, G_MAXINT64, &id, error))
        return NULL;
      return peygir_store_get_case (store, id, detail, error);
    }
  return peygir_store_find_case (store, ascii, detail, error);
}

static gboolean
resolve_case_id (PeygirStore  *store,
                 const char   *text,
                 gint64       *id,
                 GError      **error)
{
  g_autoptr(PeygirCase) kase = resolve_case (store, text, PEYGIR_CASE_DETAIL_NONE, error);

  if (kase == NULL)
    return FALSE;
  *id = kase->id;
  return TRUE;
}

static void
print_case (const PeygirCase *kase)
{
  g_autofree char *received = peygir_admin_human_day (kase->received_on);
  g_autofree char *service_due = peygir_admin_human_day (kase->service_due);

  peygir_admin_print_out (_("Case %" PRId64 "\n"), kase->id);
  peygir_admin_print_out (_("  Tracking code:  %s\n"), peygir_admin_or_dash (kase->tracking_code));
  peygir_admin_print_out (_("  Registration:   %s\n"), peygir_admin_or_dash (kase->registration_number));
  peygir_admin_print_out (_("  State:          %s (%s)%s\n"), peygir_state_to_string (kase->state),
                          peygir_state_label (kase->state), kase->paused_at != 0 ? _(", waiting for documents") : "");
  peygir_admin_print_out (_("  Version:        %d, round %d\n"), kase->version, kase->round);
  peygir_admin_print_out (_("  Kind:           %s, %s, by %s\n"), peygir_kind_to_string (kase->kind),
                          peygir_category_to_string (kase->category), peygir_channel_to_string (kase->channel));
  peygir_admin_print_out (_("  Applicant:      %s (%s) %s %s\n"), peygir_admin_or_dash (kase->applicant.name),
                          peygir_applicant_type_to_string (kase->applicant.type),
                          peygir_admin_or_dash (kase->applicant.national_id), peygir_admin_or_dash (kase->applicant.mobile));
  peygir_admin_print_out (_("  Subject:        %s\n"), peygir_admin_or_dash (kase->subject));
  peygir_admin_print_out (_("  Agency:         %s\n"), peygir_admin_or_dash (kase->agency_name));
  peygir_admin_print_out (_("  Expert:         %s\n"), peygir_admin_or_dash (kase->expert_name));
  peygir_admin_print_out (_("  Received on:    %s\n"), received);
  peygir_admin_print_out (_("  Service due:    %s%s\n"), service_due,
                          kase->service_overdue ? _(" (overdue)") : "");
  if (kase->samad_code != NULL)
    peygir_admin_print_out (_("  111 code:       %s\n"), kase->samad_code);
  if (kase->linked_case_id != 0)
    peygir_admin_print_out (_("  Linked to case: %" PRId64 "\n"), kase->linked_case_id);

  for (guint i = 0; kase->referrals != NULL && i < kase->referrals->len; i++)
    {
      const PeygirReferral *referral = g_ptr_array_index (kase->referrals, i);
      g_autofree char *due = peygir_admin_human_day (referral->due);

      peygir_admin_print_out (_("  Referral %" PRId64 " to %s: %s, due %s, letter %s%s\n"),
                              referral->id, peygir_admin_or_dash (referral->agency_name),
                              peygir_referral_state_to_string (referral->state), due,
                              peygir_admin_or_dash (referral->letter_number),
                              referral->overdue ? _(" — answer not sent on time") : "");
    }
}

static void
print_case_line (const PeygirCase *kase)
{
  g_autofree char *subject = NULL;

  subject = g_utf8_substring (peygir_admin_or_dash (kase->subject), 0,
                              MIN (g_utf8_strlen (peygir_admin_or_dash (kase->subject), -1), 40));
  peygir_admin_print_out ("%" G_GINT64_FORMAT "\t%s\t%s\t%s%s\t%s\t%s\n", kase->id,
                          peygir_admin_or_dash (kase->tracking_code), peygir_admin_or_dash (kase->registration_number),
                          peygir_state_to_string (kase->state), kase->overdue ? "*" : "",
                          peygir_admin_or_dash (kase->applicant.name), subject);
}

/* Cases in a list or a search come without their referrals; the JSON
 * promises them, so each is read again with its details. */
static gboolean
print_cases (PeygirStore  *store,
             GPtrArray    *cases,
             gboolean      json,
             GError      **error)
{
  g_autoptr(JsonArray) array = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (!json)
    {
      for (guint i = 0; i < cases->len; i++)
        print_case_line (g_ptr_array_index (cases, i));
      return TRUE;
    }

  array = json_array_new ();
  for (guint i = 0; i < cases->len; i++)
    {
      const PeygirCase *kase = g_ptr_array_index (cases, i);
      g_autoptr(PeygirCase) full = NULL;

      if (kase->referrals == NULL)
        {
          full = peygir_store_get_case (store, kase->id, PEYGIR_CASE_DETAIL_REFERRALS, error);
          if (full == NULL)
            return FALSE;
          kase = full;
        }
      json_array_add_element (array, peygir_admin_case_to_json (kase, NULL, NULL, NULL));
    }

  root = json_node_init_array (json_node_alloc (), array);
  peygir_admin_print_json (root);
  return TRUE;
}

#define MAX_INPUT_BYTES (8 * 1024 * 1024)

static GBytes *
read_input (const char  *path,
            GError     **error)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  FILE *file = stdin;
  guint8 chunk[65536];
  size_t n;

  if (!g_str_equal (path, "-"))
    {
      file = fopen (path, "rb");
      if (file == NULL)
        {
          int saved_errno = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       _("Cannot read %s: %s."), path, g_strerror (saved_errno));
          return NULL;
        }
    }

  while ((n = fread (chunk, 1, sizeof chunk, file)) > 0)
    {
      if (buffer->len + n > MAX_INPUT_BYTES)
        {
          if (file != stdin)
            fclose (file);
          g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_TOO_LONG,
                       _("The case is larger than %d MiB."), MAX_INPUT_BYTES / (1024 * 1024));
          return NULL;
        }
      g_byte_array_append (buffer, chunk, n);
    }
  if (ferror (file))
    {
      if (file != stdin)
        fclose (file);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, _("Cannot read %s."), path);
      return NULL;
    }
  if (file != stdin)
    fclose (file);

  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

gboolean
peygir_admin_case_new (const char  *command,
                       char       **db_path,
                       char       **argv,
                       GError     **error)
{
  static const CommandUsage usage = {
    N_("[--as LOGIN] --json FILE|-"), N_("Take in a new case described by a JSON object."), 0, 0,
    COMMAND_ACTS_LISTED_FIRST, NULL
  };
  g_auto(CommandCall) call = COMMAND_CALL_INIT (command, db_path);
  g_autofree char *json_path = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json_path, N_("The case as JSON (- for standard input)"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(PeygirCaseDraft) draft = NULL;
  g_autoptr(PeygirCase) kase = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) input = NULL;
  g_autofree char *text = NULL;
  gsize length;
  const char *data;

  if (!peygir_admin_call_parse (&call, &usage, entries, argv, error))
    return FALSE;
  if (json_path == NULL)
    return peygir_admin_usage_error (error, _("Give the case with --json FILE, or --json - to read it from standard input."));

  input = read_input (json_path, error);
  if (input == NULL)
    return FALSE;
  data = g_bytes_get_data (input, &length);
  draft = peygir_admin_draft_from_json (data != NULL ? data : "", length, error);
  if (draft == NULL)
    return FALSE;

  if (!peygir_admin_call_open (&call, &usage, error))
    return FALSE;
  kase = peygir_store_create_case (call.store, call.as_login, draft, error);
  if (kase == NULL)
    return FALSE;

  root = peygir_admin_case_created_to_json (kase);
  text = peygir_admin_json_to_string (root, FALSE);
  peygir_admin_write_out (text);
  return TRUE;
}

static void
print_event (const PeygirEvent *event)
{
  g_autofree char *at = peygir_time_format (event->at);
  g_autofree char *at_ascii = peygir_text_digits_to_ascii (at != NULL ? at : "");
  g_autofree char *when = peygir_text_sanitize (at_ascii, FALSE);
  g_autofree char *change = NULL;
  g_autofree char *who = NULL;

  if (event->to_state != NULL && g_strcmp0 (event->from_state, event->to_state) != 0)
    change = g_strdup_printf (" %s → %s", peygir_admin_or_dash (event->from_state), event->to_state);
  /* Translators: who acted, and the administrator who entered it for them */
  who = event->operator_name != NULL
    ? g_strdup_printf (_("%s (entered by %s)"), peygir_admin_or_dash (event->actor_name), event->operator_name)
    : g_strdup (peygir_admin_or_dash (event->actor_name));
  peygir_admin_print_out ("    %s  %s: %s%s%s%s\n", when, who,
                          event->action, change != NULL ? change : "",
                          event->note != NULL ? " — " : "", event->note != NULL ? event->note : "");
}

static gboolean
show_case (PeygirStore       *store,
           const PeygirCase  *kase,
           gboolean           json,
           gboolean           with_history,
           GError           **error)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (with_history)
    {
      events = peygir_store_list_events (store, kase->id, error);
      if (events == NULL)
        return FALSE;
      documents = peygir_store_list_documents (store, kase->id, error);
      if (documents == NULL)
        return FALSE;
      contacts = peygir_store_list_contacts (store, kase->id, error);
      if (contacts == NULL)
        return FALSE;
    }

  if (!json)
    {
      print_case (kase);
      if (events != NULL && events->len > 0)
        peygir_admin_print_out ("%s\n", _("  History:"));
      for (guint i = 0; events != NULL && i < events->len; i++)
        print_event (g_ptr_array_index (events, i));
      return TRUE;
    }

  node = peygir_admin_case_to_json (kase, events, documents, contacts);
  peygir_admin_print_json (node);
  return TRUE;
}

gboolean
peygir_admin_case_show (const char  *command,
                        char       **db_path,
                        char       **argv,
                        GError     **error)
{
  static const CommandUsage usage = {
    N_("ID|TRACKING_CODE|REGISTRATION_NUMBER [--json]"), N_("Show one case."), 1, 1,
    COMMAND_OPENS, N_("Print JSON, with the case’s history")
  };
  g_auto(CommandCall) call = COMMAND_CALL_INIT (command, db_path);
  g_autoptr(PeygirCase) kase = NULL;

  if (!peygir_admin_call_begin (&call, &usage, NULL, argv, error))
    return FALSE;
  kase = resolve_case (call.store, call.args[0], PEYGIR_CASE_DETAIL_REFERRALS, error);
  if (kase == NULL)
    return FALSE;
  return show_case (call.store, kase, call.json, TRUE, error);
}

static gboolean
parse_id_list (char        **texts,
               const char   *what,
               GArray       *ids,
               GError      **error)
{
  for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (texts[i], ",", -1);

      for (guint j = 0; parts[j] != NULL; j++)
        {
          gint64 id;

          if (!peygir_admin_parse_number (parts[j], what, 1, G_MAXINT64, &id, error))
            return FALSE;
          g_array_append_val (ids, id);
        }
    }
  return TRUE;
}

/* The file at @path, open to be attached: its name (@name, else the
 * file's) and its MIME type (@content_type, else guessed) checked before
 * the file is read, which the store then does as it keeps it. */
static PeygirDocumentFile *
open_document (const char  *path,
               const char  *name,
               const char  *content_type,
               GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PeygirDocumentFile) document = NULL;
  g_autofree char *mime_type = NULL;

  if (content_type != NULL && (mime_type = peygir_mime_type_normalize (content_type)) == NULL)
    {
      g_autofree char *shown = g_strescape (content_type, NULL);

      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                   _("“%s” is not a MIME type such as application/pdf."), shown);
      return NULL;
    }
  document = peygir_document_file_open (file, NULL, error);
  if (document == NULL)
    return NULL;
  if (name != NULL)
    {
      g_free (document->name);
      document->name = g_strdup (name);
    }
  if (mime_type != NULL)
    {
      g_free (document->content_type);
      document->content_type = g_steal_pointer (&mime_type);
    }
  return g_steal_pointer (&document);
}

/* The referral, the linked case and the expected version, each when given. */
static gboolean
parse_request_numbers (PeygirActionRequest  *request,
                       const char           *referral_text,
                       const char           *linked_text,
                       const char           *version_text,
                       GError              **error)
{
  if (referral_text != NULL
      && !peygir_admin_parse_number (referral_text, _("A referral id"), 1, G_MAXINT64, &request->referral_id, error))
    return FALSE;
  if (linked_text != NULL
      && !peygir_admin_parse_number (linked_text, _("A case id"), 1, G_MAXINT64, &request->linked_case_id, error))
    return FALSE;
  if (version_text != NULL
      && !peygir_admin_parse_int (version_text, _("The expected version"), 0, G_MAXINT, &request->expect_version, error))
    return FALSE;
  return TRUE;
}

/* The agency's letter an answer records: its number, its date and its
 * scan, which @document keeps open until the action is taken. */
static gboolean
read_agency_letter (PeygirActionRequest  *request,
                    const char           *letter_number,
                    const char           *letter_date,
                    const char           *attach,
                    PeygirDocumentFile  **document,
                    GError              **error)
{
  if ((letter_number != NULL || letter_date != NULL || attach != NULL) && request->action != PEYGIR_ACTION_ANSWER)
    return peygir_admin_usage_error (error, _("--letter-number, --letter-date and --attach go with answer."));
  if (letter_date != NULL && !peygir_day_parse (letter_date, &request->answer_date, error))
    return FALSE;
  if (attach != NULL)
    {
      *document = open_document (attach, NULL, NULL, error);
      if (*document == NULL)
        return FALSE;
      request->document_stream = (*document)->stream;
      request->document_size = (*document)->size;
      request->document_name = (*document)->name;
      request->document_type = (*document)->content_type;
    }
  request->answer_number = letter_number;
  return TRUE;
}

/* The user a filter or an assignment names: one who is not a user of the
 * office is a wrong argument, not a refusal of who runs the command. */
static PeygirUser *
find_named_user (PeygirStore  *store,
                 const char   *login,
                 GError      **error)
{
  PeygirUser *user = peygir_store_find_user (store, login, error);

  if (user == NULL && error != NULL && g_error_matches (*error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_UNKNOWN_USER))
    (*error)->code = PEYGIR_WORKFLOW_ERROR_ARGUMENT;
  return user;
}

gboolean
peygir_admin_case_act (const char  *command,
                       char       **db_path,
                       char       **argv,
                       GError     **error)
{
  static const CommandUsage usage = {
    N_("ID ACTION [--as LOGIN] [--note TEXT] [--agency ID]… [--referral ID] [--channel CHANNEL] "
       "[--linked-case ID] [--to LOGIN] [--letter-number NUMBER] [--letter-date DATE] [--attach FILE] "
       "[--expect-version N] [--json]"),
    N_("Take a workflow action on a case: review, register, reject, refer, approve, return, "
       "dispatch, follow_up, approve_reminder, answer, notify, reopen, await_documents, "
       "documents_received, link, contact, assign. A follow-up says its --channel: by mail it makes a "
       "reminder letter, which dispatch numbers and sends. Assign gives the case to the expert "
       "--to names: the manager assigns any open case, an expert takes an unassigned one."),
    2, 2,
    COMMAND_ACTS_LISTED_FIRST, N_("Print the case as JSON")
  };
  g_auto(CommandCall) call = COMMAND_CALL_INIT (command, db_path);
  g_autofree char *note = NULL;
  g_auto(GStrv) agency_texts = NULL;
  g_autofree char *referral_text = NULL;
  g_autofree char *channel_text = NULL;
  g_autofree char *linked_text = NULL;
  g_autofree char *version_text = NULL;
  g_autofree char *letter_number = NULL;
  g_autofree char *letter_date = NULL;
  g_autofree char *attach = NULL;
  g_autofree char *to_login = NULL;
  g_autoptr(PeygirDocumentFile) document = NULL;
  const GOptionEntry entries[] = {
    { "note", 0, 0, G_OPTION_ARG_FILENAME, &note, N_("Reason, comment, letter text or answer"), N_("TEXT") },
    { "agency", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &agency_texts, N_("An agency to refer to (repeatable)"), N_("ID") },
    { "referral", 0, 0, G_OPTION_ARG_FILENAME, &referral_text, N_("The referral acted on"), N_("ID") },
    { "channel", 0, 0, G_OPTION_ARG_FILENAME, &channel_text, N_("in_person, phone, mail, sms, email"), N_("CHANNEL") },
    { "linked-case", 0, 0, G_OPTION_ARG_FILENAME, &linked_text, N_("The earlier case (link)"), N_("ID") },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to_login, N_("assign: the expert who will hold the case"), N_("LOGIN") },
    { "expect-version", 0, 0, G_OPTION_ARG_FILENAME, &version_text, N_("Refuse if the case changed since this version"), N_("N") },
    { "letter-number", 0, 0, G_OPTION_ARG_FILENAME, &letter_number, N_("answer: the number of the agency’s letter"), N_("NUMBER") },
    { "letter-date", 0, 0, G_OPTION_ARG_FILENAME, &letter_date, N_("answer: the date of the agency’s letter"), N_("PERSIAN_DATE") },
    { "attach", 0, 0, G_OPTION_ARG_FILENAME, &attach, N_("answer: a scan or PDF of the agency’s letter"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  g_autoptr(GArray) agency_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(PeygirCase) kase = NULL;
  g_autoptr(PeygirCase) full = NULL;

  if (!peygir_admin_call_parse (&call, &usage, entries, argv, error))
    return FALSE;
  if (!peygir_admin_check_utf8 (note, error)
      || !peygir_admin_check_utf8 (letter_number, error)
      || !peygir_admin_check_utf8 (to_login, error))
    return FALSE;

  if (!peygir_action_from_string (call.args[1], &request.action))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Unknown action “%s”; “%s case act --help” lists them."),
                   call.args[1], g_get_prgname ());
      return FALSE;
    }
  if (!parse_id_list (agency_texts, _("An agency id"), agency_ids, error))
    return FALSE;
  if (!parse_request_numbers (&request, referral_text, linked_text, version_text, error))
    return FALSE;
  if (channel_text != NULL && !peygir_channel_from_string (channel_text, &request.channel))
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                   _("Unknown channel “%s”: use in_person, phone, mail, sms or email."),
                   channel_text);
      return FALSE;
    }

  if (!read_agency_letter (&request, letter_number, letter_date, attach, &document, error))
    return FALSE;
  if ((to_login != NULL) != (request.action == PEYGIR_ACTION_ASSIGN))
    return peygir_admin_usage_error (error, _("assign needs --to LOGIN, and --to goes with assign only."));

  if (!peygir_admin_call_open (&call, &usage, error))
    return FALSE;
  if (!resolve_case_id (call.store, call.args[0], &request.case_id, error))
    return FALSE;
  if (to_login != NULL)
    {
      g_autoptr(PeygirUser) assignee = find_named_user (call.store, to_login, error);

      if (assignee == NULL)
        return FALSE;
      request.assignee_id = assignee->id;
    }

  request.actor_login = call.as_login;
  request.note = note;
  request.agency_ids = (const gint64 *) (gpointer) agency_ids->data;
  request.n_agency_ids = agency_ids->len;

  kase = peygir_store_apply_action (call.store, &request, error);
  if (kase == NULL)
    return FALSE;

  /* The action is done and committed: reading it back is only for show. */
  if (kase->referrals == NULL)
    full = peygir_store_get_case (call.store, kase->id, PEYGIR_CASE_DETAIL_REFERRALS, NULL);
  return show_case (call.store, full != NULL ? full : kase, call.json, FALSE, error);
}

static gboolean
parse_states (const char  *text,
              guint       *states,
              GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  *states = 0;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      PeygirState state;

      g_strstrip (parts[i]);
      if (g_str_equal (parts[i], "open"))
        *states |= PEYGIR_STATES_OPEN;
      else if (peygir_state_from_string (parts[i], &state))
        *states |= PEYGIR_STATE_BIT (state);
      else
        {
          g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                       _("Unknown state “%s”."), parts[i]);
          return FALSE;
        }
    }
  return TRUE;
}

static void
case_filter_clear (CaseFilter *filter)
{
  g_clear_pointer (&filter->state_text, g_free);
  g_clear_pointer (&filter->expert_login, g_free);
  g_clear_pointer (&filter->agency_text, g_free);
  g_clear_pointer (&filter->kind_text, g_free);
  g_clear_pointer (&filter->channel_text, g_free);
  g_clear_pointer (&filter->from_text, g_free);
  g_clear_pointer (&filter->until_text, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CaseFilter, case_filter_clear)

#define CASE_FILTER_ENTRIES(filter) \
  { "state", 0, 0, G_OPTION_ARG_FILENAME, &(filter)->state_text, N_("Only cases in these states (or “open”)"), N_("S") }, \
  { "overdue", 0, 0, G_OPTION_ARG_NONE, &(filter)->overdue, N_("Only cases with an answer not sent on time"), NULL }, \
  { "paused", 0, 0, G_OPTION_ARG_NONE, &(filter)->paused, N_("Only cases waiting for the applicant’s documents"), NULL }, \
  { "mine", 0, 0, G_OPTION_ARG_NONE, &(filter)->mine, N_("Only the cases you hold"), NULL }, \
  { "expert", 0, 0, G_OPTION_ARG_FILENAME, &(filter)->expert_login, N_("Only the cases this expert holds"), N_("LOGIN") }, \
  { "unassigned", 0, 0, G_OPTION_ARG_NONE, &(filter)->unassigned, N_("Only the cases no expert holds"), NULL }, \
  { "agency", 0, 0, G_OPTION_ARG_FILENAME, &(filter)->agency_text, N_("Only the cases about this agency"), N_("ID") }, \
  { "kind", 0, 0, G_OPTION_ARG_FILENAME, &(filter)->kind_text, N_("Only requests or complaints"), N_("KIND") }, \
  { "channel", 0, 0, G_OPTION_ARG_FILENAME, &(filter)->channel_text, N_("Only the cases received this way (comma-separated)"), N_("CHANNEL") }, \
  { "from", 0, 0, G_OPTION_ARG_FILENAME, &(filter)->from_text, N_("Received on this day or later"), N_("DATE") }, \
  { "until", 0, 0, G_OPTION_ARG_FILENAME, &(filter)->until_text, N_("Received on this day or earlier"), N_("DATE") }

/* "request,complaint" or "phone,samad": the bits of the identifiers; the
 * first unknown word in @unknown when there is one. */
static gboolean
parse_identifiers (const char  *text,
                   gboolean   (*from_string) (const char *id, int *out),
                   guint       *mask,
                   char       **unknown)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  *mask = 0;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      int value;

      g_strstrip (parts[i]);
      if (!from_string (parts[i], &value))
        {
          *unknown = g_strdup (parts[i]);
          return FALSE;
        }
      *mask |= 1u << value;
    }
  return TRUE;
}

static gboolean
kind_from_string (const char *id,
                  int        *out)
{
  PeygirCaseKind kind;

  if (!peygir_kind_from_string (id, &kind))
    return FALSE;
  *out = kind;
  return TRUE;
}

static gboolean
channel_from_string (const char *id,
                     int        *out)
{
  PeygirChannel channel;

  if (!peygir_channel_from_string (id, &channel) || channel == PEYGIR_CHANNEL_NONE)
    return FALSE;
  *out = channel;
  return TRUE;
}

/* What needs no database: the command's own words are checked before a
 * missing database is. */
static gboolean
case_filter_to_query (const CaseFilter  *filter,
                      PeygirCaseQuery   *query,
                      GError           **error)
{
  g_autofree char *unknown = NULL;

  if ((filter->mine ? 1 : 0) + (filter->expert_login != NULL ? 1 : 0) + (filter->unassigned ? 1 : 0) > 1)
    return peygir_admin_usage_error (error, _("--mine, --expert and --unassigned exclude one another."));
  if (!peygir_admin_check_utf8 (filter->expert_login, error))
    return FALSE;
  if (filter->state_text != NULL && !parse_states (filter->state_text, &query->states, error))
    return FALSE;
  if (filter->kind_text != NULL && !parse_identifiers (filter->kind_text, kind_from_string, &query->kinds, &unknown))
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                   _("Unknown kind “%s”: use request or complaint."), unknown);
      return FALSE;
    }
  if (filter->channel_text != NULL
      && !parse_identifiers (filter->channel_text, channel_from_string, &query->channels, &unknown))
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                   _("Unknown channel “%s”: use in_person, phone, mail, sms, email or samad."), unknown);
      return FALSE;
    }
  if (filter->agency_text != NULL
      && !peygir_admin_parse_number (filter->agency_text, _("An agency id"), 1, G_MAXINT64, &query->agency_id, error))
    return FALSE;
  if (filter->from_text != NULL && !peygir_admin_parse_day (filter->from_text, &query->received_from, error))
    return FALSE;
  if (filter->until_text != NULL && !peygir_admin_parse_day (filter->until_text, &query->received_until, error))
    return FALSE;
  query->overdue_only = filter->overdue;
  query->paused_only = filter->paused;
  query->unassigned_only = filter->unassigned;
  return TRUE;
}

/* Whose cases, once the database is open: --mine is the login running
 * the command (on a server, the role connected). */
static gboolean
case_filter_resolve (const CaseFilter  *filter,
                     PeygirStore       *store,
                     PeygirCaseQuery   *query,
                     GError           **error)
{
  const char *login = filter->mine ? peygir_store_get_login (store) : filter->expert_login;
  g_autoptr(PeygirUser) user = NULL;

  if (login == NULL)
    return TRUE;
  user = filter->mine ? peygir_store_find_user (store, login, error) : find_named_user (store, login, error);
  if (user == NULL)
    return FALSE;
  query->expert_id = user->id;
  return TRUE;
}

/* The columns of --sort, as the inbox names them. */
static const struct
{
  const char     *id;
  PeygirCaseSort  sort;
} sort_names[] = {
  { "received",     PEYGIR_CASE_SORT_RECEIVED },
  { "updated",      PEYGIR_CASE_SORT_UPDATED },
  { "registration", PEYGIR_CASE_SORT_REGISTRATION },
  { "tracking",     PEYGIR_CASE_SORT_TRACKING },
  { "applicant",    PEYGIR_CASE_SORT_APPLICANT },
  { "subject",      PEYGIR_CASE_SORT_SUBJECT },
  { "agency",       PEYGIR_CASE_SORT_AGENCY },
  { "state",        PEYGIR_CASE_SORT_STATE },
  { "expert",       PEYGIR_CASE_SORT_EXPERT },
  { "deadline",     PEYGIR_CASE_SORT_DEADLINE },
};

static gboolean
parse_sort (const char       *text,
            PeygirCaseQuery  *query,
            GError          **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (sort_names); i++)
    if (g_str_equal (text, sort_names[i].id))
      {
        query->sort = sort_names[i].sort;
        return TRUE;
      }
  g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
               _("Unknown column “%s”: sort by received, updated, registration, tracking, applicant, "
                 "subject, agency, state, expert or deadline."), text);
  return FALSE;
}

#define LIST_PAGE 200

gboolean
peygir_admin_case_list (const char  *command,
                        char       **db_path,
                        char       **argv,
                        GError     **error)
{
  static const CommandUsage usage = {
    N_("[--state S[,S…]] [--overdue] [--paused] [--mine|--expert LOGIN|--unassigned] [--agency ID] "
       "[--kind KIND] [--channel C[,C…]] [--from DATE] [--until DATE] [--sort COLUMN [--descending]] "
       "[--limit N] [--json]"),
    N_("List cases, the newest first, or by a column of the inbox: received, updated, registration, "
       "tracking, applicant, subject, agency, state, expert, deadline. Dates are Persian (1405/2/12) "
       "or Gregorian (2026-05-02). --limit 0 lists them all."), 0, 0,
    COMMAND_OPENS, N_("Print JSON")
  };
  g_auto(CommandCall) call = COMMAND_CALL_INIT (command, db_path);
  g_auto(CaseFilter) filter = { 0 };
  g_autofree char *limit_text = NULL;
  g_autofree char *sort_text = NULL;
  gboolean descending = FALSE;
  const GOptionEntry entries[] = {
    CASE_FILTER_ENTRIES (&filter),
    { "sort", 0, 0, G_OPTION_ARG_FILENAME, &sort_text, N_("Sort by this column, ascending"), N_("COLUMN") },
    { "descending", 0, 0, G_OPTION_ARG_NONE, &descending, N_("With --sort: the other way"), NULL },
    { "limit", 0, 0, G_OPTION_ARG_FILENAME, &limit_text, N_("At most N cases (default 50)"), N_("N") },
    G_OPTION_ENTRY_NULL
  };
  PeygirCaseQuery query = { 0 };
  g_autoptr(GPtrArray) cases = NULL;
  gint64 limit = 50;

  if (!peygir_admin_call_parse (&call, &usage, entries, argv, error))
    return FALSE;
  if (!case_filter_to_query (&filter, &query, error))
    return FALSE;
  if (descending && sort_text == NULL)
    return peygir_admin_usage_error (error, _("--descending goes with --sort."));
  if (sort_text != NULL && !parse_sort (sort_text, &query, error))
    return FALSE;
  if (limit_text != NULL
      && !peygir_admin_parse_number (limit_text, _("The limit"), 0, G_MAXINT32, &limit, error))
    return FALSE;

  if (!peygir_admin_call_open (&call, &usage, error))
    return FALSE;
  if (!case_filter_resolve (&filter, call.store, &query, error))
    return FALSE;

  if (sort_text != NULL)
    query.descending = descending;
  else
    {
      query.sort = PEYGIR_CASE_SORT_RECEIVED;
      query.descending = TRUE;
    }

  cases = peygir_admin_collect_cases (call.store, &query, LIST_PAGE, limit, error);
  if (cases == NULL)
    return FALSE;

  return print_cases (call.store, cases, call.json, error);
}

gboolean
peygir_admin_case_count (const char  *command,
                         char       **db_path,
                         char       **argv,
                         GError     **error)
{
  static const CommandUsage usage = {
    N_("[--state S[,S…]] [--overdue] [--paused] [--mine|--expert LOGIN|--unassigned] [--agency ID] "
       "[--kind KIND] [--channel C[,C…]] [--from DATE] [--until DATE]"),
    N_("Count cases: the same filters as case list, the same count."), 0, 0,
    COMMAND_OPENS, NULL
  };
  g_auto(CommandCall) call = COMMAND_CALL_INIT (command, db_path);
  g_auto(CaseFilter) filter = { 0 };
  const GOptionEntry entries[] = {
    CASE_FILTER_ENTRIES (&filter),
    G_OPTION_ENTRY_NULL
  };
  PeygirCaseQuery query = { 0 };
  g_autoptr(GError) local_error = NULL;
  gint64 count;

  if (!peygir_admin_call_parse (&call, &usage, entries, argv, error))
    return FALSE;
  if (!case_filter_to_query (&filter, &query, error))
    return FALSE;
  if (!peygir_admin_call_open (&call, &usage, error))
    return FALSE;
  if (!case_filter_resolve (&filter, call.store, &query, error))
    return FALSE;

  count = peygir_store_count_cases (call.store, &query, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  peygir_admin_print_out ("%" G_GINT64_FORMAT "\n", count);
  return TRUE;
}

gboolean
peygir_admin_case_earlier (const char  *command,
                           char       **db_path,
                           char       **argv,
                           GError     **error)
{
  static const CommandUsage usage = {
    N_("[ID|TRACKING_CODE] [--national-id ID] [--mobile NUMBER] [--json]"),
    N_("Other cases of the same applicant, by national ID or mobile: a repeat complaint is "
       "linked to them, not handled twice."), 0, 1,
    COMMAND_OPENS, N_("Print JSON")
  };
  g_auto(CommandCall) call = COMMAND_CALL_INIT (command, db_path);
  g_autofree char *national_id = NULL;
  g_autofree char *mobile = NULL;
  const GOptionEntry entries[] = {
    { "national-id", 0, 0, G_OPTION_ARG_FILENAME, &national_id, N_("The applicant’s national ID"), N_("ID") },
    { "mobile", 0, 0, G_OPTION_ARG_FILENAME, &mobile, N_("The applicant’s mobile"), N_("NUMBER") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(PeygirCase) kase = NULL;
  g_autoptr(GPtrArray) cases = NULL;

  if (!peygir_admin_call_begin (&call, &usage, entries, argv, error))
    return FALSE;
  if (!peygir_admin_check_utf8 (national_id, error) || !peygir_admin_check_utf8 (mobile, error))
    return FALSE;

  if (call.args[0] != NULL)
    {
      kase = resolve_case (call.store, call.args[0], PEYGIR_CASE_DETAIL_NONE, error);
      if (kase == NULL)
        return FALSE;
      if (national_id == NULL)
        national_id = g_strdup (kase->applicant.national_id);
      if (mobile == NULL)
        mobile = g_strdup (kase->applicant.mobile);
    }
  else if (national_id == NULL && mobile == NULL)
    return peygir_admin_usage_error (error, _("Give a case, or a --national-id or --mobile to look for."));

  cases = peygir_store_find_earlier_cases (call.store, national_id, mobile,
                                           kase != NULL ? kase->id : 0, error);
  if (cases == NULL)
    return FALSE;
  return print_cases (call.store, cases, call.json, error);
}

gboolean
peygir_admin_case_attach (const char  *command,
                          char       **db_path,
                          char       **argv,
                          GError     **error)
{
  static const CommandUsage usage = {
    N_("ID FILE [--as LOGIN] [--name NAME] [--content-type TYPE]"),
    N_("Keep a document (a scanned letter, a photo) with a case."), 2, 2,
    COMMAND_ACTS_LISTED_FIRST, N_("Print the document as JSON")
  };
  g_auto(CommandCall) call = COMMAND_CALL_INIT (command, db_path);
  g_autofree char *name = NULL;
  g_autofree char *content_type = NULL;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_FILENAME, &name, N_("Its name (default: the file’s)"), N_("NAME") },
    { "content-type", 0, 0, G_OPTION_ARG_FILENAME, &content_type, N_("Its MIME type (default: guessed)"), N_("TYPE") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(PeygirDocument) document = NULL;
  g_autoptr(PeygirDocumentFile) file = NULL;
  gint64 case_id;

  if (!peygir_admin_call_parse (&call, &usage, entries, argv, error))
    return FALSE;
  if (!peygir_admin_check_utf8 (name, error) || !peygir_admin_check_utf8 (content_type, error))
    return FALSE;
  file = open_document (call.args[1], name, content_type, error);
  if (file == NULL)
    return FALSE;

  if (!peygir_admin_call_open (&call, &usage, error))
    return FALSE;
  if (!resolve_case_id (call.store, call.args[0], &case_id, error))
    return FALSE;
  document = peygir_store_add_document_from_stream (call.store, call.as_login, case_id, file->name, file->content_type,
                                                    file->stream, file->size, NULL, error);
  if (document == NULL)
    return FALSE;

  if (call.json)
    peygir_admin_print_json_item (document, (PeygirAdminToJson) peygir_admin_document_added_to_json);
  else
    peygir_admin_print_out ("%" G_GINT64_FORMAT "\t%s\n", document->id, peygir_admin_or_dash (document->sha256));
  return TRUE;
}

gboolean
peygir_admin_search (const char  *command,
                     char       **db_path,
                     char       **argv,
                     GError     **error)
{
  static const CommandUsage usage = {
    N_("QUERY [--limit N] [--json]"),
    N_("Find cases by tracking code, registration number, national ID, mobile or words."), 1, 1,
    COMMAND_OPENS, N_("Print JSON")
  };
  g_auto(CommandCall) call = COMMAND_CALL_INIT (command, db_path);
  g_autofree char *limit_text = NULL;
  const GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_FILENAME, &limit_text, N_("At most N cases (default 50)"), N_("N") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GPtrArray) cases = NULL;
  gint64 limit = 50;

  if (!peygir_admin_call_parse (&call, &usage, entries, argv, error))
    return FALSE;
  if (limit_text != NULL
      && !peygir_admin_parse_number (limit_text, _("The limit"), 1, 10000, &limit, error))
    return FALSE;

  if (!peygir_admin_call_open (&call, &usage, error))
    return FALSE;
  cases = peygir_store_search (call.store, call.args[0], (guint) limit, error);
  if (cases == NULL)
    return FALSE;
  return print_cases (call.store, cases, call.json, error);
}
