/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-import"

/* A past case's record taken along the workflow, step by step from its
 * dates, through the store's bulk path: the same checks as the actions,
 * the case's rows written at once. */

#include <glib/gi18n-lib.h>

#include "peygir-date.h"
#include "peygir-error.h"
#include "peygir-import.h"
#include "peygir-workflow.h"

/* The registry gives days, not hours: each step is put at ten in the
 * morning of its day, the steps of one day a minute apart, in their order. */
#define STEP_HOUR   10
#define STEP_MINUTE 60

typedef struct
{
  PeygirBulk              *bulk;
  const PeygirImportRecord *record;
  const char              *note;
  PeygirDay                day;   /* of the last step */
  gint64                   at;
  gint64                   referral_id;
} History;

static gint64
step_time (History   *history,
           PeygirDay  day)
{
  if (day == history->day)
    history->at += STEP_MINUTE;
  else
    {
      history->day = day;
      history->at = peygir_day_to_unix (day) + STEP_HOUR * 3600;
    }
  return history->at;
}

static gboolean
step (History       *history,
      PeygirAction   action,
      PeygirDay      day,
      GError       **error)
{
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  const PeygirActionInfo *info = peygir_workflow_action_info (action);
  const PeygirCase *kase;
  gint64 agency_id = history->record->draft->agency_id;

  request.action = action;
  request.at = step_time (history, day);
  request.note = history->note;
  if (info->flags & PEYGIR_ACTION_NEEDS_AGENCIES)
    {
      request.agency_ids = &agency_id;
      request.n_agency_ids = 1;
    }
  if (info->flags & PEYGIR_ACTION_NEEDS_REFERRAL)
    request.referral_id = history->referral_id;
  /* the registry does not say how the applicant was told: by letter, as
   * the office answers */
  if (info->flags & PEYGIR_ACTION_NEEDS_CHANNEL)
    request.channel = PEYGIR_CHANNEL_MAIL;
  kase = peygir_bulk_act (history->bulk, &request, error);
  if (kase == NULL)
    return FALSE;
  if (action == PEYGIR_ACTION_REFER)
    {
      PeygirReferral *referral = g_ptr_array_index (kase->referrals, kase->referrals->len - 1);

      history->referral_id = referral->id;
    }
  return TRUE;
}

#define STEP(action, day) \
  G_STMT_START { if (!step (&history, action, day, error)) return FALSE; } G_STMT_END

gboolean
peygir_import_record_write (PeygirBulk                *bulk,
                            const PeygirImportRecord  *record,
                            const char                *source,
                            GError                   **error)
{
  g_autofree char *note = g_strdup_printf (_("From the registry kept before Peygir: %s, line %u."),
                                           source, record->line);
  History history = { bulk, record, note, 0, 0, 0 };
  PeygirState state = record->state;
  PeygirDay received = record->draft->received_on;
  PeygirDay registered = record->registered_on;
  /* a case closed without an answer was rejected, and then told so */
  gboolean rejected = state == PEYGIR_STATE_REJECTED || (state == PEYGIR_STATE_CLOSED && record->answered_on == 0);
  gint64 at;

  g_return_val_if_fail (bulk != NULL && record != NULL && source != NULL, FALSE);

  at = step_time (&history, received);
  if (peygir_bulk_take_in (bulk, NULL, record->draft, at, record->tracking_code, error) == NULL)
    return FALSE;
  if (record->registration_year != 0
      && !peygir_bulk_set_registration (bulk, record->registration_year, record->registration_sequence, error))
    return FALSE;
  if (state == PEYGIR_STATE_RECEIVED)
    return TRUE;
  STEP (PEYGIR_ACTION_REVIEW, received);
  if (state == PEYGIR_STATE_IN_REVIEW)
    return TRUE;
  if (registered != 0)
    STEP (PEYGIR_ACTION_REGISTER, registered);

  if (rejected)
    {
      PeygirDay day = MAX (received, registered);

      /* after registration only the manager, with a referral before
       * them, rejects a case */
      if (registered != 0)
        {
          day = MAX (day, record->referred_on);
          STEP (PEYGIR_ACTION_REFER, day);
        }
      STEP (PEYGIR_ACTION_REJECT, day);
    }
  else if (state != PEYGIR_STATE_REGISTERED)
    {
      PeygirDay referred = record->referred_on != 0 ? record->referred_on : registered;

      STEP (PEYGIR_ACTION_REFER, referred);
      if (state == PEYGIR_STATE_WITH_MANAGER)
        return TRUE;
      STEP (PEYGIR_ACTION_APPROVE, referred);
      STEP (PEYGIR_ACTION_DISPATCH, referred);
      if (record->answered_on != 0)
        STEP (PEYGIR_ACTION_ANSWER, record->answered_on);
    }
  if (state == PEYGIR_STATE_CLOSED)
    STEP (PEYGIR_ACTION_NOTIFY, record->closed_on);
  return TRUE;
}

/* A case's history refused is a refusal of its row; anything else (the
 * database unreachable, a write that failed) ends the import. */
static gboolean
is_refusal (const GError *error)
{
  return error->domain == PEYGIR_WORKFLOW_ERROR || error->domain == PEYGIR_INPUT_ERROR
         || g_error_matches (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_EXISTS);
}

gboolean
peygir_import_write_all (PeygirImport  *import,
                         PeygirBulk    *bulk,
                         const char    *source,
                         GPtrArray     *refusals,
                         guint         *rows,
                         guint         *taken,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  *rows = *taken = 0;
  for (;;)
    {
      g_autoptr(PeygirImportRecord) record = NULL;
      g_autoptr(PeygirImportRefusal) refusal = NULL;
      g_autoptr(GError) refused = NULL;

      if (!peygir_import_next (import, &record, &refusal, cancellable, &local_error))
        break;
      (*rows)++;
      if (refusal != NULL)
        {
          g_ptr_array_add (refusals, g_steal_pointer (&refusal));
          continue;
        }
      if (!peygir_import_record_write (bulk, record, source, &refused))
        {
          if (!is_refusal (refused))
            {
              g_propagate_error (error, g_steal_pointer (&refused));
              return FALSE;
            }
          refusal = g_new0 (PeygirImportRefusal, 1);
          refusal->line = record->line;
          refusal->error = g_steal_pointer (&refused);
          g_ptr_array_add (refusals, g_steal_pointer (&refusal));
          continue;
        }
      if (!peygir_bulk_write_case (bulk, error))
        return FALSE;
      (*taken)++;
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}
