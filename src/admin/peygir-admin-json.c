/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-admin"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "peygir-admin-json.h"
#include "peygir-date.h"
#include "peygir-error.h"

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int_or_null (JsonBuilder *builder,
                 const char  *name,
                 gint64       value)
{
  json_builder_set_member_name (builder, name);
  if (value != 0)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_bool (JsonBuilder *builder,
          const char  *name,
          gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_day (JsonBuilder *builder,
         const char  *name,
         PeygirDay    day)
{
  g_autofree char *iso = NULL;

  if (day != 0)
    iso = peygir_day_to_iso (day);
  add_string (builder, name, iso);
}

/* Moments in the office's time zone, so that a person reading the JSON sees
 * the hour the desk saw. */
static void
add_moment (JsonBuilder *builder,
            const char  *name,
            gint64       unix_seconds)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autofree char *text = NULL;

  if (unix_seconds != 0)
    {
      zone = g_time_zone_new_identifier (PEYGIR_TIME_ZONE);
      if (zone == NULL)
        zone = g_time_zone_new_utc ();
      utc = g_date_time_new_from_unix_utc (unix_seconds);
      if (utc != NULL)
        local = g_date_time_to_timezone (utc, zone);
      if (local != NULL)
        text = g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
    }
  add_string (builder, name, text);
}

static void
add_applicant (JsonBuilder           *builder,
               const PeygirApplicant *applicant)
{
  json_builder_set_member_name (builder, "applicant");
  json_builder_begin_object (builder);
  add_string (builder, "type", peygir_applicant_type_to_string (applicant->type));
  add_string (builder, "name", applicant->name);
  add_string (builder, "national_id", applicant->national_id);
  add_string (builder, "mobile", applicant->mobile);
  add_string (builder, "phone", applicant->phone);
  add_string (builder, "address", applicant->address);
  add_string (builder, "postal_code", applicant->postal_code);
  add_string (builder, "email", applicant->email);
  json_builder_end_object (builder);
}

static void
add_referral (JsonBuilder          *builder,
              const PeygirReferral *referral)
{
  json_builder_begin_object (builder);
  add_int (builder, "id", referral->id);
  add_int (builder, "agency", referral->agency_id);
  add_string (builder, "agency_name", referral->agency_name);
  add_string (builder, "state", peygir_referral_state_to_string (referral->state));
  add_int (builder, "round", referral->round);
  add_day (builder, "due", referral->due);
  add_bool (builder, "overdue", referral->overdue);
  add_string (builder, "letter_number", referral->letter_number);
  add_string (builder, "letter_text", referral->letter_text);
  add_string (builder, "approved_by", referral->approved_by_name);
  add_moment (builder, "approved_at", referral->approved_at);
  add_moment (builder, "dispatched_at", referral->dispatched_at);
  add_int (builder, "follow_ups", referral->follow_ups);
  add_string (builder, "reminder", peygir_reminder_state_to_string (referral->reminder));
  add_string (builder, "last_reminder_number", referral->last_reminder_number);
  add_string (builder, "answer", referral->answer);
  add_moment (builder, "answered_at", referral->answered_at);
  add_string (builder, "answer_number", referral->answer_number);
  add_day (builder, "answer_date", referral->answer_date);
  if (referral->answer_document_id != 0)
    add_int (builder, "answer_document", referral->answer_document_id);
  json_builder_end_object (builder);
}

static void
add_event (JsonBuilder       *builder,
           const PeygirEvent *event)
{
  json_builder_begin_object (builder);
  add_int (builder, "id", event->id);
  add_moment (builder, "at", event->at);
  add_string (builder, "actor", event->actor_name);
  if (event->operator_name != NULL)
    add_string (builder, "operator", event->operator_name);
  add_string (builder, "action", event->action);
  add_string (builder, "from", event->from_state);
  add_string (builder, "to", event->to_state);
  add_string (builder, "note", event->note);
  add_string (builder, "hash", event->hash);
  json_builder_end_object (builder);
}

static void
add_document (JsonBuilder          *builder,
              const PeygirDocument *document)
{
  json_builder_begin_object (builder);
  add_int (builder, "id", document->id);
  add_string (builder, "name", document->name);
  add_string (builder, "content_type", document->content_type);
  add_int (builder, "size", document->size);
  add_string (builder, "sha256", document->sha256);
  add_moment (builder, "added_at", document->added_at);
  json_builder_end_object (builder);
}

static void
add_contact (JsonBuilder         *builder,
             const PeygirContact *contact)
{
  json_builder_begin_object (builder);
  add_int (builder, "id", contact->id);
  add_moment (builder, "at", contact->at);
  add_string (builder, "user", contact->user_name);
  add_string (builder, "channel", peygir_channel_to_string (contact->channel));
  add_string (builder, "note", contact->note);
  json_builder_end_object (builder);
}

JsonNode *
peygir_admin_case_to_json (const PeygirCase *kase,
                           GPtrArray        *events,
                           GPtrArray        *documents,
                           GPtrArray        *contacts)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (kase != NULL, NULL);

  json_builder_begin_object (builder);
  add_int (builder, "id", kase->id);
  add_string (builder, "tracking_code", kase->tracking_code);
  add_string (builder, "registration_number", kase->registration_number);
  add_string (builder, "kind", peygir_kind_to_string (kase->kind));
  add_string (builder, "state", peygir_state_to_string (kase->state));
  add_int (builder, "version", kase->version);
  add_int (builder, "round", kase->round);
  add_bool (builder, "overdue", kase->overdue);
  add_day (builder, "service_due", kase->service_due);
  add_bool (builder, "service_overdue", kase->service_overdue);
  add_bool (builder, "paused", kase->paused_at != 0);
  add_applicant (builder, &kase->applicant);
  add_string (builder, "subject", kase->subject);
  add_string (builder, "description", kase->description);
  add_string (builder, "category", peygir_category_to_string (kase->category));
  add_int_or_null (builder, "agency", kase->agency_id);
  add_string (builder, "agency_name", kase->agency_name);
  add_string (builder, "channel", peygir_channel_to_string (kase->channel));
  add_string (builder, "samad_code", kase->samad_code);
  add_int_or_null (builder, "linked_case", kase->linked_case_id);

  json_builder_set_member_name (builder, "expert");
  if (kase->expert_id != 0)
    {
      json_builder_begin_object (builder);
      add_int (builder, "id", kase->expert_id);
      add_string (builder, "name", kase->expert_name);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  add_day (builder, "received_on", kase->received_on);
  add_moment (builder, "created_at", kase->created_at);
  add_moment (builder, "registered_at", kase->registered_at);
  add_moment (builder, "updated_at", kase->updated_at);
  add_moment (builder, "closed_at", kase->closed_at);
  add_moment (builder, "paused_at", kase->paused_at);

  json_builder_set_member_name (builder, "referrals");
  json_builder_begin_array (builder);
  for (guint i = 0; kase->referrals != NULL && i < kase->referrals->len; i++)
    add_referral (builder, g_ptr_array_index (kase->referrals, i));
  json_builder_end_array (builder);

  if (documents != NULL)
    {
      json_builder_set_member_name (builder, "documents");
      json_builder_begin_array (builder);
      for (guint i = 0; i < documents->len; i++)
        add_document (builder, g_ptr_array_index (documents, i));
      json_builder_end_array (builder);
    }

  if (contacts != NULL)
    {
      json_builder_set_member_name (builder, "contacts");
      json_builder_begin_array (builder);
      for (guint i = 0; i < contacts->len; i++)
        add_contact (builder, g_ptr_array_index (contacts, i));
      json_builder_end_array (builder);
    }

  if (events != NULL)
    {
      json_builder_set_member_name (builder, "events");
      json_builder_begin_array (builder);
      for (guint i = 0; i < events->len; i++)
        add_event (builder, g_ptr_array_index (events, i));
      json_builder_end_array (builder);
    }

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
peygir_admin_user_to_json (const PeygirUser *user)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_int (builder, "id", user->id);
  add_string (builder, "login", user->login);
  add_string (builder, "name", user->name);
  add_string (builder, "title", user->title);
  json_builder_set_member_name (builder, "roles");
  json_builder_begin_array (builder);
  for (PeygirRoles role = PEYGIR_ROLE_EXPERT; role <= PEYGIR_ROLE_ADMIN; role <<= 1)
    {
      if (user->roles & role)
        {
          g_autofree char *name = peygir_roles_to_string (role);

          json_builder_add_string_value (builder, name);
        }
    }
  json_builder_end_array (builder);
  add_bool (builder, "active", user->active);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
peygir_admin_agency_to_json (const PeygirAgency *agency)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_int (builder, "id", agency->id);
  add_string (builder, "name", agency->name);
  add_string (builder, "head_title", agency->head_title);
  add_int (builder, "response_days", agency->response_days);
  add_bool (builder, "active", agency->active);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
peygir_admin_register_entry_to_json (const PeygirRegisterEntry *entry)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_string (builder, "direction", entry->incoming ? "incoming" : "outgoing");
  add_string (builder, "number", entry->number);
  add_day (builder, "date", entry->day);
  if (entry->incoming)
    add_day (builder, "letter_date", entry->letter_day);
  add_moment (builder, "recorded_at", entry->at);
  add_string (builder, "kind", peygir_letter_kind_to_string (entry->kind));
  add_string (builder, "state", entry->incoming ? "received" : entry->void_reason != NULL ? "void" : "sent");
  add_string (builder, "void_reason", entry->void_reason);
  add_int (builder, "case", entry->case_id);
  add_string (builder, "registration_number", entry->registration_number);
  add_string (builder, "tracking_code", entry->tracking_code);
  add_string (builder, "subject", entry->subject);
  add_string (builder, "party", entry->party);
  if (entry->agency_id != 0)
    add_int (builder, "agency", entry->agency_id);
  if (entry->referral_id != 0)
    add_int (builder, "referral", entry->referral_id);
  add_bool (builder, "kept_pdf", entry->has_pdf);
  if (entry->document_id != 0)
    add_int (builder, "document", entry->document_id);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
peygir_admin_holiday_to_json (const PeygirHoliday *holiday)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_int (builder, "id", holiday->id);
  add_string (builder, "name", holiday->name);
  /* Either one date, or a month and day of every Persian year. */
  add_day (builder, "date", holiday->day);
  add_int_or_null (builder, "persian_month", holiday->day == 0 ? holiday->persian_month : 0);
  add_int_or_null (builder, "persian_day", holiday->day == 0 ? holiday->persian_day : 0);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

char *
peygir_admin_json_to_string (JsonNode *node,
                             gboolean  pretty)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, pretty);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  return g_strconcat (text, "\n", NULL);
}

