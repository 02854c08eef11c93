/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "peygir-store.h"

G_BEGIN_DECLS

/* The office's figures for a period of Persian days, as the governor and
 * the ministry ask for them: what came in, what was closed, how long it
 * took, how the agencies answered and how the experts' work stands.
 *
 * A period is two days, both inclusive, taken in Tehran: it runs from
 * 00:00 of @from to 00:00 of the day after @to. Days of work are counted
 * as the deadlines count them: working days in (start, end], Fridays and
 * the holiday table skipped (peygir_calendar_working_days_between ()). */

/* One line of a breakdown. */
typedef struct
{
  char   *key;    /* the stable identifier (peygir_kind_to_string (), a state's
                   * id, …); for an agency its id in decimal, "" for none */
  char   *name;   /* an agency's name; NULL in the other breakdowns */
  gint64  count;
} PeygirReportCount;

/* An agency's scorecard over the referrals dispatched to it in the period. */
typedef struct
{
  gint64    id;
  char     *name;
  gint64    referred;            /* dispatched in the period */
  gint64    answered;            /* of them, answered by the period's end */
  /* of those, answered on or before the due day set at dispatch: a
   * follow-up's new deadline does not make a late answer on time */
  gint64    answered_on_time;
  /* working days from the dispatch's day to the answer's, over the
   * answered ones; 0 when none was answered */
  double    mean_answer_days;
  double    median_answer_days;
  gint64    follow_ups;          /* taken on those referrals by the period's end */
  gboolean  ranked;              /* referred ≥ the report_rank_minimum setting */
} PeygirReportAgency;

/* An expert's work: users holding the expert role. */
typedef struct
{
  gint64  id;
  char   *login;
  char   *name;
  gint64  handled;       /* cases they took an action on in the period, intake included */
  gint64  open_now;      /* open cases they hold now */
  gint64  overdue_now;   /* of them, with an agency's answer overdue now */
} PeygirReportExpert;

typedef struct
{
  PeygirDay  from;
  PeygirDay  to;

  /* Cases whose day of receipt falls in the period, and their breakdowns:
   * every kind, channel, applicant type and life event in the enums'
   * order (zeros too); the agencies complained of, the most first, "" for
   * the cases naming none. Of PeygirReportCount. */
  gint64     received;
  GPtrArray *by_kind;
  GPtrArray *by_channel;
  GPtrArray *by_applicant_type;
  GPtrArray *by_category;
  GPtrArray *by_agency;
  /* The same cases by the Persian month of their day of receipt: every
   * month the period touches, in order, zeros too; the key "1405-02"
   * (year and month, ASCII), the name NULL. */
  GPtrArray *by_month;

  /* Cases whose closing (telling the applicant the result) falls in the
   * period, each once however often it was reopened and closed again. */
  gint64     closed;
  /* Cases rejected in the period, each once. */
  gint64     rejected;
  /* Cases received by the period's end and not closed at its end, and
   * the state each was in then, every open state in the workflow's order. */
  gint64     open_at_end;
  GPtrArray *open_by_state;

  /* Over the cases closed in the period, working days from the day of
   * receipt to the day of the last closing in the period, less the working
   * days the service clock stood paused before it (from the day the office
   * began to wait for the applicant's documents to the day they came, or
   * to a closing that came first, as the service deadline moves), in every
   * round of a reopened case. Meaningful when closed > 0. The median
   * of an even number is the mean of the middle two; the 90th percentile
   * is the nearest rank: the ⌈0.9·n⌉-th smallest. */
  double     days_mean;
  double     days_median;
  int        days_p90;
  /* The figure of each case the four above are taken from, ascending
   * (of int): the spread they summarise, for a histogram. */
  GArray    *close_days;
  /* the share of them closed within service_days, in percent */
  double     within_target_percent;
  int        service_days;      /* the service_days setting */

  /* Over the cases received in the period: one for each taken in in
   * person, plus their contacts in person (telling the result in person
   * among them) recorded by the period's end, divided by received.
   * Meaningful when received > 0. */
  double     visits_per_case;

  /* Every agency with a referral dispatched in the period, the most
   * referred first (PeygirReportAgency). */
  GPtrArray *agencies;
  int        rank_minimum;      /* the report_rank_minimum setting */

  /* Every user with the expert role who is active or has a figure above
   * zero, by name (PeygirReportExpert). */
  GPtrArray *experts;
} PeygirReport;

/* Visits in person per request, as the service card states them; the
 * card's other figure, the days to deliver, is the service_days setting. */
#define PEYGIR_SERVICE_CARD_VISITS 2

/* The breakdowns of the cases, for naming their lines. */
typedef enum
{
  PEYGIR_REPORT_BY_KIND,
  PEYGIR_REPORT_BY_CHANNEL,
  PEYGIR_REPORT_BY_APPLICANT_TYPE,
  PEYGIR_REPORT_BY_CATEGORY,
  PEYGIR_REPORT_BY_AGENCY,
  PEYGIR_REPORT_BY_STATE,
} PeygirReportBreakdown;

/* What a line of @breakdown is called, translated: the label of its kind,
 * channel, applicant type, life event or step, an agency's name, "No
 * agency named" for the cases naming none; its key when the key is not
 * known (a database newer than Peygir). */
const char   *peygir_report_count_label  (PeygirReportBreakdown     breakdown,
                                          const PeygirReportCount  *count);

#define PEYGIR_TYPE_REPORT (peygir_report_get_type ())

/* A boxed type, to pass a report through a GTask or a property. A copy is
 * deep and shares nothing with the report it was taken from: either may
 * be freed first, and each may go to another thread. */
GType         peygir_report_get_type (void) G_GNUC_CONST;
/* An empty report of @from … @to: every array there and empty, each
 * owning what is added to it (lines, agencies and experts allocated with
 * g_new0 (), their strings with g_strdup ()). */
PeygirReport *peygir_report_new      (PeygirDay           from,
                                      PeygirDay           to);
/* Adds a line of @count to @counts, one of a report's breakdowns. */
void          peygir_report_count_add (GPtrArray         *counts,
                                       const char        *key,
                                       const char        *name,
                                       gint64             count);
void          peygir_report_agency_free (PeygirReportAgency *agency);
PeygirReport *peygir_report_copy     (const PeygirReport *report);
void          peygir_report_free     (PeygirReport       *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeygirReport, peygir_report_free)

/* TRUE when @from … @to is a period; else FALSE with PEYGIR_INPUT_ERROR_DATE
 * (the last day before the first). */
gboolean      peygir_report_check_period (PeygirDay   from,
                                          PeygirDay   to,
                                          GError    **error);

/* The figures of @from … @to (both inclusive, @from ≤ @to, else
 * PEYGIR_INPUT_ERROR_DATE). Any user may read them. Read in short pages,
 * each its own read, so that the desks keep saving meanwhile: a report
 * taken while others work may count a case as it was a moment before.
 * Blocks: call it from a worker thread in the app. */
PeygirReport *peygir_store_get_report (PeygirStore  *self,
                                       PeygirDay     from,
                                       PeygirDay     to,
                                       GError      **error);

/* The report's statements (SQLite's dialect), the @index-th; NULL past
 * the last. For the benchmark's sqlite3 program beside the store: each
 * reads the figures of the days :first … :last (the store reads a month
 * of days at a time). */
const char   *peygir_store_report_statement (guint index);

G_END_DECLS
