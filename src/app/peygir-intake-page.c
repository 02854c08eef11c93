/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-intake-page"

#include <glib/gi18n-lib.h>

#include "peygir-attach-chooser.h"
#include "peygir-case-item.h"
#include "peygir-date.h"
#include "peygir-error.h"
#include "peygir-format.h"
#include "peygir-intake-page.h"
#include "peygir-text.h"
#include "peygir-utils-private.h"
#include "peygir-workflow.h"

#define EARLIER_CASES_DELAY_MS 300

typedef enum
{
  FIELD_APPLICANT_TYPE,
  FIELD_NAME,
  FIELD_NATIONAL_ID,
  FIELD_MOBILE,
  FIELD_PHONE,
  FIELD_POSTAL_CODE,
  FIELD_EMAIL,
  FIELD_ADDRESS,
  FIELD_KIND,
  FIELD_CATEGORY,
  FIELD_AGENCY,
  FIELD_CHANNEL,
  FIELD_RECEIVED_ON,
  FIELD_SAMAD_CODE,
  FIELD_SUBJECT,
  FIELD_DESCRIPTION,
  N_FIELDS
} Field;

typedef enum
{
  KIND_ENTRY,
  KIND_TEXT,
  KIND_CHOICE,
} FieldKind;

static const struct {
  const char *name;
  const char *label;
  FieldKind   kind;
  gboolean    applicant;   /* in the applicant's grid, else the case's */
  gboolean    wide;        /* spans both columns */
  gboolean    required;
} fields[N_FIELDS] = {
  [FIELD_APPLICANT_TYPE] = { "applicant-type", N_("Applicant type"), KIND_CHOICE, TRUE, FALSE, FALSE },
  [FIELD_NAME]           = { "name", N_("Name"), KIND_ENTRY, TRUE, FALSE, TRUE },
  [FIELD_NATIONAL_ID]    = { "national-id", N_("National ID"), KIND_ENTRY, TRUE, FALSE, TRUE },
  [FIELD_MOBILE]         = { "mobile", N_("Mobile"), KIND_ENTRY, TRUE, FALSE, TRUE },
  [FIELD_PHONE]          = { "phone", N_("Phone (optional)"), KIND_ENTRY, TRUE, FALSE, FALSE },
  [FIELD_POSTAL_CODE]    = { "postal-code", N_("Postal code (optional)"), KIND_ENTRY, TRUE, FALSE, FALSE },
  [FIELD_EMAIL]          = { "email", N_("E-mail (optional)"), KIND_ENTRY, TRUE, FALSE, FALSE },
  [FIELD_ADDRESS]        = { "address", N_("Address"), KIND_ENTRY, TRUE, TRUE, TRUE },
  [FIELD_KIND]           = { "kind", N_("Kind"), KIND_CHOICE, FALSE, FALSE, FALSE },
  [FIELD_CATEGORY]       = { "category", N_("Life event"), KIND_CHOICE, FALSE, FALSE, FALSE },
  [FIELD_AGENCY]         = { "agency", N_("Agency complained of"), KIND_CHOICE, FALSE, FALSE, FALSE },
  [FIELD_CHANNEL]        = { "channel", N_("Came in by"), KIND_CHOICE, FALSE, FALSE, FALSE },
  [FIELD_RECEIVED_ON]    = { "received-on", N_("Date received"), KIND_ENTRY, FALSE, FALSE, TRUE },
  [FIELD_SAMAD_CODE]     = { "samad-code", N_("Code in the 111 system (optional)"), KIND_ENTRY, FALSE, FALSE, FALSE },
  [FIELD_SUBJECT]        = { "subject", N_("Subject"), KIND_ENTRY, FALSE, TRUE, TRUE },
  [FIELD_DESCRIPTION]    = { "description", N_("Description"), KIND_TEXT, FALSE, TRUE, TRUE },
};

typedef struct
{
  GtkWidget *title;
  GtkWidget *widget;
  GtkWidget *error_label;
  char      *error;
  gboolean   complete;
} FieldState;

struct _PeygirIntakePage
{
  GtkWidget             parent_instance;

  GtkStack             *stack;
  GtkGrid              *applicant_grid;
  GtkGrid              *case_grid;
  GtkWidget            *earlier_group;
  GtkListBox           *earlier_list;
  GtkListBox           *files_list;
  GtkLabel             *status_label;
  GtkLabel             *tracking_label;

  FieldState            state[N_FIELDS];
  PeygirSession        *session;
  GCancellable         *cancellable;
  GArray               *agency_ids;      /* beside the agency choice; 0 = none */
  char                 *agency_names;    /* the choice's names, to see whether a new read changed it */
  GPtrArray            *files;           /* of GFile */
  GListStore           *earlier_cases;
  GPtrArray            *earlier_checks;  /* of GtkCheckButton, "not a repeat" first */
  gint64                linked_case_id;
  char                 *earlier_key;
  guint                 earlier_source;
  guint                 earlier_serial;
  gint64                saved_case_id;
  guint                 busy;
  gboolean              resetting;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (PeygirIntakePage, peygir_intake_page, GTK_TYPE_WIDGET)

enum {
  OPEN_CASE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void peygir_intake_page_validate (PeygirIntakePage *self);

static void
peygir_intake_page_set_busy (PeygirIntakePage *self,
                             gboolean          busy)
{
  if (busy)
    self->busy++;
  else
    self->busy--;
  peygir_intake_page_validate (self);
}

/* Reading the fields */

static char *
field_text (PeygirIntakePage *self,
            Field             field)
{
  GtkWidget *widget = self->state[field].widget;
  g_autofree char *text = NULL;

  if (fields[field].kind == KIND_TEXT)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    }
  else
    text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (widget)));
  return g_strstrip (g_steal_pointer (&text));
}

