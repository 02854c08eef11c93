/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-import"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "peygir-date.h"
#include "peygir-error.h"
#include "peygir-import.h"
#include "peygir-import-private.h"
#include "peygir-text.h"
#include "peygir-workflow.h"

/* The fields a mapping may give, in the order a row is checked. */
typedef enum
{
  F_KIND,
  F_APPLICANT_TYPE,
  F_CATEGORY,
  F_CHANNEL,
  F_STATE,
  F_APPLICANT_NAME,
  F_NATIONAL_ID,
  F_MOBILE,
  F_PHONE,
  F_ADDRESS,
  F_POSTAL_CODE,
  F_EMAIL,
  F_SUBJECT,
  F_DESCRIPTION,
  F_SAMAD_CODE,
  F_AGENCY,
  F_RECEIVED_ON,
  F_REGISTERED_ON,
  F_REFERRED_ON,
  F_ANSWERED_ON,
  F_CLOSED_ON,
  F_REGISTRATION_NUMBER,
  F_REGISTRATION_YEAR,
  F_REGISTRATION_SEQUENCE,
  F_TRACKING_CODE,
  N_FIELDS
} Field;

typedef enum
{
  TEXT,
  ENUMERATION,
  DATE,
} FieldKind;

static const struct
{
  const char *id;
  FieldKind   kind;
} fields[N_FIELDS] = {
  [F_KIND]                  = { "kind", ENUMERATION },
  [F_APPLICANT_TYPE]        = { "applicant_type", ENUMERATION },
  [F_CATEGORY]              = { "category", ENUMERATION },
  [F_CHANNEL]               = { "channel", ENUMERATION },
  [F_STATE]                 = { "state", ENUMERATION },
  [F_APPLICANT_NAME]        = { "applicant_name", TEXT },
  [F_NATIONAL_ID]           = { "national_id", TEXT },
  [F_MOBILE]                = { "mobile", TEXT },
  [F_PHONE]                 = { "phone", TEXT },
  [F_ADDRESS]               = { "address", TEXT },
  [F_POSTAL_CODE]           = { "postal_code", TEXT },
  [F_EMAIL]                 = { "email", TEXT },
  [F_SUBJECT]               = { "subject", TEXT },
  [F_DESCRIPTION]           = { "description", TEXT },
  [F_SAMAD_CODE]            = { "samad_code", TEXT },
  [F_AGENCY]                = { "agency", TEXT },
  [F_RECEIVED_ON]           = { "received_on", DATE },
  [F_REGISTERED_ON]         = { "registered_on", DATE },
  [F_REFERRED_ON]           = { "referred_on", DATE },
  [F_ANSWERED_ON]           = { "answered_on", DATE },
  [F_CLOSED_ON]             = { "closed_on", DATE },
  [F_REGISTRATION_NUMBER]   = { "registration_number", TEXT },
  [F_REGISTRATION_YEAR]     = { "registration_year", TEXT },
  [F_REGISTRATION_SEQUENCE] = { "registration_sequence", TEXT },
  [F_TRACKING_CODE]         = { "tracking_code", TEXT },
};

/* Every case has these, from a column or a default. */
static const Field required_fields[] = {
  F_KIND, F_APPLICANT_NAME, F_SUBJECT, F_DESCRIPTION, F_STATE,
};

typedef struct
{
  char       *column_name;    /* normalised; NULL when by index or not given */
  int         column_index;   /* 1-based; 0 when by name or not given */
  char       *default_value;
  GHashTable *values;         /* normalised word → identifier; NULL: none */
} FieldMap;

struct _PeygirImportMapping
{
  gboolean gregorian;
  FieldMap fields[N_FIELDS];
};

struct _PeygirImportAgencies
{
  GPtrArray  *agencies;       /* of PeygirAgency */
  GHashTable *by_name;        /* normalised name → PeygirAgency */
  GHashTable *unknown;        /* normalised name → PeygirImportUnknownAgency */
};

struct _PeygirImport
{
  PeygirImportTable    *table;
  PeygirImportMapping  *mapping;
  PeygirImportAgencies *agencies;
  int                   columns[N_FIELDS];   /* 0-based index in a row; -1: none */
  GHashTable           *registration_lines;  /* "1398/125" → first line */
  GHashTable           *tracking_lines;      /* tracking code → first line */
  PeygirDay             today;
};

/* A row being read: the first refusal ends it. */
typedef struct
{
  PeygirImport        *import;
  char               **cells;
  guint                n_cells;
  guint                line;
  PeygirImportRefusal *refusal;
} Row;

/* The mapping */

static gboolean
mapping_error (GError    **error,
               const char *format,
               ...) G_GNUC_PRINTF (2, 3);

static gboolean
mapping_error (GError    **error,
               const char *format,
               ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (PEYGIR_IMPORT_ERROR, PEYGIR_IMPORT_ERROR_MAPPING,
                                                format, args));
  va_end (args);
  return FALSE;
}

