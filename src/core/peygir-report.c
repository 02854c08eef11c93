/* SPDX-License-Identifier: GPL-3.0-or-later */
/* PeygirReport: made, copied and freed, as a boxed type, and the names
 * of its lines; the store fills it (peygir-store-report.c). */
#define G_LOG_DOMAIN "peygir-store"

#include <glib/gi18n-lib.h>

#include "peygir-report.h"
#include "peygir-workflow.h"

static void
count_free (PeygirReportCount *count)
{
  g_free (count->key);
  g_free (count->name);
  g_free (count);
}

void
peygir_report_agency_free (PeygirReportAgency *agency)
{
  if (agency == NULL)
    return;
  g_free (agency->name);
  g_free (agency);
}

static void
expert_free (PeygirReportExpert *expert)
{
  g_free (expert->login);
  g_free (expert->name);
  g_free (expert);
}

static GPtrArray *
count_array_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) count_free);
}

PeygirReport *
peygir_report_new (PeygirDay from,
                   PeygirDay to)
{
  PeygirReport *report = g_new0 (PeygirReport, 1);

  report->from = from;
  report->to = to;
  report->by_kind = count_array_new ();
  report->by_channel = count_array_new ();
  report->by_applicant_type = count_array_new ();
  report->by_category = count_array_new ();
  report->by_agency = count_array_new ();
  report->by_month = count_array_new ();
  report->close_days = g_array_new (FALSE, FALSE, sizeof (int));
  report->open_by_state = count_array_new ();
  report->agencies = g_ptr_array_new_with_free_func ((GDestroyNotify) peygir_report_agency_free);
  report->experts = g_ptr_array_new_with_free_func ((GDestroyNotify) expert_free);
  return report;
}

void
peygir_report_count_add (GPtrArray  *counts,
                         const char *key,
                         const char *name,
                         gint64      count)
{
  PeygirReportCount *line = g_new0 (PeygirReportCount, 1);

  g_return_if_fail (counts != NULL);

  line->key = g_strdup (key);
  line->name = g_strdup (name);
  line->count = count;
  g_ptr_array_add (counts, line);
}

void
peygir_report_free (PeygirReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->by_kind, g_ptr_array_unref);
  g_clear_pointer (&report->by_channel, g_ptr_array_unref);
  g_clear_pointer (&report->by_applicant_type, g_ptr_array_unref);
  g_clear_pointer (&report->by_category, g_ptr_array_unref);
  g_clear_pointer (&report->by_agency, g_ptr_array_unref);
  g_clear_pointer (&report->by_month, g_ptr_array_unref);
  g_clear_pointer (&report->close_days, g_array_unref);
  g_clear_pointer (&report->open_by_state, g_ptr_array_unref);
  g_clear_pointer (&report->agencies, g_ptr_array_unref);
  g_clear_pointer (&report->experts, g_ptr_array_unref);
  g_free (report);
}

static gpointer
copy_count (gconstpointer src,
            gpointer      data G_GNUC_UNUSED)
{
  const PeygirReportCount *count = src;
  PeygirReportCount *copy = g_memdup2 (count, sizeof *count);

  copy->key = g_strdup (count->key);
  copy->name = g_strdup (count->name);
  return copy;
}

static gpointer
copy_agency (gconstpointer src,
             gpointer      data G_GNUC_UNUSED)
{
  const PeygirReportAgency *agency = src;
  PeygirReportAgency *copy = g_memdup2 (agency, sizeof *agency);

  copy->name = g_strdup (agency->name);
  return copy;
}

static gpointer
copy_expert (gconstpointer src,
             gpointer      data G_GNUC_UNUSED)
{
  const PeygirReportExpert *expert = src;
  PeygirReportExpert *copy = g_memdup2 (expert, sizeof *expert);

  copy->login = g_strdup (expert->login);
  copy->name = g_strdup (expert->name);
  return copy;
}

/* g_ptr_array_copy () keeps the source's free function, so the copy
 * frees its lines as the store's arrays do. */
PeygirReport *
peygir_report_copy (const PeygirReport *report)
{
  PeygirReport *copy;

  g_return_val_if_fail (report != NULL, NULL);

  copy = g_memdup2 (report, sizeof *report);
  copy->by_kind = g_ptr_array_copy (report->by_kind, copy_count, NULL);
  copy->by_channel = g_ptr_array_copy (report->by_channel, copy_count, NULL);
  copy->by_applicant_type = g_ptr_array_copy (report->by_applicant_type, copy_count, NULL);
  copy->by_category = g_ptr_array_copy (report->by_category, copy_count, NULL);
  copy->by_agency = g_ptr_array_copy (report->by_agency, copy_count, NULL);
  copy->by_month = g_ptr_array_copy (report->by_month, copy_count, NULL);
  copy->open_by_state = g_ptr_array_copy (report->open_by_state, copy_count, NULL);
  copy->close_days = g_array_copy (report->close_days);
  copy->agencies = g_ptr_array_copy (report->agencies, copy_agency, NULL);
  copy->experts = g_ptr_array_copy (report->experts, copy_expert, NULL);
  return copy;
}

G_DEFINE_BOXED_TYPE (PeygirReport, peygir_report, peygir_report_copy, peygir_report_free)

const char *
peygir_report_count_label (PeygirReportBreakdown     breakdown,
                           const PeygirReportCount  *count)
{
  PeygirCaseKind kind;
  PeygirChannel channel;
  PeygirApplicantType type;
  PeygirCategory category;
  PeygirState state;

  g_return_val_if_fail (count != NULL, NULL);

  switch (breakdown)
    {
    case PEYGIR_REPORT_BY_KIND:
      if (peygir_kind_from_string (count->key, &kind))
        return peygir_kind_label (kind);
      break;
    case PEYGIR_REPORT_BY_CHANNEL:
      if (peygir_channel_from_string (count->key, &channel))
        return peygir_channel_label (channel);
      break;
    case PEYGIR_REPORT_BY_APPLICANT_TYPE:
      if (peygir_applicant_type_from_string (count->key, &type))
        return peygir_applicant_type_label (type);
      break;
    case PEYGIR_REPORT_BY_CATEGORY:
      if (peygir_category_from_string (count->key, &category))
        return peygir_category_label (category);
      break;
    case PEYGIR_REPORT_BY_AGENCY:
      return count->name != NULL ? count->name : _("No agency named");
    case PEYGIR_REPORT_BY_STATE:
      if (peygir_state_from_string (count->key, &state))
        return peygir_state_label (state);
      break;
    default:
      g_return_val_if_reached (count->key);
    }
  return count->key;
}
