/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-format"

#include <glib/gi18n-lib.h>

#include "peygir-date.h"
#include "peygir-format.h"
#include "peygir-text.h"

#define NONE_YET "—"

char *
peygir_format_digits (const char *text)
{
  if (text == NULL || *text == '\0')
    return g_strdup (NONE_YET);
  return peygir_text_digits_to_persian (text);
}

char *
peygir_format_code (const char *value)
{
  g_autofree char *digits = NULL;

  if (value == NULL || *value == '\0')
    return g_strdup (NONE_YET);
  digits = peygir_text_digits_to_persian (value);
  return peygir_text_isolate_ltr (digits);
}

char *
peygir_format_text (const char *text)
{
  return peygir_text_isolate_ltr_runs (text);
}

char *
peygir_format_registration (const PeygirCase *kase)
{
  return peygir_format_code (kase->registration_number);
}

char *
peygir_format_tracking (const char *code)
{
  g_autofree char *grouped = NULL;

  if (code == NULL || *code == '\0')
    return g_strdup (NONE_YET);
  grouped = peygir_tracking_code_format (code);
  return peygir_text_isolate_ltr (grouped);
}

char *
peygir_format_age (const PeygirCase *kase)
{
  g_autofree char *number = NULL;
  gint64 from, to;
  gint64 days;

  if (kase->received_on == 0)
    return g_strdup (NONE_YET);
  from = peygir_day_to_unix (kase->received_on);
  to = kase->closed_at != 0 ? kase->closed_at : peygir_day_to_unix (peygir_day_today ());
  days = MAX (0, (to - from) / (24 * 60 * 60));
  number = peygir_text_format_number (days);
  /* TRANSLATORS: the age of a case, in days */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s day", "%s days", (gulong) days), number);
}

char *
peygir_format_day (PeygirDay day)
{
  if (day == 0)
    return g_strdup (NONE_YET);
  return peygir_day_format (day, PEYGIR_DATE_NUMERIC);
}

char *
peygir_format_time (gint64 unix_seconds)
{
  if (unix_seconds == 0)
    return g_strdup (NONE_YET);
  return peygir_time_format (unix_seconds);
}

char *
peygir_format_roles (PeygirRoles roles)
{
  static const PeygirRoles each[] = {
    PEYGIR_ROLE_EXPERT, PEYGIR_ROLE_MANAGER, PEYGIR_ROLE_SECRETARIAT, PEYGIR_ROLE_ADMIN,
  };
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (each); i++)
    if ((roles & each[i]) != 0)
      g_ptr_array_add (labels, (gpointer) peygir_role_label (each[i]));
  g_ptr_array_add (labels, NULL);
  /* TRANSLATORS: the separator between role names */
  return g_strjoinv (_(", "), (char **) labels->pdata);
}