static gboolean
field_from_id (const char *id,
               Field      *out)
{
  for (int i = 0; i < N_FIELDS; i++)
    if (g_str_equal (fields[i].id, id))
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

/* Whether @id is one of the enumeration @field's identifiers, into @out. */
static gboolean
enum_from_id (Field       field,
              const char *id,
              int        *out)
{
  switch (field)
    {
    case F_KIND:
      {
        PeygirCaseKind v;
        return peygir_kind_from_string (id, &v) && (*out = v, TRUE);
      }
    case F_APPLICANT_TYPE:
      {
        PeygirApplicantType v;
        return peygir_applicant_type_from_string (id, &v) && (*out = v, TRUE);
      }
    case F_CATEGORY:
      {
        PeygirCategory v;
        return peygir_category_from_string (id, &v) && (*out = v, TRUE);
      }
    case F_CHANNEL:
      {
        PeygirChannel v;
        return peygir_channel_from_string (id, &v) && (*out = v, TRUE);
      }
    case F_STATE:
      {
        PeygirState v;
        return peygir_state_from_string (id, &v) && (*out = v, TRUE);
      }
    default:
      g_return_val_if_reached (FALSE);
    }
}

/* A string, or a whole number written as one (a column index, a year). */
static char *
member_text (JsonNode *node)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return NULL;
}

static gboolean
read_values (FieldMap    *map,
             Field        field,
             JsonNode    *node,
             GError     **error)
{
  JsonObject *object;
  g_autoptr(GList) words = NULL;

  if (fields[field].kind != ENUMERATION || !JSON_NODE_HOLDS_OBJECT (node))
    return mapping_error (error, _("In the mapping, “values” of “%s” must be an object, and only an enumeration has one."),
                          fields[field].id);
  object = json_node_get_object (node);
  map->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  words = json_object_get_members (object);
  for (GList *l = words; l != NULL; l = l->next)
    {
      g_autofree char *id = member_text (json_object_get_member (object, l->data));
      int value;

      if (id == NULL || !enum_from_id (field, id, &value))
        return mapping_error (error, _("In the mapping, the value of “%s” for “%s” is not one of Peygir’s identifiers."),
                              (const char *) l->data, fields[field].id);
      g_hash_table_insert (map->values, peygir_text_normalize (l->data), g_steal_pointer (&id));
    }
  return TRUE;
}

static gboolean
read_column (FieldMap    *map,
             Field        field,
             JsonNode    *node,
             GError     **error)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      gint64 index = json_node_get_int (node);

      if (index < 1 || index > G_MAXINT)
        return mapping_error (error, _("In the mapping, the column of “%s” must count from 1."), fields[field].id);
      map->column_index = (int) index;
      return TRUE;
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      map->column_name = peygir_text_normalize (json_node_get_string (node));
      if (*map->column_name != '\0')
        return TRUE;
    }
  return mapping_error (error, _("In the mapping, the column of “%s” must be a header’s name or a number."),
                        fields[field].id);
}

static gboolean
read_field (PeygirImportMapping  *self,
            const char           *id,
            JsonNode             *node,
            GError              **error)
{
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  FieldMap *map;
  Field field;

  if (!field_from_id (id, &field))
    return mapping_error (error, _("The mapping names “%s”, which is not a field of a case."), id);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return mapping_error (error, _("In the mapping, “%s” must be an object with a “column” or a “default”."), id);

  map = &self->fields[field];
  object = json_node_get_object (node);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *member = json_object_get_member (object, name);

      if (g_str_equal (name, "column"))
        {
          if (!read_column (map, field, member, error))
            return FALSE;
        }
      else if (g_str_equal (name, "default"))
        {
          if ((map->default_value = member_text (member)) == NULL)
            return mapping_error (error, _("In the mapping, the default of “%s” must be text."), id);
        }
      else if (g_str_equal (name, "values"))
        {
          if (!read_values (map, field, member, error))
            return FALSE;
        }
      else
        return mapping_error (error, _("In the mapping, “%s” has “%s”, which is not “column”, “default” or “values”."),
                              id, name);
    }
  if (map->column_name == NULL && map->column_index == 0 && map->default_value == NULL)
    return mapping_error (error, _("In the mapping, “%s” must be an object with a “column” or a “default”."), id);
  return TRUE;
}

static gboolean
field_mapped (const PeygirImportMapping *self,
              Field                      field)
{
  const FieldMap *map = &self->fields[field];

  return map->column_name != NULL || map->column_index > 0 || map->default_value != NULL;
}

/* What every row needs and what cannot be given twice. */
static gboolean
check_mapping (PeygirImportMapping  *self,
               GError              **error)
{
  gboolean by_number = field_mapped (self, F_REGISTRATION_NUMBER);
  gboolean by_year = field_mapped (self, F_REGISTRATION_YEAR);
  gboolean by_sequence = field_mapped (self, F_REGISTRATION_SEQUENCE);

  for (guint i = 0; i < G_N_ELEMENTS (required_fields); i++)
    if (!field_mapped (self, required_fields[i]))
      return mapping_error (error, _("The mapping gives no column or default for “%s”, which every case needs."),
                            fields[required_fields[i]].id);
  if (!field_mapped (self, F_RECEIVED_ON) && !field_mapped (self, F_REGISTERED_ON))
    return mapping_error (error, _("The mapping gives no column for “received_on” or “registered_on”: a past case needs its date."));
  if (by_number && (by_year || by_sequence))
    return mapping_error (error, _("The mapping gives the registration number both whole and as year and sequence: give one."));
  if (by_year != by_sequence)
    return mapping_error (error, _("The mapping gives only one of “registration_year” and “registration_sequence”: give both."));

  for (int i = 0; i < N_FIELDS; i++)
    {
      const char *value = self->fields[i].default_value;
      g_autofree char *id = NULL;
      int unused;

      if (value == NULL || fields[i].kind != ENUMERATION)
        continue;
      id = peygir_text_normalize (value);
      if (!(self->fields[i].values != NULL && g_hash_table_contains (self->fields[i].values, id))
          && !enum_from_id (i, value, &unused))
        return mapping_error (error, _("In the mapping, the default of “%s” is not one of Peygir’s identifiers."),
                              fields[i].id);
    }
  return TRUE;
}

