/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-admin"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "peygir-admin-json.h"
#include "peygir-date.h"
#include "peygir-error.h"

/* The members of a record are described by tables: the JSON name, how the
 * value is written, and where the struct keeps it. The order of a table is
 * the order of the object's members. */
typedef enum
{
  FIELD_INT64,          /* gint64 */
  FIELD_INT64_OR_NULL,  /* gint64, null when 0 */
  FIELD_INT64_IF_SET,   /* gint64, left out when 0 */
  FIELD_INT,            /* int */
  FIELD_BOOL,           /* gboolean */
  FIELD_IS_SET,         /* gint64, true when not 0 */
  FIELD_STRING,         /* char *, null when NULL */
  FIELD_STRING_IF_SET,  /* char *, left out when NULL */
  FIELD_DAY,            /* PeygirDay */
  FIELD_MOMENT,         /* gint64 seconds */
  FIELD_ENUM,           /* an enum, by its stable identifier */
  FIELD_OBJECT,         /* an embedded struct, by its own table */
} FieldType;

/* Every enum's _to_string () takes the enum by value, an int. */
typedef const char *(*EnumToString) (int value);

typedef struct _JsonField JsonField;

typedef struct
{
  const JsonField *fields;
  gsize            n_fields;
} JsonFields;

struct _JsonField
{
  const char       *name;
  FieldType         type;
  gsize             offset;
  EnumToString      to_string;  /* FIELD_ENUM */
  const JsonFields *object;     /* FIELD_OBJECT */
};

#define FIELD(type, name, struct_type, member) \
  { (name), (type), G_STRUCT_OFFSET (struct_type, member), NULL, NULL }
#define ENUM_FIELD(name, struct_type, member, to_string) \
  { (name), FIELD_ENUM, G_STRUCT_OFFSET (struct_type, member), (EnumToString) (to_string), NULL }
#define OBJECT_FIELD(name, struct_type, member, object) \
  { (name), FIELD_OBJECT, G_STRUCT_OFFSET (struct_type, member), NULL, &(object) }
#define FIELDS(table) { (table), G_N_ELEMENTS (table) }

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

static void add_fields (JsonBuilder      *builder,
                        const JsonFields *fields,
                        gconstpointer     record);

static void
add_field (JsonBuilder     *builder,
           const JsonField *field,
           gconstpointer    member)
{
  const gint64 *int64 = member;
  const char * const *string = member;

  if ((field->type == FIELD_INT64_IF_SET && *int64 == 0)
      || (field->type == FIELD_STRING_IF_SET && *string == NULL))
    return;

  switch (field->type)
    {
    case FIELD_INT64:
    case FIELD_INT64_IF_SET:
      add_int (builder, field->name, *int64);
      break;
    case FIELD_INT64_OR_NULL:
      add_int_or_null (builder, field->name, *int64);
      break;
    case FIELD_INT:
      add_int (builder, field->name, *(const int *) member);
      break;
    case FIELD_BOOL:
      add_bool (builder, field->name, *(const gboolean *) member);
      break;
    case FIELD_IS_SET:
      add_bool (builder, field->name, *int64 != 0);
      break;
    case FIELD_STRING:
    case FIELD_STRING_IF_SET:
      add_string (builder, field->name, *string);
      break;
    case FIELD_DAY:
      add_day (builder, field->name, *(const PeygirDay *) member);
      break;
    case FIELD_MOMENT:
      add_moment (builder, field->name, *int64);
      break;
    case FIELD_ENUM:
      add_string (builder, field->name, field->to_string (*(const int *) member));
      break;
    case FIELD_OBJECT:
      json_builder_set_member_name (builder, field->name);
      json_builder_begin_object (builder);
      add_fields (builder, field->object, member);
      json_builder_end_object (builder);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
add_fields (JsonBuilder      *builder,
            const JsonFields *fields,
            gconstpointer     record)
{
  for (gsize i = 0; i < fields->n_fields; i++)
    add_field (builder, &fields->fields[i], (const guint8 *) record + fields->fields[i].offset);
}

/* One record as an object of its own, as an array's element is. */
static void
add_record (JsonBuilder      *builder,
            const JsonFields *fields,
            gconstpointer     record)
{
  json_builder_begin_object (builder);
  add_fields (builder, fields, record);
  json_builder_end_object (builder);
}

/* @records (of one kind, described by @fields) as the array @name. */
static void
add_records (JsonBuilder      *builder,
             const char       *name,
             const JsonFields *fields,
             GPtrArray        *records)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; records != NULL && i < records->len; i++)
    add_record (builder, fields, g_ptr_array_index (records, i));
  json_builder_end_array (builder);
}