static guint
field_choice (PeygirIntakePage *self,
              Field             field)
{
  return gtk_drop_down_get_selected (GTK_DROP_DOWN (self->state[field].widget));
}

static void
field_set_result (PeygirIntakePage *self,
                  Field             field,
                  gboolean          complete,
                  const char       *error)
{
  FieldState *state = &self->state[field];

  state->complete = complete && error == NULL;
  g_free (state->error);
  state->error = g_strdup (error);
  gtk_label_set_text (GTK_LABEL (state->error_label), error != NULL ? error : "");
  gtk_widget_set_visible (state->error_label, error != NULL);
  if (error != NULL)
    gtk_widget_add_css_class (state->widget, "error");
  else
    gtk_widget_remove_css_class (state->widget, "error");
}

static void
check_national_id (PeygirIntakePage *self)
{
  g_autofree char *text = field_text (self, FIELD_NATIONAL_ID);
  g_autofree char *digits = peygir_text_digits_only (text);
  PeygirApplicantType type = field_choice (self, FIELD_APPLICANT_TYPE);
  gboolean company = type != PEYGIR_APPLICANT_CITIZEN;
  gsize want = company ? 11 : 10;

  if (*text == '\0')
    field_set_result (self, FIELD_NATIONAL_ID, type == PEYGIR_APPLICANT_GOVERNMENT, NULL);
  else if (digits == NULL)
    field_set_result (self, FIELD_NATIONAL_ID, FALSE, _("Only digits, please."));
  else if (strlen (digits) < want)
    field_set_result (self, FIELD_NATIONAL_ID, FALSE, NULL);
  else if (strlen (digits) > want)
    field_set_result (self, FIELD_NATIONAL_ID, FALSE,
                      company ? _("A company’s national ID has 11 digits.") : _("A national ID has 10 digits."));
  else if (company ? !peygir_company_id_is_valid (digits) : !peygir_national_id_is_valid (digits))
    field_set_result (self, FIELD_NATIONAL_ID, FALSE,
                      _("This ID’s check digit is wrong: a digit was probably mistyped."));
  else
    field_set_result (self, FIELD_NATIONAL_ID, TRUE, NULL);
}

static void
check_mobile (PeygirIntakePage *self)
{
  g_autofree char *text = field_text (self, FIELD_MOBILE);
  g_autofree char *ascii = peygir_text_digits_to_ascii (text);
  g_autofree char *mobile = NULL;
  guint n_digits = 0;

  for (const char *p = ascii; *p != '\0'; p++)
    n_digits += g_ascii_isdigit (*p) ? 1 : 0;

  if (*text == '\0')
    {
      field_set_result (self, FIELD_MOBILE, FALSE, NULL);
      return;
    }
  mobile = peygir_mobile_normalize (text, NULL);
  if (mobile != NULL)
    field_set_result (self, FIELD_MOBILE, TRUE, NULL);
  else if (n_digits < 10 && strspn (ascii, "+0123456789 -") == strlen (ascii))
    field_set_result (self, FIELD_MOBILE, FALSE, NULL);
  else
    field_set_result (self, FIELD_MOBILE, FALSE,
                      _("This cannot be a mobile number: mobiles are 11 digits starting with 09."));
}

static void
check_postal_code (PeygirIntakePage *self)
{
  g_autofree char *text = field_text (self, FIELD_POSTAL_CODE);
  g_autofree char *digits = peygir_text_digits_only (text);

  if (*text == '\0')
    field_set_result (self, FIELD_POSTAL_CODE, TRUE, NULL);
  else if (digits == NULL || strlen (digits) > 10)
    field_set_result (self, FIELD_POSTAL_CODE, FALSE, _("A postal code has 10 digits."));
  else if (strlen (digits) < 10)
    field_set_result (self, FIELD_POSTAL_CODE, FALSE, NULL);
  else
    {
      g_autofree char *postal = peygir_postal_code_normalize (digits, NULL);

      field_set_result (self, FIELD_POSTAL_CODE, postal != NULL,
                        postal == NULL ? _("This is not a postal code.") : NULL);
    }
}

static void
check_email (PeygirIntakePage *self)
{
  g_autofree char *text = field_text (self, FIELD_EMAIL);

  if (*text == '\0' || peygir_email_is_valid (text))
    field_set_result (self, FIELD_EMAIL, TRUE, NULL);
  else if (strchr (text, '@') == NULL || g_str_has_suffix (text, "@"))
    field_set_result (self, FIELD_EMAIL, FALSE, NULL);
  else
    field_set_result (self, FIELD_EMAIL, FALSE, _("This is not an e-mail address."));
}

static void
check_received_on (PeygirIntakePage *self)
{
  g_autofree char *text = field_text (self, FIELD_RECEIVED_ON);
  g_autoptr(GError) error = NULL;
  PeygirDay day;

  if (*text == '\0')
    field_set_result (self, FIELD_RECEIVED_ON, FALSE, NULL);
  else if (!peygir_day_parse (text, &day, &error))
    field_set_result (self, FIELD_RECEIVED_ON, FALSE,
                      g_utf8_strlen (text, -1) >= 8 ? _("Write the date as year/month/day, for example ۱۴۰۵/۰۹/۰۳.") : NULL);
  else if (day > peygir_day_today ())
    field_set_result (self, FIELD_RECEIVED_ON, FALSE, _("The date received cannot be in the future."));
  else
    field_set_result (self, FIELD_RECEIVED_ON, TRUE, NULL);
}