static gboolean
read_mapping (PeygirImportMapping  *self,
              JsonObject           *root,
              GError              **error)
{
  g_autoptr(GList) members = json_object_get_members (root);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *node = json_object_get_member (root, name);

      if (g_str_equal (name, "dates"))
        {
          const char *dates = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
                              ? json_node_get_string (node) : "";

          if (!g_str_equal (dates, "persian") && !g_str_equal (dates, "gregorian"))
            return mapping_error (error, _("In the mapping, “dates” must be “persian” or “gregorian”."));
          self->gregorian = g_str_equal (dates, "gregorian");
        }
      else if (g_str_equal (name, "fields") && JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *object = json_node_get_object (node);
          g_autoptr(GList) names = json_object_get_members (object);

          for (GList *f = names; f != NULL; f = f->next)
            if (!read_field (self, f->data, json_object_get_member (object, f->data), error))
              return FALSE;
        }
      else
        return mapping_error (error, _("The mapping has “%s”; it holds only “dates” and the object “fields”."), name);
    }
  return check_mapping (self, error);
}

PeygirImportMapping *
peygir_import_mapping_new_from_data (const char  *data,
                                     gssize       length,
                                     GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(PeygirImportMapping) self = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL, NULL);

  if (!g_utf8_validate (data, length, NULL))
    {
      mapping_error (error, _("The mapping is not UTF-8 text."));
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      mapping_error (error, _("The mapping is not valid JSON: %s"), local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      mapping_error (error, _("The mapping must be one JSON object."));
      return NULL;
    }
  self = g_new0 (PeygirImportMapping, 1);
  if (!read_mapping (self, json_node_get_object (root), error))
    return NULL;
  return g_steal_pointer (&self);
}

/* A mapping is a few kilobytes; this is far above any. */
#define MAX_MAPPING_SIZE (1024 * 1024)

PeygirImportMapping *
peygir_import_mapping_new_from_file (GFile   *file,
                                     GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *shown = NULL;
  gconstpointer data;
  gsize length;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  shown = g_file_get_parse_name (file);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return NULL;
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR || g_file_info_get_size (info) > MAX_MAPPING_SIZE)
    {
      mapping_error (error, _("%s is not a mapping: a mapping is a small JSON file."), shown);
      return NULL;
    }
  bytes = g_file_load_bytes (file, NULL, NULL, error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &length);
  return peygir_import_mapping_new_from_data (length > 0 ? data : "", length, error);
}

void
peygir_import_mapping_free (PeygirImportMapping *self)
{
  if (self == NULL)
    return;
  for (int i = 0; i < N_FIELDS; i++)
    {
      g_free (self->fields[i].column_name);
      g_free (self->fields[i].default_value);
      g_clear_pointer (&self->fields[i].values, g_hash_table_unref);
    }
  g_free (self);
}

/* Agencies by name */

/* The search's normalisation, then without spaces: a registry writes
 * بهداشتی‌درمانی, بهداشتی درمانی and بهداشتیدرمانی for one agency. */
static char *
agency_key (const char *name)
{
  g_autofree char *normal = peygir_text_normalize (name != NULL ? name : "");
  GString *key = g_string_sized_new (strlen (normal));

  for (const char *p = normal; *p != '\0'; p++)
    if (*p != ' ')
      g_string_append_c (key, *p);
  return g_string_free (key, FALSE);
}

static void
unknown_agency_free (PeygirImportUnknownAgency *unknown)
{
  g_free (unknown->name);
  g_free (unknown);
}

PeygirImportAgencies *
peygir_import_agencies_new (GPtrArray *agencies)
{
  PeygirImportAgencies *self = g_new0 (PeygirImportAgencies, 1);

  self->agencies = g_ptr_array_new_with_free_func ((GDestroyNotify) peygir_agency_free);
  self->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->unknown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) unknown_agency_free);
  for (guint i = 0; agencies != NULL && i < agencies->len; i++)
    {
      PeygirAgency *agency = peygir_agency_copy (g_ptr_array_index (agencies, i));
      char *key = agency_key (agency->name);

      g_ptr_array_add (self->agencies, agency);
      /* two names the same once normalised: the first (the store's order) */
      if (g_hash_table_contains (self->by_name, key))
        g_free (key);
      else
        g_hash_table_insert (self->by_name, key, agency);
    }
  return self;
}

void
peygir_import_agencies_free (PeygirImportAgencies *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->agencies);
  g_hash_table_unref (self->by_name);
  g_hash_table_unref (self->unknown);
  g_free (self);
}