/* Reading a draft. */

static gboolean
wrong_type (const char  *field,
            const char  *expected,
            GError     **error)
{
  /* Translators: the first is a JSON field name, the second "a string", "an object", … */
  g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
               _("The field “%s” must be %s."), field, expected);
  return FALSE;
}

static gboolean
read_string (JsonNode    *node,
             const char  *field,
             char       **out,
             GError     **error)
{
  if (JSON_NODE_HOLDS_NULL (node))
    {
      g_clear_pointer (out, g_free);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return wrong_type (field, _("a string"), error);

  g_free (*out);
  *out = json_node_dup_string (node);
  return TRUE;
}

static gboolean
read_id (JsonNode    *node,
         const char  *field,
         gint64      *out,
         GError     **error)
{
  if (JSON_NODE_HOLDS_NULL (node))
    {
      *out = 0;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64
      || json_node_get_int (node) < 0)
    return wrong_type (field, _("a positive whole number"), error);

  *out = json_node_get_int (node);
  return TRUE;
}

/* An enum is read in two steps, the string and then its identifier, so that
 * each enum keeps its own typed from_string function. */
static const char *
read_enum_id (JsonNode    *node,
              const char  *field,
              GError     **error)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      wrong_type (field, _("a string"), error);
      return NULL;
    }
  return json_node_get_string (node);
}