static void
check_samad_code (PeygirIntakePage *self)
{
  g_autofree char *text = field_text (self, FIELD_SAMAD_CODE);
  g_autofree char *digits = peygir_text_digits_only (text);

  field_set_result (self, FIELD_SAMAD_CODE, digits != NULL,
                    digits == NULL ? _("Only digits, please.") : NULL);
}

static void
check_required (PeygirIntakePage *self,
                Field             field)
{
  g_autofree char *text = field_text (self, field);

  field_set_result (self, field, *text != '\0', NULL);
}

static gboolean
peygir_intake_page_can_save (PeygirIntakePage *self)
{
  if (self->session == NULL || self->busy > 0)
    return FALSE;
  if (!peygir_session_has_role (self->session, PEYGIR_ROLES_INTAKE)
      || peygir_store_is_read_only (peygir_session_get_store (self->session)))
    return FALSE;
  for (Field f = 0; f < N_FIELDS; f++)
    if ((fields[f].kind != KIND_CHOICE || f == FIELD_AGENCY) && !self->state[f].complete)
      return FALSE;
  return TRUE;
}

static void
peygir_intake_page_validate (PeygirIntakePage *self)
{
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();

  if (self->resetting)
    return;

  check_national_id (self);
  check_mobile (self);
  check_postal_code (self);
  check_email (self);
  check_received_on (self);
  check_samad_code (self);
  check_required (self, FIELD_NAME);
  check_required (self, FIELD_ADDRESS);
  check_required (self, FIELD_SUBJECT);
  check_required (self, FIELD_DESCRIPTION);
  field_set_result (self, FIELD_PHONE, TRUE, NULL);
  /* A complaint is about an agency: the store refuses one without it. */
  field_set_result (self, FIELD_AGENCY,
                    field_choice (self, FIELD_KIND) != PEYGIR_KIND_COMPLAINT
                    || field_choice (self, FIELD_AGENCY) != 0,
                    NULL);

  for (Field f = 0; f < N_FIELDS; f++)
    if ((fields[f].kind != KIND_CHOICE || f == FIELD_AGENCY)
        && !self->state[f].complete && self->state[f].error == NULL)
      g_ptr_array_add (missing, (gpointer) _(fields[f].label));

  if (missing->len > 0)
    {
      g_autofree char *list = NULL;
      g_autofree char *text = NULL;

      g_ptr_array_add (missing, NULL);
      /* TRANSLATORS: the separator in a list of fields */
      list = g_strjoinv (_(", "), (char **) missing->pdata);
      text = g_strdup_printf (_("Still to fill in: %s"), list);
      gtk_label_set_text (self->status_label, text);
    }
  else
    gtk_label_set_text (self->status_label, "");

  gtk_widget_set_sensitive (self->state[FIELD_NATIONAL_ID].widget, TRUE);
  gtk_label_set_text (GTK_LABEL (self->state[FIELD_NATIONAL_ID].title),
                      field_choice (self, FIELD_APPLICANT_TYPE) == PEYGIR_APPLICANT_CITIZEN
                      ? _("National ID") : _("Company national ID"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "intake.save", peygir_intake_page_can_save (self));
}

/* Earlier cases of the same applicant */

typedef struct
{
  char  *national_id;
  char  *mobile;
  guint  serial;
} EarlierData;

static void
earlier_data_free (EarlierData *data)
{
  g_free (data->national_id);
  g_free (data->mobile);
  g_free (data);
}

static gpointer
earlier_thread (PeygirStore   *store,
                gpointer       task_data,
                GCancellable  *cancellable,
                GError       **error)
{
  EarlierData *data = task_data;

  return peygir_store_find_earlier_cases (store, data->national_id, data->mobile, 0, error);
}

static void
earlier_check_toggled_cb (GtkCheckButton *check,
                          PeygirIntakePage *self)
{
  if (gtk_check_button_get_active (check))
    self->linked_case_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (check), "peygir-case-id"));
}

static void
peygir_intake_page_show_earlier (PeygirIntakePage *self,
                                 GPtrArray        *found)
{
  GtkWidget *group = NULL;
  GtkWidget *row;

  _peygir_list_box_remove_all (self->earlier_list);
  g_list_store_remove_all (self->earlier_cases);
  g_ptr_array_set_size (self->earlier_checks, 0);
  self->linked_case_id = 0;
  gtk_widget_set_visible (self->earlier_group, found != NULL && found->len > 0);
  if (found == NULL || found->len == 0)
    return;

  for (guint i = 0; i <= found->len; i++)
    {
      const PeygirCase *kase = i > 0 ? g_ptr_array_index (found, i - 1) : NULL;
      GtkWidget *check = gtk_check_button_new ();

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      if (kase == NULL)
        {
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("A new matter, not a repeat"));
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
          group = check;
        }
      else
        {
          g_autoptr(PeygirCaseItem) item = peygir_case_item_new (kase);
          g_autofree char *tracking = peygir_format_tracking (kase->tracking_code);
          g_autofree char *received = peygir_format_day (kase->received_on);
          g_autofree char *subtitle = g_strdup_printf ("%s — %s — %s", tracking,
                                                       peygir_state_label (kase->state), received);

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kase->subject);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
          gtk_check_button_set_group (GTK_CHECK_BUTTON (check), GTK_CHECK_BUTTON (group));
          g_object_set_data (G_OBJECT (check), "peygir-case-id", GSIZE_TO_POINTER (kase->id));
          g_list_store_append (self->earlier_cases, item);
        }
      g_signal_connect (check, "toggled", G_CALLBACK (earlier_check_toggled_cb), self);
      g_ptr_array_add (self->earlier_checks, check);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_list_box_append (self->earlier_list, row);
    }
}