const PeygirAgency *
peygir_import_agencies_match (PeygirImportAgencies *self,
                              const char           *text)
{
  g_autofree char *key = NULL;
  PeygirImportUnknownAgency *unknown;
  const PeygirAgency *agency;

  g_return_val_if_fail (self != NULL, NULL);

  key = agency_key (text);
  if (*key == '\0')
    return NULL;
  if (!g_hash_table_lookup_extended (self->by_name, key, NULL, (gpointer *) &agency))
    {
      unknown = g_hash_table_lookup (self->unknown, key);
      if (unknown == NULL)
        {
          unknown = g_new0 (PeygirImportUnknownAgency, 1);
          unknown->name = peygir_text_sanitize (text, FALSE);
          g_hash_table_insert (self->unknown, g_steal_pointer (&key), unknown);
        }
      unknown->count++;
      return NULL;
    }
  return agency;
}

static int
compare_unknown (gconstpointer a,
                 gconstpointer b)
{
  const PeygirImportUnknownAgency *x = *(PeygirImportUnknownAgency * const *) a;
  const PeygirImportUnknownAgency *y = *(PeygirImportUnknownAgency * const *) b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return g_strcmp0 (x->name, y->name);
}

GPtrArray *
peygir_import_agencies_unknown (PeygirImportAgencies *self)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) unknown_agency_free);
  GHashTableIter iter;
  PeygirImportUnknownAgency *unknown;

  g_hash_table_iter_init (&iter, self->unknown);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &unknown))
    {
      PeygirImportUnknownAgency *copy = g_new0 (PeygirImportUnknownAgency, 1);

      copy->name = g_strdup (unknown->name);
      copy->count = unknown->count;
      g_ptr_array_add (list, copy);
    }
  g_ptr_array_sort (list, compare_unknown);
  return list;
}

/* Records and refusals */

void
peygir_import_record_free (PeygirImportRecord *record)
{
  if (record == NULL)
    return;
  g_clear_pointer (&record->draft, peygir_case_draft_free);
  g_free (record->registration_number);
  g_free (record->tracking_code);
  g_free (record);
}

void
peygir_import_refusal_free (PeygirImportRefusal *refusal)
{
  if (refusal == NULL)
    return;
  g_free (refusal->column);
  g_clear_error (&refusal->error);
  g_free (refusal);
}

/* Reading a row */

/* How a column is named in a sentence: its header, its number when the
 * header cell is empty, the field's identifier when a default gave it. */
static char *
column_shown (Row   *row,
              Field  field)
{
  const char * const *header = peygir_import_table_get_header (row->import->table);
  int column = row->import->columns[field];

  if (column < 0)
    return g_strdup (fields[field].id);
  if ((guint) column < g_strv_length ((GStrv) header) && header[column][0] != '\0')
    return peygir_text_sanitize (header[column], FALSE);
  return g_strdup_printf ("%d", column + 1);
}

static gboolean
refuse (Row                *row,
        Field               field,
        PeygirImportError   code,
        const char         *format,
        ...) G_GNUC_PRINTF (4, 5);

/* Refuses @row for the column of @field (one sentence in @format); FALSE,
 * so that a check returns refuse (…). */
static gboolean
refuse (Row                *row,
        Field               field,
        PeygirImportError   code,
        const char         *format,
        ...)
{
  PeygirImportRefusal *refusal;
  va_list args;

  g_return_val_if_fail (row->refusal == NULL, FALSE);

  refusal = g_new0 (PeygirImportRefusal, 1);
  refusal->line = row->line;
  if (field < N_FIELDS && row->import->columns[field] >= 0)
    refusal->column = column_shown (row, field);
  va_start (args, format);
  refusal->error = g_error_new_valist (PEYGIR_IMPORT_ERROR, code, format, args);
  va_end (args);
  row->refusal = refusal;
  return FALSE;
}

/* The row's text for @field: its cell, or the mapping's default when the
 * cell is empty or there is no column; NULL when neither has anything. */
static const char *
cell (Row   *row,
      Field  field)
{
  int column = row->import->columns[field];

  if (column >= 0 && (guint) column < row->n_cells && !_peygir_import_is_blank (row->cells[column]))
    return row->cells[column];
  return row->import->mapping->fields[field].default_value;
}

/* An enumeration through the mapping's values, else as an identifier. */
static gboolean
read_enum (Row   *row,
           Field  field,
           int   *out)
{
  GHashTable *values = row->import->mapping->fields[field].values;
  g_autofree char *column = column_shown (row, field);
  g_autofree char *word = NULL;
  const char *text = cell (row, field);
  const char *id;

  if (text == NULL && (field == F_KIND || field == F_STATE))
    return refuse (row, field, PEYGIR_IMPORT_ERROR_MISSING,
                   _("Column “%s” is empty, but every case needs it."), column);
  if (text == NULL)
    return TRUE;   /* the draft's default */
  word = peygir_text_normalize (text);
  id = values != NULL ? g_hash_table_lookup (values, word) : NULL;
  if (enum_from_id (field, id != NULL ? id : word, out))
    return TRUE;
  return refuse (row, field, PEYGIR_IMPORT_ERROR_VALUE,
                 _("Column “%s” has “%s”, which the mapping’s values for “%s” do not name."),
                 column, word, fields[field].id);
}