/* A record alone, as the root of its own JSON. */
static JsonNode *
record_to_json (const JsonFields *fields,
                gconstpointer     record)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  add_record (builder, fields, record);
  return json_builder_get_root (builder);
}

static const JsonField applicant_table[] = {
  ENUM_FIELD ("type", PeygirApplicant, type, peygir_applicant_type_to_string),
  FIELD (FIELD_STRING, "name",        PeygirApplicant, name),
  FIELD (FIELD_STRING, "national_id", PeygirApplicant, national_id),
  FIELD (FIELD_STRING, "mobile",      PeygirApplicant, mobile),
  FIELD (FIELD_STRING, "phone",       PeygirApplicant, phone),
  FIELD (FIELD_STRING, "address",     PeygirApplicant, address),
  FIELD (FIELD_STRING, "postal_code", PeygirApplicant, postal_code),
  FIELD (FIELD_STRING, "email",       PeygirApplicant, email),
};
static const JsonFields applicant_fields = FIELDS (applicant_table);

static const JsonField referral_table[] = {
  FIELD (FIELD_INT64,        "id",                   PeygirReferral, id),
  FIELD (FIELD_INT64,        "agency",               PeygirReferral, agency_id),
  FIELD (FIELD_STRING,       "agency_name",          PeygirReferral, agency_name),
  ENUM_FIELD ("state", PeygirReferral, state, peygir_referral_state_to_string),
  FIELD (FIELD_INT,          "round",                PeygirReferral, round),
  FIELD (FIELD_DAY,          "due",                  PeygirReferral, due),
  FIELD (FIELD_BOOL,         "overdue",              PeygirReferral, overdue),
  FIELD (FIELD_STRING,       "letter_number",        PeygirReferral, letter_number),
  FIELD (FIELD_STRING,       "letter_text",          PeygirReferral, letter_text),
  FIELD (FIELD_STRING,       "approved_by",          PeygirReferral, approved_by_name),
  FIELD (FIELD_MOMENT,       "approved_at",          PeygirReferral, approved_at),
  FIELD (FIELD_MOMENT,       "dispatched_at",        PeygirReferral, dispatched_at),
  FIELD (FIELD_INT,          "follow_ups",           PeygirReferral, follow_ups),
  ENUM_FIELD ("reminder", PeygirReferral, reminder, peygir_reminder_state_to_string),
  FIELD (FIELD_STRING,       "last_reminder_number", PeygirReferral, last_reminder_number),
  FIELD (FIELD_STRING,       "answer",               PeygirReferral, answer),
  FIELD (FIELD_MOMENT,       "answered_at",          PeygirReferral, answered_at),
  FIELD (FIELD_STRING,       "answer_number",        PeygirReferral, answer_number),
  FIELD (FIELD_DAY,          "answer_date",          PeygirReferral, answer_date),
  FIELD (FIELD_INT64_IF_SET, "answer_document",      PeygirReferral, answer_document_id),
};
static const JsonFields referral_fields = FIELDS (referral_table);

static const JsonField event_table[] = {
  FIELD (FIELD_INT64,         "id",       PeygirEvent, id),
  FIELD (FIELD_MOMENT,        "at",       PeygirEvent, at),
  FIELD (FIELD_STRING,        "actor",    PeygirEvent, actor_name),
  FIELD (FIELD_STRING_IF_SET, "operator", PeygirEvent, operator_name),
  FIELD (FIELD_STRING,        "action",   PeygirEvent, action),
  FIELD (FIELD_STRING,        "from",     PeygirEvent, from_state),
  FIELD (FIELD_STRING,        "to",       PeygirEvent, to_state),
  FIELD (FIELD_STRING,        "note",     PeygirEvent, note),
  FIELD (FIELD_STRING,        "hash",     PeygirEvent, hash),
};
static const JsonFields event_fields = FIELDS (event_table);

static const JsonField document_table[] = {
  FIELD (FIELD_INT64,  "id",           PeygirDocument, id),
  FIELD (FIELD_STRING, "name",         PeygirDocument, name),
  FIELD (FIELD_STRING, "content_type", PeygirDocument, content_type),
  FIELD (FIELD_INT64,  "size",         PeygirDocument, size),
  FIELD (FIELD_STRING, "sha256",       PeygirDocument, sha256),
  FIELD (FIELD_MOMENT, "added_at",     PeygirDocument, added_at),
};
static const JsonFields document_fields = FIELDS (document_table);