static void
earlier_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PeygirIntakePage) self = user_data;
  EarlierData *data = peygir_session_run_get_data (result);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  found = peygir_session_run_finish (PEYGIR_SESSION (object), result, &error);
  peygir_intake_page_set_busy (self, FALSE);
  if (data->serial != self->earlier_serial)
    return;
  if (found == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Looking for earlier cases failed: %s", error->message);
  peygir_intake_page_show_earlier (self, found);
}

static gboolean
earlier_timeout_cb (gpointer user_data)
{
  PeygirIntakePage *self = user_data;
  g_autofree char *national_id = NULL;
  g_autofree char *mobile = NULL;
  EarlierData *data;

  self->earlier_source = 0;
  if (self->state[FIELD_NATIONAL_ID].complete)
    {
      g_autofree char *text = field_text (self, FIELD_NATIONAL_ID);

      national_id = peygir_text_digits_only (text);
      if (national_id != NULL && *national_id == '\0')
        g_clear_pointer (&national_id, g_free);
    }
  if (self->state[FIELD_MOBILE].complete)
    {
      g_autofree char *text = field_text (self, FIELD_MOBILE);

      mobile = peygir_mobile_normalize (text, NULL);
    }

  data = g_new0 (EarlierData, 1);
  data->national_id = g_steal_pointer (&national_id);
  data->mobile = g_steal_pointer (&mobile);
  data->serial = ++self->earlier_serial;
  if (data->national_id == NULL && data->mobile == NULL)
    {
      earlier_data_free (data);
      peygir_intake_page_show_earlier (self, NULL);
      return G_SOURCE_REMOVE;
    }
  peygir_intake_page_set_busy (self, TRUE);
  peygir_session_run (self->session, earlier_thread, data, (GDestroyNotify) earlier_data_free,
                      (GDestroyNotify) g_ptr_array_unref, self->cancellable,
                      earlier_done_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
peygir_intake_page_look_for_earlier (PeygirIntakePage *self)
{
  g_autofree char *key = NULL;

  if (self->session == NULL)
    return;
  key = g_strdup_printf ("%d%d%s", self->state[FIELD_NATIONAL_ID].complete,
                         self->state[FIELD_MOBILE].complete,
                         gtk_editable_get_text (GTK_EDITABLE (self->state[FIELD_MOBILE].widget)));
  if (!self->state[FIELD_NATIONAL_ID].complete && !self->state[FIELD_MOBILE].complete)
    g_clear_pointer (&key, g_free);
  if (g_strcmp0 (key, self->earlier_key) == 0)
    return;
  g_free (self->earlier_key);
  self->earlier_key = g_steal_pointer (&key);
  g_clear_handle_id (&self->earlier_source, g_source_remove);
  self->earlier_source = g_timeout_add (EARLIER_CASES_DELAY_MS, earlier_timeout_cb, self);
}

static void
field_changed_cb (PeygirIntakePage *self)
{
  if (self->resetting)
    return;
  peygir_intake_page_validate (self);
  peygir_intake_page_look_for_earlier (self);
}

/* Building the form */

static GtkWidget *
choice_new (Field field)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GtkWidget *dropdown;

  switch ((int) field)
    {
    case FIELD_APPLICANT_TYPE:
      for (PeygirApplicantType t = 0; t < PEYGIR_N_APPLICANT_TYPES; t++)
        gtk_string_list_append (labels, peygir_applicant_type_label (t));
      break;
    case FIELD_KIND:
      for (PeygirCaseKind k = 0; k < PEYGIR_N_KINDS; k++)
        gtk_string_list_append (labels, peygir_kind_label (k));
      break;
    case FIELD_CATEGORY:
      for (PeygirCategory c = 0; c < PEYGIR_N_CATEGORIES; c++)
        gtk_string_list_append (labels, peygir_category_label (c));
      break;
    case FIELD_CHANNEL:
      for (PeygirChannel c = PEYGIR_CHANNEL_NONE + 1; c < PEYGIR_N_CHANNELS; c++)
        gtk_string_list_append (labels, peygir_channel_label (c));
      break;
    case FIELD_AGENCY:
      gtk_string_list_append (labels, _("None"));
      break;
    default:
      g_assert_not_reached ();
    }
  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL);
  /* the office deals with dozens of agencies: found by typing a part of the name */
  if (field == FIELD_AGENCY)
    _peygir_drop_down_set_searchable (GTK_DROP_DOWN (dropdown));
  return dropdown;
}