static gboolean
read_enums (Row             *row,
            PeygirCaseDraft *draft,
            PeygirState     *state)
{
  int kind = draft->kind, type = draft->applicant.type;
  int category = draft->category, channel = draft->channel;
  int final = PEYGIR_STATE_CLOSED;

  if (!read_enum (row, F_KIND, &kind) || !read_enum (row, F_APPLICANT_TYPE, &type)
      || !read_enum (row, F_CATEGORY, &category) || !read_enum (row, F_CHANNEL, &channel)
      || !read_enum (row, F_STATE, &final))
    return FALSE;
  draft->kind = kind;
  draft->applicant.type = type;
  draft->category = category;
  draft->channel = channel;
  *state = final;
  return TRUE;
}

static char *
text_of (Row   *row,
         Field  field)
{
  const char *text = cell (row, field);

  return text != NULL ? g_strdup (text) : NULL;
}

/* Excel reads a national ID as a number and drops its leading zeros:
 * eight or nine digits get them back, and the check digit then decides. */
static char *
national_id_with_zeros (const char *text)
{
  g_autofree char *digits = peygir_text_digits_only (text);

  if (digits != NULL && (strlen (digits) == 8 || strlen (digits) == 9))
    return g_strdup_printf ("%010d", atoi (digits));
  return g_strdup (text);
}

static void
read_texts (Row             *row,
            PeygirCaseDraft *draft)
{
  PeygirApplicant *a = &draft->applicant;
  const char *id = cell (row, F_NATIONAL_ID);

  a->name = text_of (row, F_APPLICANT_NAME);
  a->national_id = id != NULL ? national_id_with_zeros (id) : NULL;
  a->mobile = text_of (row, F_MOBILE);
  a->phone = text_of (row, F_PHONE);
  a->address = text_of (row, F_ADDRESS);
  a->postal_code = text_of (row, F_POSTAL_CODE);
  a->email = text_of (row, F_EMAIL);
  draft->subject = text_of (row, F_SUBJECT);
  draft->description = text_of (row, F_DESCRIPTION);
  draft->samad_code = text_of (row, F_SAMAD_CODE);
}

static gboolean
read_agency (Row             *row,
             PeygirCaseDraft *draft)
{
  const char *text = cell (row, F_AGENCY);
  const PeygirAgency *agency;
  g_autofree char *column = NULL;
  g_autofree char *name = NULL;

  if (text == NULL)
    return TRUE;
  agency = peygir_import_agencies_match (row->import->agencies, text);
  if (agency != NULL)
    {
      draft->agency_id = agency->id;
      return TRUE;
    }
  column = column_shown (row, F_AGENCY);
  name = peygir_text_sanitize (text, FALSE);
  return refuse (row, F_AGENCY, PEYGIR_IMPORT_ERROR_AGENCY,
                 _("Column “%s” names “%s”, which is none of the office’s agencies."), column, name);
}

/* Dates */

static gboolean
read_date (Row        *row,
           Field       field,
           PeygirDay  *out)
{
  const char *text = cell (row, field);
  g_autofree char *column = NULL;
  g_autofree char *shown = NULL;
  gboolean parsed;

  *out = 0;
  if (text == NULL)
    return TRUE;
  if (row->import->mapping->gregorian)
    {
      g_autofree char *ascii = peygir_text_digits_to_ascii (text);

      parsed = peygir_day_from_iso (g_strstrip (ascii), out);
    }
  else
    parsed = peygir_day_parse (text, out, NULL);

  column = column_shown (row, field);
  shown = peygir_text_sanitize (text, FALSE);
  if (!parsed)
    return refuse (row, field, PEYGIR_IMPORT_ERROR_DATE,
                   row->import->mapping->gregorian
                   ? _("Column “%s” has “%s”, which is not a date such as 2023-10-07.")
                   : _("Column “%s” has “%s”, which is not a date such as 1402/07/15."),
                   column, shown);
  /* a two-digit year is read as 14xx, which for a past case is the future */
  if (*out > row->import->today)
    return refuse (row, field, PEYGIR_IMPORT_ERROR_DATE,
                   _("Column “%s” has “%s”, a date after today: write the year in four digits."),
                   column, shown);
  return TRUE;
}

static const Field date_fields[] = {
  F_RECEIVED_ON, F_REGISTERED_ON, F_REFERRED_ON, F_ANSWERED_ON, F_CLOSED_ON,
};

/* The dates in the order of the workflow; a date not given is skipped.
 * received_on is the registration date when the row does not give it. */
static gboolean
read_dates (Row                *row,
            PeygirImportRecord *record)
{
  PeygirDay *days[G_N_ELEMENTS (date_fields)] = {
    &record->draft->received_on, &record->registered_on, &record->referred_on,
    &record->answered_on, &record->closed_on,
  };
  int last = -1;

  for (guint i = 0; i < G_N_ELEMENTS (date_fields); i++)
    if (!read_date (row, date_fields[i], days[i]))
      return FALSE;
  if (record->draft->received_on == 0)
    record->draft->received_on = record->registered_on;
  if (record->draft->received_on == 0)
    {
      g_autofree char *column = column_shown (row, F_RECEIVED_ON);

      return refuse (row, F_RECEIVED_ON, PEYGIR_IMPORT_ERROR_MISSING,
                     _("Column “%s” is empty, but a past case needs the date it was received."), column);
    }

  for (guint i = 0; i < G_N_ELEMENTS (date_fields); i++)
    {
      if (*days[i] == 0)
        continue;
      if (last >= 0 && *days[i] < *days[last])
        {
          g_autofree char *column = column_shown (row, date_fields[i]);
          g_autofree char *before = column_shown (row, date_fields[last]);

          return refuse (row, date_fields[i], PEYGIR_IMPORT_ERROR_DATE,
                         _("The date in column “%s” is earlier than the one in column “%s”, which comes before it in the workflow."),
                         column, before);
        }
      last = i;
    }
  return TRUE;
}