static const JsonField contact_table[] = {
  FIELD (FIELD_INT64,  "id",   PeygirContact, id),
  FIELD (FIELD_MOMENT, "at",   PeygirContact, at),
  FIELD (FIELD_STRING, "user", PeygirContact, user_name),
  ENUM_FIELD ("channel", PeygirContact, channel, peygir_channel_to_string),
  FIELD (FIELD_STRING, "note", PeygirContact, note),
};
static const JsonFields contact_fields = FIELDS (contact_table);

/* A case up to its expert, and after it. */
static const JsonField case_table[] = {
  FIELD (FIELD_INT64,         "id",                  PeygirCase, id),
  FIELD (FIELD_STRING,        "tracking_code",       PeygirCase, tracking_code),
  FIELD (FIELD_STRING,        "registration_number", PeygirCase, registration_number),
  ENUM_FIELD ("kind", PeygirCase, kind, peygir_kind_to_string),
  ENUM_FIELD ("state", PeygirCase, state, peygir_state_to_string),
  FIELD (FIELD_INT,           "version",             PeygirCase, version),
  FIELD (FIELD_INT,           "round",               PeygirCase, round),
  FIELD (FIELD_BOOL,          "overdue",             PeygirCase, overdue),
  FIELD (FIELD_DAY,           "service_due",         PeygirCase, service_due),
  FIELD (FIELD_BOOL,          "service_overdue",     PeygirCase, service_overdue),
  FIELD (FIELD_IS_SET,        "paused",              PeygirCase, paused_at),
  OBJECT_FIELD ("applicant", PeygirCase, applicant, applicant_fields),
  FIELD (FIELD_STRING,        "subject",             PeygirCase, subject),
  FIELD (FIELD_STRING,        "description",         PeygirCase, description),
  ENUM_FIELD ("category", PeygirCase, category, peygir_category_to_string),
  FIELD (FIELD_INT64_OR_NULL, "agency",              PeygirCase, agency_id),
  FIELD (FIELD_STRING,        "agency_name",         PeygirCase, agency_name),
  ENUM_FIELD ("channel", PeygirCase, channel, peygir_channel_to_string),
  FIELD (FIELD_STRING,        "samad_code",          PeygirCase, samad_code),
  FIELD (FIELD_INT64_OR_NULL, "linked_case",         PeygirCase, linked_case_id),
};
static const JsonFields case_fields = FIELDS (case_table);

static const JsonField case_times_table[] = {
  FIELD (FIELD_DAY,    "received_on",   PeygirCase, received_on),
  FIELD (FIELD_MOMENT, "created_at",    PeygirCase, created_at),
  FIELD (FIELD_MOMENT, "registered_at", PeygirCase, registered_at),
  FIELD (FIELD_MOMENT, "updated_at",    PeygirCase, updated_at),
  FIELD (FIELD_MOMENT, "closed_at",     PeygirCase, closed_at),
  FIELD (FIELD_MOMENT, "paused_at",     PeygirCase, paused_at),
};
static const JsonFields case_times_fields = FIELDS (case_times_table);

JsonNode *
peygir_admin_case_to_json (const PeygirCase *kase,
                           GPtrArray        *events,
                           GPtrArray        *documents,
                           GPtrArray        *contacts)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (kase != NULL, NULL);

  json_builder_begin_object (builder);
  add_fields (builder, &case_fields, kase);

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

  add_fields (builder, &case_times_fields, kase);
  add_records (builder, "referrals", &referral_fields, kase->referrals);
  if (documents != NULL)
    add_records (builder, "documents", &document_fields, documents);
  if (contacts != NULL)
    add_records (builder, "contacts", &contact_fields, contacts);
  if (events != NULL)
    add_records (builder, "events", &event_fields, events);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* What case new prints: the case's id and the code the applicant is given. */
static const JsonField case_created_table[] = {
  FIELD (FIELD_INT64,  "id",            PeygirCase, id),
  FIELD (FIELD_STRING, "tracking_code", PeygirCase, tracking_code),
};
static const JsonFields case_created_fields = FIELDS (case_created_table);

JsonNode *
peygir_admin_case_created_to_json (const PeygirCase *kase)
{
  return record_to_json (&case_created_fields, kase);
}

/* What case attach prints: the document kept, and what proves it. */
static const JsonField document_added_table[] = {
  FIELD (FIELD_INT64,  "id",     PeygirDocument, id),
  FIELD (FIELD_INT64,  "case",   PeygirDocument, case_id),
  FIELD (FIELD_INT64,  "size",   PeygirDocument, size),
  FIELD (FIELD_STRING, "sha256", PeygirDocument, sha256),
};
static const JsonFields document_added_fields = FIELDS (document_added_table);