static gboolean
unknown_value (const char  *field,
               const char  *id,
               GError     **error)
{
  g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
               _("The field “%s” has an unknown value “%s”."), field, id);
  return FALSE;
}

static gboolean
unknown_field (const char  *field,
               GError     **error)
{
  g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
               _("The case has no field “%s”."), field);
  return FALSE;
}

static gboolean
read_applicant (JsonObject       *object,
                PeygirApplicant  *applicant,
                GError          **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *node = json_object_get_member (object, name);
      g_autofree char *field = g_strconcat ("applicant.", name, NULL);
      char **target = NULL;

      if (g_str_equal (name, "type"))
        {
          const char *id = read_enum_id (node, field, error);

          if (id == NULL)
            return FALSE;
          if (!peygir_applicant_type_from_string (id, &applicant->type))
            return unknown_value (field, id, error);
          continue;
        }

      if (g_str_equal (name, "name"))
        target = &applicant->name;
      else if (g_str_equal (name, "national_id"))
        target = &applicant->national_id;
      else if (g_str_equal (name, "mobile"))
        target = &applicant->mobile;
      else if (g_str_equal (name, "phone"))
        target = &applicant->phone;
      else if (g_str_equal (name, "address"))
        target = &applicant->address;
      else if (g_str_equal (name, "postal_code"))
        target = &applicant->postal_code;
      else if (g_str_equal (name, "email"))
        target = &applicant->email;
      else
        return unknown_field (field, error);

      if (!read_string (node, field, target, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_draft_member (PeygirCaseDraft  *draft,
                   const char       *name,
                   JsonNode         *node,
                   gboolean         *has_kind,
                   GError          **error)
{
  const char *id;

  if (g_str_equal (name, "kind"))
    {
      if ((id = read_enum_id (node, name, error)) == NULL)
        return FALSE;
      if (!peygir_kind_from_string (id, &draft->kind))
        return unknown_value (name, id, error);
      *has_kind = TRUE;
    }
  else if (g_str_equal (name, "applicant"))
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return wrong_type (name, _("an object"), error);
      return read_applicant (json_node_get_object (node), &draft->applicant, error);
    }
  else if (g_str_equal (name, "subject"))
    return read_string (node, name, &draft->subject, error);
  else if (g_str_equal (name, "description"))
    return read_string (node, name, &draft->description, error);
  else if (g_str_equal (name, "samad_code"))
    return read_string (node, name, &draft->samad_code, error);
  else if (g_str_equal (name, "category"))
    {
      if ((id = read_enum_id (node, name, error)) == NULL)
        return FALSE;
      if (!peygir_category_from_string (id, &draft->category))
        return unknown_value (name, id, error);
    }
  else if (g_str_equal (name, "channel"))
    {
      if ((id = read_enum_id (node, name, error)) == NULL)
        return FALSE;
      if (!peygir_channel_from_string (id, &draft->channel))
        return unknown_value (name, id, error);
    }
  else if (g_str_equal (name, "agency"))
    return read_id (node, name, &draft->agency_id, error);
  else if (g_str_equal (name, "linked_case"))
    return read_id (node, name, &draft->linked_case_id, error);
  else if (g_str_equal (name, "received_on"))
    {
      g_autofree char *text = NULL;

      if (!read_string (node, name, &text, error))
        return FALSE;
      draft->received_on = 0;
      if (text != NULL && !peygir_day_parse (text, &draft->received_on, error))
        return FALSE;
    }
  else
    return unknown_field (name, error);

  return TRUE;
}

/* A case is an object holding one more: far below this. */
#define MAX_JSON_DEPTH 32

/* What json-glib cannot be trusted with, found in the raw text before it
 * parses: nesting deep enough to exhaust its recursion, and "\u0000",
 * which it decodes into a C string that then ends there, silently dropping
 * the rest of the text. One pass that knows where strings are, so that
 * brackets inside them count for nothing and an escaped backslash before
 * "u0000" is text. */
static gboolean
check_json_text (const char  *data,
                 gsize        length,
                 GError     **error)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '"')
            in_string = FALSE;
          else if (c == '\\' && i + 1 < length)
            {
              if (data[i + 1] == 'u' && i + 6 <= length && strncmp (data + i + 2, "0000", 4) == 0)
                {
                  g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                               _("The case contains a null character (\\u0000)."));
                  return FALSE;
                }
              i++;
            }
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > MAX_JSON_DEPTH)
            {
              g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                           _("The case is nested more than %d levels deep."), MAX_JSON_DEPTH);
              return FALSE;
            }
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

PeygirCaseDraft *
peygir_admin_draft_from_json (const char  *data,
                              gsize        length,
                              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(PeygirCaseDraft) draft = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GList) members = NULL;
  gboolean has_kind = FALSE;
  JsonObject *object;
  JsonNode *root;

  g_return_val_if_fail (data != NULL, NULL);

  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                   _("The case is not valid UTF-8 text."));
      return NULL;
    }
  if (!check_json_text (data, length, error))
    return NULL;
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                   _("The case is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                   _("The case must be one JSON object."));
      return NULL;
    }

  draft = peygir_case_draft_new ();
  draft->category = PEYGIR_CATEGORY_OTHER;
  object = json_node_get_object (root);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      if (!read_draft_member (draft, l->data, json_object_get_member (object, l->data),
                              &has_kind, error))
        return NULL;
    }

  if (!has_kind)
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_MISSING,
                   _("The case needs a kind: “request” or “complaint”."));
      return NULL;
    }

  return g_steal_pointer (&draft);
}