/* The registration number */

static gboolean
read_number (const char *text,
             guint64     min,
             guint64     max,
             int        *out)
{
  g_autofree char *ascii = peygir_text_digits_to_ascii (text);
  guint64 value;

  if (!g_ascii_string_to_unsigned (g_strstrip (ascii), 10, min, max, &value, NULL))
    return FALSE;
  *out = (int) value;
  return TRUE;
}

static gboolean
read_registration (Row                *row,
                   PeygirImportRecord *record)
{
  Field field = row->import->columns[F_REGISTRATION_NUMBER] >= 0
                || row->import->mapping->fields[F_REGISTRATION_NUMBER].default_value != NULL
                ? F_REGISTRATION_NUMBER : F_REGISTRATION_YEAR;
  const char *number = cell (row, F_REGISTRATION_NUMBER);
  const char *year = cell (row, F_REGISTRATION_YEAR);
  const char *sequence = cell (row, F_REGISTRATION_SEQUENCE);
  g_autofree char *column = column_shown (row, field);
  PeygirPersianDate registered;
  gboolean parsed;

  if (number == NULL && year == NULL && sequence == NULL)
    return TRUE;
  if (number != NULL)
    parsed = peygir_registration_number_parse (number, &record->registration_year,
                                                      &record->registration_sequence);
  else
    parsed = year != NULL && sequence != NULL
             && read_number (year, 1300, 1700, &record->registration_year)
             && read_number (sequence, 1, G_MAXINT, &record->registration_sequence);
  if (!parsed)
    return refuse (row, field, PEYGIR_IMPORT_ERROR_REGISTRATION,
                   _("Column “%s” does not hold a registration number such as 1398/125."), column);
  record->registration_number = g_strdup_printf ("%d/%d", record->registration_year,
                                                 record->registration_sequence);

  if (record->registered_on == 0)
    {
      g_autofree char *date_column = column_shown (row, F_REGISTERED_ON);

      return refuse (row, F_REGISTERED_ON, PEYGIR_IMPORT_ERROR_MISSING,
                     _("Column “%s” is empty, but a registered case needs its registration date."), date_column);
    }
  if (peygir_day_to_persian (record->registered_on, &registered)
      && registered.year != record->registration_year)
    return refuse (row, field, PEYGIR_IMPORT_ERROR_REGISTRATION,
                   _("The registration number %s in column “%s” is of another year than the registration date."),
                   record->registration_number, column);
  return TRUE;
}

static gboolean
read_tracking_code (Row                *row,
                    PeygirImportRecord *record)
{
  const char *text = cell (row, F_TRACKING_CODE);
  g_autofree char *digits = NULL;
  g_autofree char *column = NULL;

  if (text == NULL)
    return TRUE;
  digits = peygir_text_digits_only (text);
  if (digits != NULL && peygir_tracking_code_is_valid (digits))
    {
      record->tracking_code = g_steal_pointer (&digits);
      return TRUE;
    }
  column = column_shown (row, F_TRACKING_CODE);
  return refuse (row, F_TRACKING_CODE, PEYGIR_IMPORT_ERROR_VALUE,
                 _("Column “%s” does not hold a Peygir tracking code: map the old registry’s codes to “samad_code” or leave them out."),
                 column);
}

/* The final state against the dates */

/* The bits of PeygirSteps, in the order of date_fields. */
enum
{
  D_RECEIVED   = PEYGIR_STEP_RECEIVED,
  D_REGISTERED = PEYGIR_STEP_REGISTERED,
  D_REFERRED   = PEYGIR_STEP_REFERRED,
  D_ANSWERED   = PEYGIR_STEP_ANSWERED,
  D_CLOSED     = PEYGIR_STEP_CLOSED,
};