JsonNode *
peygir_admin_document_added_to_json (const PeygirDocument *document)
{
  return record_to_json (&document_added_fields, document);
}

static const JsonField user_table[] = {
  FIELD (FIELD_INT64,  "id",    PeygirUser, id),
  FIELD (FIELD_STRING, "login", PeygirUser, login),
  FIELD (FIELD_STRING, "name",  PeygirUser, name),
  FIELD (FIELD_STRING, "title", PeygirUser, title),
};
static const JsonFields user_fields = FIELDS (user_table);

JsonNode *
peygir_admin_user_to_json (const PeygirUser *user)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_fields (builder, &user_fields, user);
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

static const JsonField agency_table[] = {
  FIELD (FIELD_INT64,  "id",            PeygirAgency, id),
  FIELD (FIELD_STRING, "name",          PeygirAgency, name),
  FIELD (FIELD_STRING, "head_title",    PeygirAgency, head_title),
  FIELD (FIELD_INT,    "response_days", PeygirAgency, response_days),
  FIELD (FIELD_BOOL,   "active",        PeygirAgency, active),
};
static const JsonFields agency_fields = FIELDS (agency_table);

JsonNode *
peygir_admin_agency_to_json (const PeygirAgency *agency)
{
  return record_to_json (&agency_fields, agency);
}

const char *
peygir_admin_register_entry_direction (const PeygirRegisterEntry *entry)
{
  return entry->incoming ? "incoming" : "outgoing";
}

const char *
peygir_admin_register_entry_state (const PeygirRegisterEntry *entry)
{
  return entry->incoming ? "received" : entry->void_reason != NULL ? "void" : "sent";
}

static const JsonField register_number_table[] = {
  FIELD (FIELD_STRING, "number", PeygirRegisterEntry, number),
  FIELD (FIELD_DAY,    "date",   PeygirRegisterEntry, day),
};
static const JsonFields register_number_fields = FIELDS (register_number_table);

static const JsonField register_kind_table[] = {
  FIELD (FIELD_MOMENT, "recorded_at", PeygirRegisterEntry, at),
  ENUM_FIELD ("kind", PeygirRegisterEntry, kind, peygir_letter_kind_to_string),
};
static const JsonFields register_kind_fields = FIELDS (register_kind_table);

static const JsonField register_case_table[] = {
  FIELD (FIELD_STRING,       "void_reason",         PeygirRegisterEntry, void_reason),
  FIELD (FIELD_INT64,        "case",                PeygirRegisterEntry, case_id),
  FIELD (FIELD_STRING,       "registration_number", PeygirRegisterEntry, registration_number),
  FIELD (FIELD_STRING,       "tracking_code",       PeygirRegisterEntry, tracking_code),
  FIELD (FIELD_STRING,       "subject",             PeygirRegisterEntry, subject),
  FIELD (FIELD_STRING,       "party",               PeygirRegisterEntry, party),
  FIELD (FIELD_INT64_IF_SET, "agency",              PeygirRegisterEntry, agency_id),
  FIELD (FIELD_INT64_IF_SET, "referral",            PeygirRegisterEntry, referral_id),
  FIELD (FIELD_BOOL,         "kept_pdf",            PeygirRegisterEntry, has_pdf),
  FIELD (FIELD_INT64_IF_SET, "document",            PeygirRegisterEntry, document_id),
};
static const JsonFields register_case_fields = FIELDS (register_case_table);

JsonNode *
peygir_admin_register_entry_to_json (const PeygirRegisterEntry *entry)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_string (builder, "direction", peygir_admin_register_entry_direction (entry));
  add_fields (builder, &register_number_fields, entry);
  if (entry->incoming)
    add_day (builder, "letter_date", entry->letter_day);
  add_fields (builder, &register_kind_fields, entry);
  add_string (builder, "state", peygir_admin_register_entry_state (entry));
  add_fields (builder, &register_case_fields, entry);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static const JsonField holiday_table[] = {
  FIELD (FIELD_INT64,  "id",   PeygirHoliday, id),
  FIELD (FIELD_STRING, "name", PeygirHoliday, name),
  FIELD (FIELD_DAY,    "date", PeygirHoliday, day),
};
static const JsonFields holiday_fields = FIELDS (holiday_table);

JsonNode *
peygir_admin_holiday_to_json (const PeygirHoliday *holiday)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_fields (builder, &holiday_fields, holiday);
  /* Either one date, or a month and day of every Persian year. */
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