static void
peygir_intake_page_build (PeygirIntakePage *self)
{
  int applicant_cell = 0, case_cell = 0;

  for (Field f = 0; f < N_FIELDS; f++)
    {
      FieldState *state = &self->state[f];
      GtkGrid *grid = fields[f].applicant ? self->applicant_grid : self->case_grid;
      int *cell = fields[f].applicant ? &applicant_cell : &case_cell;
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

      state->title = gtk_label_new (_(fields[f].label));
      gtk_label_set_xalign (GTK_LABEL (state->title), 0);
      gtk_widget_add_css_class (state->title, "caption-heading");
      gtk_box_append (GTK_BOX (box), state->title);

      switch (fields[f].kind)
        {
        case KIND_ENTRY:
          state->widget = gtk_entry_new ();
          g_signal_connect_swapped (state->widget, "changed", G_CALLBACK (field_changed_cb), self);
          gtk_box_append (GTK_BOX (box), state->widget);
          break;
        case KIND_TEXT:
          {
            GtkWidget *scroller = gtk_scrolled_window_new ();

            state->widget = gtk_text_view_new ();
            gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (state->widget), GTK_WRAP_WORD_CHAR);
            gtk_text_view_set_top_margin (GTK_TEXT_VIEW (state->widget), 6);
            gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (state->widget), 6);
            gtk_text_view_set_left_margin (GTK_TEXT_VIEW (state->widget), 8);
            gtk_text_view_set_right_margin (GTK_TEXT_VIEW (state->widget), 8);
            /* Tab goes on to the next field, as everywhere else in the form */
            gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (state->widget), FALSE);
            gtk_widget_add_css_class (state->widget, "peygir-text-field");
            g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (state->widget)), "changed",
                                      G_CALLBACK (field_changed_cb), self);
            gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), state->widget);
            gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
            gtk_widget_set_size_request (scroller, -1, 140);
            gtk_widget_add_css_class (scroller, "card");
            gtk_box_append (GTK_BOX (box), scroller);
          }
          break;
        case KIND_CHOICE:
          state->widget = choice_new (f);
          g_signal_connect_swapped (state->widget, "notify::selected", G_CALLBACK (field_changed_cb), self);
          gtk_box_append (GTK_BOX (box), state->widget);
          break;
        default:
          g_assert_not_reached ();
        }
      gtk_widget_set_name (state->widget, fields[f].name);
      /* labels it for a screen reader, and a click on it focuses it */
      gtk_label_set_mnemonic_widget (GTK_LABEL (state->title), state->widget);

      state->error_label = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (state->error_label), 0);
      gtk_label_set_wrap (GTK_LABEL (state->error_label), TRUE);
      gtk_widget_add_css_class (state->error_label, "caption");
      gtk_widget_add_css_class (state->error_label, "error");
      gtk_widget_set_visible (state->error_label, FALSE);
      gtk_box_append (GTK_BOX (box), state->error_label);

      if (fields[f].wide && *cell % 2 != 0)
        (*cell)++;
      gtk_grid_attach (grid, box, *cell % 2, *cell / 2, fields[f].wide ? 2 : 1, 1);
      *cell += fields[f].wide ? 2 : 1;
    }

  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->state[FIELD_CHANNEL].widget), PEYGIR_CHANNEL_IN_PERSON - 1);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->state[FIELD_CATEGORY].widget), PEYGIR_CATEGORY_OTHER);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->state[FIELD_KIND].widget), PEYGIR_KIND_COMPLAINT);
}

/* Agencies for the choice */

static void
agencies_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PeygirIntakePage) self = user_data;
  g_autoptr(GPtrArray) agencies = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) labels = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GString) names = NULL;
  gint64 selected_id = 0;
  guint selected;

  agencies = peygir_session_run_finish (PEYGIR_SESSION (object), result, &error);
  peygir_intake_page_set_busy (self, FALSE);
  if (agencies == NULL)
    return;

  ids = g_array_new (FALSE, TRUE, sizeof (gint64));
  labels = _peygir_agency_names (agencies, _("None"), TRUE, ids);
  names = g_string_new (NULL);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (names, "%" G_GINT64_FORMAT "\t%s\n", g_array_index (ids, gint64, i),
                            gtk_string_list_get_string (labels, i));
  /* Another desk's every commit reads the agencies again: a list that did
   * not change is left alone, not to close the drop-down under the hand. */
  if (g_strcmp0 (names->str, self->agency_names) == 0)
    return;
  g_free (self->agency_names);
  self->agency_names = g_string_free (g_steal_pointer (&names), FALSE);

  /* The agency chosen stays chosen; one deactivated meanwhile is offered
   * no more, and the choice goes back to none. */
  selected = field_choice (self, FIELD_AGENCY);
  if (selected < self->agency_ids->len)
    selected_id = g_array_index (self->agency_ids, gint64, selected);
  selected = 0;
  for (guint i = 0; selected_id != 0 && i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == selected_id)
      selected = i;
  g_array_set_size (self->agency_ids, 0);
  g_array_append_vals (self->agency_ids, ids->data, ids->len);
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->state[FIELD_AGENCY].widget), G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->state[FIELD_AGENCY].widget), selected);
}

static void
peygir_intake_page_load_agencies (PeygirIntakePage *self)
{
  peygir_intake_page_set_busy (self, TRUE);
  peygir_session_run (self->session, peygir_session_list_agencies_thread, NULL, NULL,
                      (GDestroyNotify) g_ptr_array_unref, self->cancellable,
                      agencies_done_cb, g_object_ref (self));
}

/* Files */

static void
peygir_intake_page_show_files (PeygirIntakePage *self)
{
  _peygir_list_box_remove_all (self->files_list);
  for (guint i = 0; i < self->files->len; i++)
    {
      GFile *file = g_ptr_array_index (self->files, i);
      g_autofree char *name = g_file_get_basename (file);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = _peygir_row_button_setup (gtk_button_new_from_icon_name ("user-trash-symbolic"),
                                                    _("Remove"), "intake.remove-file", g_variant_new_uint32 (i));

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      gtk_list_box_append (self->files_list, row);
    }
}