static gboolean
check_state (Row                      *row,
             const PeygirImportRecord *record)
{
  PeygirDay days[G_N_ELEMENTS (date_fields)] = {
    record->draft->received_on, record->registered_on, record->referred_on,
    record->answered_on, record->closed_on,
  };
  const char *state = peygir_state_label (record->state);
  PeygirSteps needs, allows;
  gboolean needs_agency;
  guint given = 0;

  peygir_workflow_state_steps (record->state, &needs, &allows, &needs_agency);

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    if (days[i] != 0)
      given |= 1u << i;
  /* whatever the end, a step was reached through the ones before it */
  if (given & D_ANSWERED)
    given |= D_REFERRED;
  if (given & D_REFERRED)
    given |= D_REGISTERED;

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      guint bit = 1u << i;
      g_autofree char *column = column_shown (row, date_fields[i]);

      if ((needs & bit) && !(given & bit))
        return refuse (row, date_fields[i], PEYGIR_IMPORT_ERROR_STATE,
                       _("Column “%s” is empty, but a case whose final state is “%s” needs that date."),
                       column, state);
      if (!(allows & bit) && (given & bit))
        return refuse (row, date_fields[i], PEYGIR_IMPORT_ERROR_STATE,
                       _("Column “%s” has a date that a case whose final state is “%s” never reached."),
                       column, state);
      if (days[i] == 0 && (given & bit))
        return refuse (row, date_fields[i], PEYGIR_IMPORT_ERROR_STATE,
                       _("Column “%s” is empty, but the later dates of the row need that step."), column);
    }
  if ((given & D_REGISTERED) && record->registration_number == NULL)
    {
      Field field = row->import->columns[F_REGISTRATION_NUMBER] >= 0 ? F_REGISTRATION_NUMBER : F_REGISTRATION_YEAR;
      g_autofree char *column = column_shown (row, field);

      return refuse (row, field, PEYGIR_IMPORT_ERROR_MISSING,
                     _("Column “%s” is empty, but a registered case needs its registration number."), column);
    }
  if ((needs_agency || (given & D_REFERRED)) && record->draft->agency_id == 0)
    {
      g_autofree char *column = column_shown (row, F_AGENCY);

      return refuse (row, F_AGENCY, PEYGIR_IMPORT_ERROR_MISSING,
                     _("Column “%s” is empty, but a case referred to an agency needs the agency’s name."), column);
    }
  /* after registration a case is rejected only by the manager, on the
   * referral put before them (the workflow has no other way) */
  if ((given & D_REGISTERED) && !(given & D_ANSWERED)
      && (record->state == PEYGIR_STATE_REJECTED || record->state == PEYGIR_STATE_CLOSED)
      && record->draft->agency_id == 0)
    {
      g_autofree char *column = column_shown (row, F_AGENCY);

      return refuse (row, F_AGENCY, PEYGIR_IMPORT_ERROR_MISSING,
                     _("Column “%s” is empty, but a case rejected after its registration was rejected on a "
                       "referral to an agency, whose name it needs."), column);
    }
  return TRUE;
}

/* What intake checks */

/* The columns intake requires, named before intake's own sentences, which
 * name the field but not the column. */
static gboolean
check_required (Row             *row,
                PeygirCaseDraft *draft)
{
  static const Field required[] = { F_APPLICANT_NAME, F_SUBJECT, F_DESCRIPTION };

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    if (cell (row, required[i]) == NULL)
      {
        g_autofree char *column = column_shown (row, required[i]);

        return refuse (row, required[i], PEYGIR_IMPORT_ERROR_MISSING,
                       _("Column “%s” is empty, but every case needs it."), column);
      }
  if (draft->applicant.type == PEYGIR_APPLICANT_CITIZEN && draft->applicant.national_id == NULL)
    {
      g_autofree char *column = column_shown (row, F_NATIONAL_ID);

      return refuse (row, F_NATIONAL_ID, PEYGIR_IMPORT_ERROR_MISSING,
                     _("Column “%s” is empty, but a citizen’s case needs the national ID."), column);
    }
  if (draft->applicant.mobile == NULL && draft->applicant.phone == NULL)
    {
      g_autofree char *mobile = column_shown (row, F_MOBILE);
      g_autofree char *phone = column_shown (row, F_PHONE);

      return refuse (row, F_MOBILE, PEYGIR_IMPORT_ERROR_MISSING,
                     _("Columns “%s” and “%s” are both empty, but the applicant needs a mobile or phone number."),
                     mobile, phone);
    }
  if (draft->kind == PEYGIR_KIND_COMPLAINT && draft->agency_id == 0)
    {
      g_autofree char *column = column_shown (row, F_AGENCY);

      return refuse (row, F_AGENCY, PEYGIR_IMPORT_ERROR_MISSING,
                     _("Column “%s” is empty, but a complaint needs the agency it is about."), column);
    }
  return TRUE;
}

/* Intake's validation, its sentence given the column its code points to. */
static gboolean
validate_draft (Row             *row,
                PeygirCaseDraft *draft)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *column = NULL;
  Field field;

  if (peygir_case_draft_validate (draft, &local_error))
    return TRUE;
  if (g_error_matches (local_error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_NATIONAL_ID))
    field = F_NATIONAL_ID;
  else if (g_error_matches (local_error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_MOBILE))
    field = F_MOBILE;
  else if (g_error_matches (local_error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_POSTAL_CODE))
    field = F_POSTAL_CODE;
  else if (g_error_matches (local_error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_EMAIL))
    field = F_EMAIL;
  else
    /* a length or a control character: intake's sentence names the field */
    return refuse (row, N_FIELDS, PEYGIR_IMPORT_ERROR_CASE, "%s", local_error->message);

  column = column_shown (row, field);
  /* TRANSLATORS: the first is a column's name, the second intake's sentence */
  return refuse (row, field, PEYGIR_IMPORT_ERROR_CASE, _("Column “%s”: %s"), column, local_error->message);
}

