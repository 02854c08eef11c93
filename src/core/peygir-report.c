/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-core"

#include <glib/gi18n-lib.h>

#include "peygir-report.h"
#include "peygir-workflow.h"

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