void
peygir_intake_page_add_file (PeygirIntakePage *self,
                             GFile            *file)
{
  g_return_if_fail (PEYGIR_IS_INTAKE_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  g_ptr_array_add (self->files, g_object_ref (file));
  peygir_intake_page_show_files (self);
}

static void
attach_file_cb (GtkWidget *widget,
                GFile     *file)
{
  peygir_intake_page_add_file (PEYGIR_INTAKE_PAGE (widget), file);
}

static void
intake_add_files_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PeygirIntakePage *self = PEYGIR_INTAKE_PAGE (widget);

  peygir_attach_chooser_open (widget, &self->chooser, attach_file_cb);
}

static void
intake_remove_file_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  PeygirIntakePage *self = PEYGIR_INTAKE_PAGE (widget);
  guint index = g_variant_get_uint32 (parameter);

  if (index < self->files->len)
    g_ptr_array_remove_index (self->files, index);
  peygir_intake_page_show_files (self);
}

/* Saving */

typedef struct
{
  PeygirCaseDraft *draft;
  char            *login;
  GPtrArray       *files;
} SaveData;

typedef struct
{
  PeygirCase *kase;
  guint       documents_failed;
} SaveResult;

static void
save_data_free (SaveData *data)
{
  g_clear_pointer (&data->draft, peygir_case_draft_free);
  g_free (data->login);
  g_clear_pointer (&data->files, g_ptr_array_unref);
  g_free (data);
}

static void
save_result_free (SaveResult *result)
{
  g_clear_pointer (&result->kase, peygir_case_free);
  g_free (result);
}

static gpointer
save_thread (PeygirStore   *store,
             gpointer       task_data,
             GCancellable  *cancellable,
             GError       **error)
{
  SaveData *data = task_data;
  SaveResult *result;
  PeygirCase *kase;

  kase = peygir_store_create_case (store, data->login, data->draft, error);
  if (kase == NULL)
    return NULL;

  result = g_new0 (SaveResult, 1);
  result->kase = kase;
  /* The case is saved whatever happens to its documents: they can be
   * attached again from the case page. */
  for (guint i = 0; i < data->files->len; i++)
    {
      GFile *file = g_ptr_array_index (data->files, i);
      g_autoptr(PeygirDocument) document = NULL;
      g_autoptr(GError) local_error = NULL;

      document = peygir_session_attach_file (store, data->login, kase->id, file, NULL, &local_error);
      if (document == NULL)
        {
          g_debug ("Attaching %s failed: %s", g_file_peek_path (file), local_error->message);
          result->documents_failed++;
        }
    }
  return result;
}

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PeygirIntakePage) self = user_data;
  g_autoptr(GError) error = NULL;
  SaveResult *saved;
  g_autofree char *tracking = NULL;

  saved = peygir_session_run_finish (PEYGIR_SESSION (object), result, &error);
  peygir_intake_page_set_busy (self, FALSE);
  if (saved == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_debug ("Saving the case failed: %s", error->message);
          gtk_label_set_text (self->status_label, error->message);
          _peygir_widget_add_toast (GTK_WIDGET (self), error->message);
        }
      return;
    }

  self->saved_case_id = saved->kase->id;
  tracking = peygir_format_tracking (saved->kase->tracking_code);
  gtk_label_set_text (self->tracking_label, tracking);
  gtk_stack_set_visible_child_name (self->stack, "saved");
  if (saved->documents_failed > 0)
    _peygir_widget_add_toast (GTK_WIDGET (self),
                              _("Some documents could not be attached; attach them again from the case page."));
  save_result_free (saved);
  peygir_session_changed (self->session);
}

static PeygirCaseDraft *
peygir_intake_page_make_draft (PeygirIntakePage *self)
{
  g_autoptr(PeygirCaseDraft) draft = peygir_case_draft_new ();
  g_autofree char *national_id = field_text (self, FIELD_NATIONAL_ID);
  g_autofree char *mobile = field_text (self, FIELD_MOBILE);
  g_autofree char *postal = field_text (self, FIELD_POSTAL_CODE);
  g_autofree char *received = field_text (self, FIELD_RECEIVED_ON);
  g_autofree char *samad = field_text (self, FIELD_SAMAD_CODE);
  guint agency = field_choice (self, FIELD_AGENCY);

  draft->kind = field_choice (self, FIELD_KIND);
  draft->applicant.type = field_choice (self, FIELD_APPLICANT_TYPE);
  draft->applicant.name = field_text (self, FIELD_NAME);
  draft->applicant.national_id = *national_id != '\0' ? peygir_text_digits_only (national_id) : NULL;
  draft->applicant.mobile = peygir_mobile_normalize (mobile, NULL);
  draft->applicant.phone = field_text (self, FIELD_PHONE);
  draft->applicant.address = field_text (self, FIELD_ADDRESS);
  draft->applicant.postal_code = *postal != '\0' ? peygir_text_digits_only (postal) : NULL;
  draft->applicant.email = field_text (self, FIELD_EMAIL);
  draft->subject = field_text (self, FIELD_SUBJECT);
  draft->description = field_text (self, FIELD_DESCRIPTION);
  draft->category = field_choice (self, FIELD_CATEGORY);
  draft->agency_id = agency < self->agency_ids->len ? g_array_index (self->agency_ids, gint64, agency) : 0;
  draft->channel = field_choice (self, FIELD_CHANNEL) + 1;
  draft->samad_code = *samad != '\0' ? peygir_text_digits_only (samad) : NULL;
  if (!peygir_day_parse (received, &draft->received_on, NULL))
    draft->received_on = 0;
  draft->linked_case_id = self->linked_case_id;
  if (draft->applicant.phone != NULL && *draft->applicant.phone == '\0')
    g_clear_pointer (&draft->applicant.phone, g_free);
  if (draft->applicant.email != NULL && *draft->applicant.email == '\0')
    g_clear_pointer (&draft->applicant.email, g_free);
  return g_steal_pointer (&draft);
}

