/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* How an enum's table gives its stored identifier and its label: for the
 * tables of peygir-types.c and the workflow's (peygir-workflow.c). */

#include <glib.h>

G_BEGIN_DECLS

/* Finds @id among @n identifiers @stride bytes apart from @ids on: sets
 * @out to its index. Inline: every row the store reads goes through it. */
static inline gboolean
_peygir_lookup_id (const char * const *ids,
                   gsize               stride,
                   guint               n,
                   const char         *id,
                   guint              *out)
{
  if (id == NULL)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      const char *candidate = *(const char * const *) ((const char *) ids + i * stride);

      if (g_strcmp0 (candidate, id) == 0)
        {
          *out = i;
          return TRUE;
        }
    }
  return FALSE;
}

#define PEYGIR_ID_LOOKUP(table, key, out) \
  _peygir_lookup_id (&(table)[0].id, sizeof ((table)[0]), G_N_ELEMENTS (table), key, out)

/* peygir_PREFIX_to_string (), _from_string () and _label () of an enum
 * whose @table holds, for each value in order, its `id` and `label`. */
#define PEYGIR_ENUM_STRINGS(prefix, Type, table, N) \
  const char * \
  peygir_##prefix##_to_string (Type value) \
  { \
    g_return_val_if_fail ((guint) value < N, NULL); \
    return table[value].id; \
  } \
  gboolean \
  peygir_##prefix##_from_string (const char *id, Type *out) \
  { \
    guint i; \
    if (!PEYGIR_ID_LOOKUP (table, id, &i)) \
      return FALSE; \
    *out = i; \
    return TRUE; \
  } \
  const char * \
  peygir_##prefix##_label (Type value) \
  { \
    g_return_val_if_fail ((guint) value < N, NULL); \
    return g_dgettext (GETTEXT_PACKAGE, table[value].label); \
  }

G_END_DECLS