/* The report (peygir-report.h). Averages are null where there is nothing
 * to average: no case closed, none received, no answer from the agency. */

static void
add_number_or_null (JsonBuilder *builder,
                    const char  *name,
                    gboolean     known,
                    double       value)
{
  json_builder_set_member_name (builder, name);
  if (known)
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static const JsonField report_count_table[] = {
  FIELD (FIELD_STRING_IF_SET, "key",   PeygirReportCount, key),
  FIELD (FIELD_STRING_IF_SET, "name",  PeygirReportCount, name),
  FIELD (FIELD_INT64,         "count", PeygirReportCount, count),
};
static const JsonFields report_count_fields = FIELDS (report_count_table);

static const JsonField report_expert_table[] = {
  FIELD (FIELD_INT64,  "id",          PeygirReportExpert, id),
  FIELD (FIELD_STRING, "login",       PeygirReportExpert, login),
  FIELD (FIELD_STRING, "name",        PeygirReportExpert, name),
  FIELD (FIELD_INT64,  "handled",     PeygirReportExpert, handled),
  FIELD (FIELD_INT64,  "open_now",    PeygirReportExpert, open_now),
  FIELD (FIELD_INT64,  "overdue_now", PeygirReportExpert, overdue_now),
};
static const JsonFields report_expert_fields = FIELDS (report_expert_table);

static void
add_report_agency (JsonBuilder              *builder,
                   const PeygirReportAgency *agency)
{
  json_builder_begin_object (builder);
  add_int (builder, "id", agency->id);
  add_string (builder, "name", agency->name);
  add_int (builder, "referred", agency->referred);
  add_int (builder, "answered", agency->answered);
  add_int (builder, "answered_on_time", agency->answered_on_time);
  add_number_or_null (builder, "mean_answer_days", agency->answered > 0, agency->mean_answer_days);
  add_number_or_null (builder, "median_answer_days", agency->answered > 0, agency->median_answer_days);
  add_int (builder, "follow_ups", agency->follow_ups);
  add_bool (builder, "ranked", agency->ranked);
  json_builder_end_object (builder);
}

/* [{"month": "1405-02", "count": N}, …] */
static void
add_report_months (JsonBuilder        *builder,
                   const PeygirReport *report)
{
  json_builder_set_member_name (builder, "by_month");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->by_month->len; i++)
    {
      const PeygirReportCount *month = g_ptr_array_index (report->by_month, i);

      json_builder_begin_object (builder);
      add_string (builder, "month", month->key);
      add_int (builder, "count", month->count);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_report_days (JsonBuilder        *builder,
                 const PeygirReport *report)
{
  gboolean known = report->closed > 0;

  json_builder_set_member_name (builder, "days_to_close");
  json_builder_begin_object (builder);
  add_number_or_null (builder, "mean", known, report->days_mean);
  add_number_or_null (builder, "median", known, report->days_median);
  add_number_or_null (builder, "p90", known, report->days_p90);
  add_number_or_null (builder, "within_target_percent", known, report->within_target_percent);
  add_int (builder, "target", report->service_days);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "close_days");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->close_days->len; i++)
    json_builder_add_int_value (builder, g_array_index (report->close_days, int, i));
  json_builder_end_array (builder);
}

JsonNode *
peygir_admin_report_to_json (const PeygirReport *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_day (builder, "from", report->from);
  add_day (builder, "to", report->to);
  add_int (builder, "received", report->received);
  add_int (builder, "closed", report->closed);
  add_int (builder, "rejected", report->rejected);
  add_int (builder, "open_at_end", report->open_at_end);
  add_report_days (builder, report);
  add_number_or_null (builder, "visits_per_case", report->received > 0, report->visits_per_case);
  add_int (builder, "rank_minimum", report->rank_minimum);
  json_builder_set_member_name (builder, "agencies");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->agencies->len; i++)
    add_report_agency (builder, g_ptr_array_index (report->agencies, i));
  json_builder_end_array (builder);
  add_records (builder, "by_kind", &report_count_fields, report->by_kind);
  add_records (builder, "by_channel", &report_count_fields, report->by_channel);
  add_records (builder, "by_applicant_type", &report_count_fields, report->by_applicant_type);
  add_records (builder, "by_category", &report_count_fields, report->by_category);
  add_records (builder, "by_agency", &report_count_fields, report->by_agency);
  add_report_months (builder, report);
  add_records (builder, "open_by_state", &report_count_fields, report->open_by_state);
  add_records (builder, "experts", &report_expert_fields, report->experts);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