static void
intake_save_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PeygirIntakePage *self = PEYGIR_INTAKE_PAGE (widget);
  SaveData *data;

  peygir_intake_page_validate (self);
  if (!peygir_intake_page_can_save (self))
    return;

  data = g_new0 (SaveData, 1);
  data->draft = peygir_intake_page_make_draft (self);
  data->login = g_strdup (peygir_session_get_login (self->session));
  data->files = g_ptr_array_copy (self->files, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
  g_ptr_array_set_free_func (data->files, g_object_unref);
  peygir_intake_page_set_busy (self, TRUE);
  peygir_session_run (self->session, save_thread, data, (GDestroyNotify) save_data_free,
                      (GDestroyNotify) save_result_free, self->cancellable,
                      save_done_cb, g_object_ref (self));
}

static void
intake_open_case_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PeygirIntakePage *self = PEYGIR_INTAKE_PAGE (widget);

  if (self->saved_case_id != 0)
    g_signal_emit (self, signals[OPEN_CASE], 0, self->saved_case_id);
}

static void
intake_reset_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PeygirIntakePage *self = PEYGIR_INTAKE_PAGE (widget);

  peygir_intake_page_reset (self);
  gtk_entry_grab_focus_without_selecting (GTK_ENTRY (self->state[FIELD_NAME].widget));
}

/* Public */

void
peygir_intake_page_reset (PeygirIntakePage *self)
{
  g_autofree char *today = NULL;

  g_return_if_fail (PEYGIR_IS_INTAKE_PAGE (self));

  self->resetting = TRUE;
  for (Field f = 0; f < N_FIELDS; f++)
    {
      if (fields[f].kind == KIND_ENTRY)
        gtk_editable_set_text (GTK_EDITABLE (self->state[f].widget), "");
      else if (fields[f].kind == KIND_TEXT)
        gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->state[f].widget)), "", -1);
    }
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->state[FIELD_APPLICANT_TYPE].widget), PEYGIR_APPLICANT_CITIZEN);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->state[FIELD_AGENCY].widget), 0);
  today = peygir_day_format (peygir_day_today (), PEYGIR_DATE_NUMERIC);
  gtk_editable_set_text (GTK_EDITABLE (self->state[FIELD_RECEIVED_ON].widget), today);
  g_ptr_array_set_size (self->files, 0);
  peygir_intake_page_show_files (self);
  g_clear_handle_id (&self->earlier_source, g_source_remove);
  g_clear_pointer (&self->earlier_key, g_free);
  self->earlier_serial++;
  peygir_intake_page_show_earlier (self, NULL);
  self->saved_case_id = 0;
  self->resetting = FALSE;

  gtk_stack_set_visible_child_name (self->stack, "form");
  peygir_intake_page_validate (self);
  if (self->session != NULL)
    peygir_intake_page_load_agencies (self);
}

void
peygir_intake_page_start (PeygirIntakePage *self)
{
  g_return_if_fail (PEYGIR_IS_INTAKE_PAGE (self));

  if (!peygir_intake_page_has_input (self))
    peygir_intake_page_reset (self);
  /* the applicant's type is a choice with a default: typing starts at the
   * name, and does not replace a draft's name by selecting it */
  gtk_entry_grab_focus_without_selecting (GTK_ENTRY (self->state[FIELD_NAME].widget));
  gtk_editable_set_position (GTK_EDITABLE (self->state[FIELD_NAME].widget), -1);
}

gboolean
peygir_intake_page_has_input (PeygirIntakePage *self)
{
  g_return_val_if_fail (PEYGIR_IS_INTAKE_PAGE (self), FALSE);

  /* a saved case's form is done with, whatever it still holds */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "form") != 0)
    return FALSE;
  if (self->files->len > 0)
    return TRUE;
  for (Field f = 0; f < N_FIELDS; f++)
    {
      g_autofree char *text = NULL;

      /* the date received starts as today's, not typed by anyone */
      if (fields[f].kind == KIND_CHOICE || f == FIELD_RECEIVED_ON)
        continue;
      text = field_text (self, f);
      g_strstrip (text);
      if (*text != '\0')
        return TRUE;
    }
  return FALSE;
}

void
peygir_intake_page_set_session (PeygirIntakePage *self,
                                PeygirSession    *session)
{
  g_return_if_fail (PEYGIR_IS_INTAKE_PAGE (self));
  g_return_if_fail (PEYGIR_IS_SESSION (session));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  /* An agency added or deactivated at the administrator's desk. */
  g_signal_connect_object (session, "changed", G_CALLBACK (peygir_intake_page_load_agencies), self, G_CONNECT_SWAPPED);
  peygir_intake_page_reset (self);
}