/* Duplicates in the file: the store checks the database's. */
static gboolean
check_unique (Row                      *row,
              const PeygirImportRecord *record)
{
  PeygirImport *self = row->import;
  gpointer first;

  if (record->registration_number != NULL
      && g_hash_table_lookup_extended (self->registration_lines, record->registration_number, NULL, &first))
    {
      Field field = self->columns[F_REGISTRATION_NUMBER] >= 0 ? F_REGISTRATION_NUMBER : F_REGISTRATION_YEAR;
      g_autofree char *column = column_shown (row, field);

      return refuse (row, field, PEYGIR_IMPORT_ERROR_DUPLICATE,
                     _("The registration number %s in column “%s” is already that of line %u."),
                     record->registration_number, column, GPOINTER_TO_UINT (first));
    }
  if (record->tracking_code != NULL
      && g_hash_table_lookup_extended (self->tracking_lines, record->tracking_code, NULL, &first))
    {
      g_autofree char *column = column_shown (row, F_TRACKING_CODE);

      return refuse (row, F_TRACKING_CODE, PEYGIR_IMPORT_ERROR_DUPLICATE,
                     _("The tracking code %s in column “%s” is already that of line %u."),
                     record->tracking_code, column, GPOINTER_TO_UINT (first));
    }
  if (record->registration_number != NULL)
    g_hash_table_insert (self->registration_lines, g_strdup (record->registration_number),
                         GUINT_TO_POINTER (row->line));
  if (record->tracking_code != NULL)
    g_hash_table_insert (self->tracking_lines, g_strdup (record->tracking_code),
                         GUINT_TO_POINTER (row->line));
  return TRUE;
}

/* One row: the first check that fails refuses it. */
static PeygirImportRecord *
read_record (Row *row)
{
  g_autoptr(PeygirImportRecord) record = g_new0 (PeygirImportRecord, 1);

  record->line = row->line;
  record->draft = peygir_case_draft_new ();
  record->draft->applicant.type = PEYGIR_APPLICANT_CITIZEN;
  record->draft->received_on = 0;

  read_texts (row, record->draft);
  /* the agency first, so that every row naming an unknown one counts */
  if (!read_agency (row, record->draft)
      || !read_enums (row, record->draft, &record->state)
      || !check_required (row, record->draft)
      || !validate_draft (row, record->draft)
      || !read_dates (row, record)
      || !read_registration (row, record)
      || !read_tracking_code (row, record)
      || !check_state (row, record)
      || !check_unique (row, record))
    return NULL;
  return g_steal_pointer (&record);
}

/* The import */

/* The 0-based index of @map's column in @header, or -1 with an error. */
static gboolean
resolve_column (const FieldMap      *map,
                Field                field,
                const char * const  *header,
                int                 *out,
                GError             **error)
{
  guint n = g_strv_length ((GStrv) header);

  *out = -1;
  if (map->column_index > 0)
    {
      if ((guint) map->column_index > n)
        return mapping_error (error, _("The mapping puts “%s” in column %d, after the file’s last column, %u."),
                              fields[field].id, map->column_index, n);
      *out = map->column_index - 1;
      return TRUE;
    }
  if (map->column_name == NULL)
    return TRUE;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = peygir_text_normalize (header[i]);

      if (!g_str_equal (name, map->column_name))
        continue;
      if (*out >= 0)
        return mapping_error (error, _("The file has two columns named “%s”: map “%s” by its number."),
                              header[i], fields[field].id);
      *out = i;
    }
  if (*out < 0)
    return mapping_error (error, _("The mapping puts “%s” in a column named “%s”, which the file’s header does not have."),
                          fields[field].id, map->column_name);
  return TRUE;
}

PeygirImport *
peygir_import_open (GFile                *file,
                    PeygirImportMapping  *mapping,
                    PeygirImportAgencies *agencies,
                    GCancellable         *cancellable,
                    GError              **error)
{
  g_autoptr(PeygirImport) self = NULL;
  const char * const *header;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (mapping != NULL && agencies != NULL, NULL);

  self = g_new0 (PeygirImport, 1);
  self->mapping = mapping;
  self->agencies = agencies;
  self->registration_lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->tracking_lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->today = peygir_day_today ();
  self->table = peygir_import_table_open (file, cancellable, error);
  if (self->table == NULL)
    return NULL;

  header = peygir_import_table_get_header (self->table);
  for (int i = 0; i < N_FIELDS; i++)
    if (!resolve_column (&mapping->fields[i], i, header, &self->columns[i], error))
      return NULL;
  return g_steal_pointer (&self);
}

void
peygir_import_free (PeygirImport *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->table, peygir_import_table_free);
  g_clear_pointer (&self->registration_lines, g_hash_table_unref);
  g_clear_pointer (&self->tracking_lines, g_hash_table_unref);
  g_free (self);
}

gboolean
peygir_import_next (PeygirImport         *self,
                    PeygirImportRecord  **record,
                    PeygirImportRefusal **refusal,
                    GCancellable         *cancellable,
                    GError              **error)
{
  g_auto(GStrv) cells = NULL;
  Row row = { self, NULL, 0, 0, NULL };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (record != NULL && refusal != NULL, FALSE);

  *record = NULL;
  *refusal = NULL;
  if (!peygir_import_table_next_row (self->table, &cells, &row.line, cancellable, error))
    return FALSE;
  row.cells = cells;
  row.n_cells = g_strv_length (cells);
  *record = read_record (&row);
  *refusal = row.refusal;
  g_assert ((*record == NULL) != (*refusal == NULL));
  return TRUE;
}