GtkWidget *
peygir_intake_page_get_field (PeygirIntakePage *self,
                              const char       *name)
{
  g_return_val_if_fail (PEYGIR_IS_INTAKE_PAGE (self), NULL);

  for (Field f = 0; f < N_FIELDS; f++)
    if (g_strcmp0 (fields[f].name, name) == 0)
      return self->state[f].widget;
  return NULL;
}

const char *
peygir_intake_page_get_field_error (PeygirIntakePage *self,
                                    const char       *name)
{
  g_return_val_if_fail (PEYGIR_IS_INTAKE_PAGE (self), NULL);

  for (Field f = 0; f < N_FIELDS; f++)
    if (g_strcmp0 (fields[f].name, name) == 0)
      return self->state[f].error;
  return NULL;
}

GListModel *
peygir_intake_page_get_earlier_cases (PeygirIntakePage *self)
{
  g_return_val_if_fail (PEYGIR_IS_INTAKE_PAGE (self), NULL);
  return G_LIST_MODEL (self->earlier_cases);
}

void
peygir_intake_page_link_repeat (PeygirIntakePage *self,
                                gint64            case_id)
{
  g_return_if_fail (PEYGIR_IS_INTAKE_PAGE (self));

  for (guint i = 0; i < self->earlier_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->earlier_checks, i);

      if ((gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (check), "peygir-case-id")) == case_id)
        gtk_check_button_set_active (check, TRUE);
    }
  self->linked_case_id = case_id;
}

gint64
peygir_intake_page_get_saved_case_id (PeygirIntakePage *self)
{
  g_return_val_if_fail (PEYGIR_IS_INTAKE_PAGE (self), 0);
  return self->saved_case_id;
}

gboolean
peygir_intake_page_get_busy (PeygirIntakePage *self)
{
  g_return_val_if_fail (PEYGIR_IS_INTAKE_PAGE (self), FALSE);
  return self->busy > 0 || self->earlier_source != 0;
}

const char *
peygir_intake_page_get_status (PeygirIntakePage *self)
{
  g_return_val_if_fail (PEYGIR_IS_INTAKE_PAGE (self), NULL);

  return gtk_label_get_text (self->status_label);
}

/* GObject */

static void
peygir_intake_page_dispose (GObject *object)
{
  PeygirIntakePage *self = (PeygirIntakePage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->earlier_source, g_source_remove);
  g_clear_object (&self->chooser);
  _peygir_widget_dispose_template (GTK_WIDGET (self), PEYGIR_TYPE_INTAKE_PAGE);

  G_OBJECT_CLASS (peygir_intake_page_parent_class)->dispose (object);
}

static void
peygir_intake_page_finalize (GObject *object)
{
  PeygirIntakePage *self = (PeygirIntakePage *)object;

  for (Field f = 0; f < N_FIELDS; f++)
    g_clear_pointer (&self->state[f].error, g_free);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->earlier_cases);
  g_clear_pointer (&self->agency_ids, g_array_unref);
  g_clear_pointer (&self->agency_names, g_free);
  g_clear_pointer (&self->files, g_ptr_array_unref);
  g_clear_pointer (&self->earlier_checks, g_ptr_array_unref);
  g_clear_pointer (&self->earlier_key, g_free);

  G_OBJECT_CLASS (peygir_intake_page_parent_class)->finalize (object);
}

static void
peygir_intake_page_class_init (PeygirIntakePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = peygir_intake_page_dispose;
  object_class->finalize = peygir_intake_page_finalize;

  /* The saved case, to show it. */
  signals[OPEN_CASE] =
    g_signal_new ("open-case", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/ir/gov/peygir/peygir-intake-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PeygirIntakePage, stack);
  gtk_widget_class_bind_template_child (widget_class, PeygirIntakePage, applicant_grid);
  gtk_widget_class_bind_template_child (widget_class, PeygirIntakePage, case_grid);
  gtk_widget_class_bind_template_child (widget_class, PeygirIntakePage, earlier_group);
  gtk_widget_class_bind_template_child (widget_class, PeygirIntakePage, earlier_list);
  gtk_widget_class_bind_template_child (widget_class, PeygirIntakePage, files_list);
  gtk_widget_class_bind_template_child (widget_class, PeygirIntakePage, status_label);
  gtk_widget_class_bind_template_child (widget_class, PeygirIntakePage, tracking_label);

  gtk_widget_class_install_action (widget_class, "intake.save", NULL, intake_save_action);
  gtk_widget_class_install_action (widget_class, "intake.add-files", NULL, intake_add_files_action);
  gtk_widget_class_install_action (widget_class, "intake.remove-file", "u", intake_remove_file_action);
  gtk_widget_class_install_action (widget_class, "intake.open-case", NULL, intake_open_case_action);
  gtk_widget_class_install_action (widget_class, "intake.reset", NULL, intake_reset_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "intake.save", NULL);
}

static void
peygir_intake_page_init (PeygirIntakePage *self)
{
  self->cancellable = g_cancellable_new ();
  self->agency_ids = g_array_new (FALSE, TRUE, sizeof (gint64));
  self->files = g_ptr_array_new_with_free_func (g_object_unref);
  self->earlier_cases = g_list_store_new (PEYGIR_TYPE_CASE_ITEM);
  self->earlier_checks = g_ptr_array_new ();
  g_array_set_size (self->agency_ids, 1);

  gtk_widget_init_template (GTK_WIDGET (self));
  peygir_intake_page_build (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "intake.save", FALSE);
}
