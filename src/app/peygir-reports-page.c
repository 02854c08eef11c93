/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-reports-page"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "peygir-accessible-private.h"
#include "peygir-date.h"
#include "peygir-file-chooser.h"
#include "peygir-letter-print-operation.h"
#include "peygir-letterhead.h"
#include "peygir-report-chart.h"
#include "peygir-report-document.h"
#include "peygir-report-sheet.h"
#include "peygir-reports-page.h"
#include "peygir-service-card.h"
#include "peygir-text.h"
#include "peygir-utils-private.h"

/* The spans of the period dropdown, in its order. */
typedef enum
{
  SPAN_MONTH,
  SPAN_SEASON,
  SPAN_YEAR,
  SPAN_DAYS,
} Span;

struct _PeygirReportsPage
{
  GtkWidget             parent_instance;

  PeygirSession        *session;
  GCancellable         *cancellable;
  PeygirReport         *report;
  gboolean              loading;
  guint                 saving;
  gboolean              office_wide;
  gboolean              setting_controls;  /* the controls set from code: read once, after */
  GtkFileChooserNative *chooser;
  PeygirReportOutput    chosen_output;

  AdwToastOverlay      *toast_overlay;
  GtkDropDown          *span_dropdown;
  GtkDropDown          *month_dropdown;
  GtkDropDown          *season_dropdown;
  GtkSpinButton        *year_spin;
  GtkEntry             *from_entry;
  GtkEntry             *to_entry;
  GtkSpinner           *spinner;
  GtkMenuButton        *output_button;
  GtkLabel             *problem_label;
  GtkBox               *content_box;
};

G_DEFINE_FINAL_TYPE (PeygirReportsPage, peygir_reports_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_LOADING,
  PROP_SAVING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_actions (PeygirReportsPage *self);

/* Figures as people read them */

/* One decimal, Persian; "—" when there is nothing to average. */
static char *
format_decimal (gboolean known,
                double   value)
{
  return known ? peygir_text_format_decimal (value) : g_strdup ("—");
}

static char *
format_period (PeygirDay from,
               PeygirDay to)
{
  g_autofree char *first = peygir_day_format (from, PEYGIR_DATE_LONG);
  g_autofree char *last = peygir_day_format (to, PEYGIR_DATE_LONG);

  /* Translators: a report's period, "from 1 Ordibehesht 1405 to 31 Ordibehesht 1405" */
  return g_strdup_printf (_("From %s to %s"), first, last);
}

/* The period chosen */

static Span
get_span (PeygirReportsPage *self)
{
  return (Span) gtk_drop_down_get_selected (self->span_dropdown);
}

static gboolean
get_period (PeygirReportsPage  *self,
            PeygirDay          *from,
            PeygirDay          *to,
            GError            **error)
{
  int year = gtk_spin_button_get_value_as_int (self->year_spin);

  switch (get_span (self))
    {
    case SPAN_MONTH:
      return peygir_persian_months_period (year, gtk_drop_down_get_selected (self->month_dropdown) + 1, 1,
                                           from, to, error);
    case SPAN_SEASON:
      return peygir_persian_months_period (year, 3 * gtk_drop_down_get_selected (self->season_dropdown) + 1, 3,
                                           from, to, error);
    case SPAN_YEAR:
      return peygir_persian_months_period (year, 1, 12, from, to, error);
    case SPAN_DAYS:
    default:
      return peygir_day_parse (gtk_editable_get_text (GTK_EDITABLE (self->from_entry)), from, error)
             && peygir_day_parse (gtk_editable_get_text (GTK_EDITABLE (self->to_entry)), to, error)
             && peygir_report_check_period (*from, *to, error);
    }
}

static void
show_span_controls (PeygirReportsPage *self)
{
  Span span = get_span (self);

  gtk_widget_set_visible (GTK_WIDGET (self->month_dropdown), span == SPAN_MONTH);
  gtk_widget_set_visible (GTK_WIDGET (self->season_dropdown), span == SPAN_SEASON);
  gtk_widget_set_visible (GTK_WIDGET (self->year_spin), span != SPAN_DAYS);
  gtk_widget_set_visible (GTK_WIDGET (self->from_entry), span == SPAN_DAYS);
  gtk_widget_set_visible (GTK_WIDGET (self->to_entry), span == SPAN_DAYS);
}

/* The pictures */

static void
chart_style (GtkWidget              *widget,
             PeygirReportChartStyle *style)
{
  PangoFontDescription *font = pango_context_get_font_description (gtk_widget_get_pango_context (widget));
  GdkRGBA ink;

  *style = *peygir_report_chart_style_print ();
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &ink);
  style->ink[0] = ink.red;
  style->ink[1] = ink.green;
  style->ink[2] = ink.blue;
  style->ink[3] = ink.alpha;
  /* libadwaita's blue and red read on the light and the dark style alike */
  style->bar[0] = 0x35 / 255.0, style->bar[1] = 0x84 / 255.0, style->bar[2] = 0xe4 / 255.0, style->bar[3] = 1;
  style->accent[0] = 0xe0 / 255.0, style->accent[1] = 0x1b / 255.0, style->accent[2] = 0x24 / 255.0;
  style->accent[3] = 1;
  style->font_family = pango_font_description_get_family (font);
  /* the widget's points, at the screen's 96 pixels to the inch */
  style->font_size = pango_font_description_get_size (font) / (double) PANGO_SCALE * 96.0 / 72.0;
}

static void
chart_draw (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  GtkWidget *page = gtk_widget_get_ancestor (GTK_WIDGET (area), PEYGIR_TYPE_REPORTS_PAGE);
  PeygirReportChartStyle style;

  if (page == NULL || PEYGIR_REPORTS_PAGE (page)->report == NULL)
    return;
  chart_style (GTK_WIDGET (area), &style);
  peygir_report_chart_draw (PEYGIR_REPORTS_PAGE (page)->report, GPOINTER_TO_INT (user_data), &style,
                            cr, width, height);
}

/* The scorecard grows with its agencies: the height follows the width. */
static void
chart_resize_cb (GtkDrawingArea *area,
                 int             width,
                 int             height G_GNUC_UNUSED,
                 gpointer        user_data)
{
  GtkWidget *page = gtk_widget_get_ancestor (GTK_WIDGET (area), PEYGIR_TYPE_REPORTS_PAGE);
  PeygirReportChartStyle style;
  int wanted;

  if (page == NULL || PEYGIR_REPORTS_PAGE (page)->report == NULL || width <= 0)
    return;
  chart_style (GTK_WIDGET (area), &style);
  wanted = (int) ceil (peygir_report_chart_get_height (PEYGIR_REPORTS_PAGE (page)->report,
                                                       GPOINTER_TO_INT (user_data), &style, width));
  if (wanted != gtk_drawing_area_get_content_height (area))
    gtk_drawing_area_set_content_height (area, wanted);
}

static GtkWidget *
chart_group_new (PeygirReportsPage *self,
                 PeygirReportChart  chart)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *area = gtk_drawing_area_new ();
  g_autofree char *described = peygir_report_chart_describe (self->report, chart);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), peygir_report_chart_get_title (chart));
  gtk_widget_set_name (area, "reports-chart");
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 200);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), chart_draw, GINT_TO_POINTER (chart), NULL);
  g_signal_connect (area, "resize", G_CALLBACK (chart_resize_cb), GINT_TO_POINTER (chart));
  gtk_accessible_update_property (GTK_ACCESSIBLE (area),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, peygir_report_chart_get_title (chart),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, described,
                                  -1);
  gtk_widget_add_css_class (area, "card");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), area);
  return group;
}

/* The tables */

/* A row of @group (an AdwPreferencesGroup or an AdwExpanderRow) saying
 * @value of @title. */
static GtkWidget *
figure_row_new (const char *title,
                const char *subtitle,
                const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

static void
add_count (GtkWidget  *group,
           const char *title,
           const char *subtitle,
           gint64      value)
{
  g_autofree char *text = peygir_text_format_number (value);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), figure_row_new (title, subtitle, text));
}

static void
add_decimal (GtkWidget  *group,
             const char *title,
             const char *subtitle,
             gboolean    known,
             double      value)
{
  g_autofree char *text = format_decimal (known, value);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), figure_row_new (title, subtitle, text));
}

static GtkWidget *
group_new (const char *title,
           const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  return group;
}

static GtkWidget *
summary_group_new (const PeygirReport *report)
{
  g_autofree char *period = format_period (report->from, report->to);
  g_autofree char *service_days = peygir_text_format_number (report->service_days);
  g_autofree char *target = g_strdup_printf (_("The service target: %s working days"), service_days);
  g_autofree char *visits_target = peygir_text_format_number (PEYGIR_SERVICE_CARD_VISITS);
  g_autofree char *visits = g_strdup_printf (_("The service card’s figure: %s"), visits_target);
  GtkWidget *group = group_new (_("Summary"), period);
  gboolean closed = report->closed > 0;

  add_count (group, _("Cases received"), NULL, report->received);
  add_count (group, _("Cases closed"), NULL, report->closed);
  add_count (group, _("Cases rejected"), NULL, report->rejected);
  add_count (group, _("Open at the end"), NULL, report->open_at_end);
  add_decimal (group, _("Working days to close: mean"), target, closed, report->days_mean);
  add_decimal (group, _("Working days to close: median"), NULL, closed, report->days_median);
  add_decimal (group, _("Working days to close: 90th percentile"), NULL, closed, report->days_p90);
  add_decimal (group, _("Closed within the target, percent"), target, closed, report->within_target_percent);
  add_decimal (group, _("Visits in person per case"), visits, report->received > 0, report->visits_per_case);
  return group;
}

/* A breakdown as an expander row of its lines, headed by its total. */
static GtkWidget *
breakdown_row_new (const char            *title,
                   GPtrArray             *counts,
                   PeygirReportBreakdown  breakdown)
{
  GtkWidget *expander = adw_expander_row_new ();
  gint64 total = 0;
  g_autofree char *total_text = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
  for (guint i = 0; i < counts->len; i++)
    {
      const PeygirReportCount *count = g_ptr_array_index (counts, i);
      g_autofree char *value = peygir_text_format_number (count->count);

      total += count->count;
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                figure_row_new (peygir_report_count_label (breakdown, count), NULL, value));
    }
  total_text = peygir_text_format_number (total);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), gtk_label_new (total_text));
  return expander;
}

static GtkWidget *
breakdowns_group_new (const PeygirReport *report)
{
  GtkWidget *group = group_new (_("Cases received by"), NULL);
  GtkWidget *open = group_new (_("Open at the end, by step"), NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             breakdown_row_new (_("Kind"), report->by_kind, PEYGIR_REPORT_BY_KIND));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             breakdown_row_new (_("Channel"), report->by_channel, PEYGIR_REPORT_BY_CHANNEL));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             breakdown_row_new (_("Applicant type"), report->by_applicant_type,
                                                PEYGIR_REPORT_BY_APPLICANT_TYPE));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             breakdown_row_new (_("Life event"), report->by_category, PEYGIR_REPORT_BY_CATEGORY));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             breakdown_row_new (_("Agency complained of"), report->by_agency,
                                                PEYGIR_REPORT_BY_AGENCY));
  for (guint i = 0; i < report->open_by_state->len; i++)
    {
      const PeygirReportCount *count = g_ptr_array_index (report->open_by_state, i);

      add_count (open, peygir_report_count_label (PEYGIR_REPORT_BY_STATE, count), NULL, count->count);
    }
  gtk_box_append (GTK_BOX (box), group);
  gtk_box_append (GTK_BOX (box), open);
  return box;
}

static GtkWidget *
agency_row_new (const PeygirReportAgency *agency)
{
  g_autofree char *referred = peygir_text_format_number (agency->referred);
  g_autofree char *answered = peygir_text_format_number (agency->answered);
  g_autofree char *on_time = peygir_text_format_number (agency->answered_on_time);
  g_autofree char *mean = format_decimal (agency->answered > 0, agency->mean_answer_days);
  g_autofree char *median = format_decimal (agency->answered > 0, agency->median_answer_days);
  g_autofree char *follow_ups = peygir_text_format_number (agency->follow_ups);
  /* Translators: an agency's scorecard in the reports; the days are working days */
  g_autofree char *subtitle = g_strdup_printf (_("Answered %s, on time %s; working days to answer: mean %s, "
                                                 "median %s; follow-ups %s"),
                                               answered, on_time, mean, median, follow_ups);

  return figure_row_new (agency->name, subtitle, referred);
}

static GtkWidget *
agencies_box_new (PeygirReportsPage *self)
{
  const PeygirReport *report = self->report;
  g_autofree char *minimum = peygir_text_format_number (report->rank_minimum);
  g_autofree char *unranked_description =
    g_strdup_printf (_("Agencies sent fewer than %s referrals in the period are not ranked."), minimum);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  GtkWidget *ranked = group_new (_("Agencies’ scorecard"),
                                 _("Referrals sent in the period, the most first, and how they were answered"));
  GtkWidget *unranked = group_new (_("Too few to rank"), unranked_description);
  guint n_ranked = 0, n_unranked = 0;

  for (guint i = 0; i < report->agencies->len; i++)
    {
      const PeygirReportAgency *agency = g_ptr_array_index (report->agencies, i);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (agency->ranked ? ranked : unranked),
                                 agency_row_new (agency));
      if (agency->ranked)
        n_ranked++;
      else
        n_unranked++;
    }
  gtk_box_append (GTK_BOX (box), chart_group_new (self, PEYGIR_REPORT_CHART_AGENCIES));
  if (n_ranked > 0)
    gtk_box_append (GTK_BOX (box), ranked);
  else
    g_object_ref_sink (ranked), g_object_unref (ranked);
  if (n_unranked > 0)
    gtk_box_append (GTK_BOX (box), unranked);
  else
    g_object_ref_sink (unranked), g_object_unref (unranked);
  return box;
}

static GtkWidget *
expert_row_new (const PeygirReportExpert *expert)
{
  g_autofree char *handled = peygir_text_format_number (expert->handled);
  g_autofree char *open = peygir_text_format_number (expert->open_now);
  g_autofree char *overdue = peygir_text_format_number (expert->overdue_now);
  /* Translators: an expert's work in the reports */
  g_autofree char *subtitle = g_strdup_printf (_("Open now %s, of them overdue %s"), open, overdue);

  return figure_row_new (expert->name, subtitle, handled);
}

static GtkWidget *
experts_group_new (const PeygirReport *report)
{
  GtkWidget *group = group_new (_("Experts’ work"),
                                _("Cases each expert took an action on in the period, and what they hold now"));

  for (guint i = 0; i < report->experts->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               expert_row_new (g_ptr_array_index (report->experts, i)));
  return group;
}

/* Anyone who is not a manager or an administrator: their own work only. */
static GtkWidget *
own_group_new (PeygirReportsPage *self)
{
  const PeygirUser *user = peygir_session_get_user (self->session);
  g_autofree char *period = format_period (self->report->from, self->report->to);
  GtkWidget *group = group_new (_("Your work"), period);
  const PeygirReportExpert *mine = NULL;

  for (guint i = 0; i < self->report->experts->len; i++)
    {
      const PeygirReportExpert *expert = g_ptr_array_index (self->report->experts, i);

      if (expert->id == user->id)
        mine = expert;
    }
  add_count (group, _("Cases handled"), _("Cases you took an action on in the period"),
             mine != NULL ? mine->handled : 0);
  add_count (group, _("Open now"), _("Open cases you hold"), mine != NULL ? mine->open_now : 0);
  add_count (group, _("Overdue now"), _("Of them, with an agency’s answer overdue"),
             mine != NULL ? mine->overdue_now : 0);
  return group;
}

static void
clear_content (PeygirReportsPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->content_box))) != NULL)
    gtk_box_remove (self->content_box, child);
}

static void
show_report (PeygirReportsPage *self)
{
  clear_content (self);
  if (self->report == NULL)
    return;
  if (!self->office_wide)
    {
      gtk_box_append (self->content_box, own_group_new (self));
    }
  else
    {
      gtk_box_append (self->content_box, summary_group_new (self->report));
      gtk_box_append (self->content_box, chart_group_new (self, PEYGIR_REPORT_CHART_MONTHS));
      gtk_box_append (self->content_box, chart_group_new (self, PEYGIR_REPORT_CHART_DAYS_TO_CLOSE));
      gtk_box_append (self->content_box, breakdowns_group_new (self->report));
      gtk_box_append (self->content_box, agencies_box_new (self));
      gtk_box_append (self->content_box, experts_group_new (self->report));
    }
  _peygir_accessible_look_after (GTK_WIDGET (self->content_box));
}

/* Reading the figures */

typedef struct
{
  PeygirDay from;
  PeygirDay to;
} ReportTask;

static gpointer
read_report_thread (PeygirStore   *store,
                    gpointer       task_data,
                    GCancellable  *cancellable G_GNUC_UNUSED,
                    GError       **error)
{
  ReportTask *data = task_data;

  return peygir_store_get_report (store, data->from, data->to, error);
}

static void
set_loading (PeygirReportsPage *self,
             gboolean           loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
show_problem (PeygirReportsPage *self,
              const char        *problem)
{
  if (problem != NULL)
    _peygir_label_set_sentence (self->problem_label, problem);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);
}

static void
read_report_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PeygirReportsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  PeygirReport *report = peygir_session_run_finish (PEYGIR_SESSION (object), result, &error);

  /* A read overtaken by a newer one, or by dispose, finishes all the same:
   * its figures are not the page's any more. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    {
      g_clear_pointer (&report, peygir_report_free);
      return;
    }
  g_clear_pointer (&self->report, peygir_report_free);
  self->report = report;
  show_problem (self, report == NULL ? error->message : NULL);
  show_report (self);
  update_actions (self);
  set_loading (self, FALSE);
}

void
peygir_reports_page_refresh (PeygirReportsPage *self)
{
  g_autoptr(GError) error = NULL;
  ReportTask *data;
  PeygirDay from, to;

  g_return_if_fail (PEYGIR_IS_REPORTS_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session == NULL || !get_period (self, &from, &to, &error))
    {
      g_clear_pointer (&self->report, peygir_report_free);
      show_problem (self, error != NULL ? error->message : NULL);
      show_report (self);
      update_actions (self);
      set_loading (self, FALSE);
      return;
    }

  self->cancellable = g_cancellable_new ();
  data = g_new0 (ReportTask, 1);
  data->from = from;
  data->to = to;
  set_loading (self, TRUE);
  peygir_session_run (self->session, read_report_thread, data, g_free,
                      (GDestroyNotify) peygir_report_free, self->cancellable,
                      read_report_cb, g_object_ref (self));
}

/* Saving and printing */

typedef struct
{
  PeygirReport       *report;
  PeygirReportOutput  output;
  char               *path;    /* NULL: rendered to bytes, for printing */
} SaveTask;

static void
save_task_free (gpointer data)
{
  SaveTask *task = data;

  g_clear_pointer (&task->report, peygir_report_free);
  g_free (task->path);
  g_free (task);
}

static gpointer
save_thread (PeygirStore   *store,
             gpointer       task_data,
             GCancellable  *cancellable G_GNUC_UNUSED,
             GError       **error)
{
  SaveTask *task = task_data;
  g_autoptr(PeygirLetterhead) letterhead = NULL;

  switch (task->output)
    {
    case PEYGIR_REPORT_OUTPUT_XLSX:
      return peygir_report_write_xlsx (task->report, task->path, error) ? GINT_TO_POINTER (TRUE) : NULL;
    case PEYGIR_REPORT_OUTPUT_CSV:
      return peygir_report_write_csv (task->report, task->path, error) ? GINT_TO_POINTER (TRUE) : NULL;
    case PEYGIR_REPORT_OUTPUT_PDF:
    case PEYGIR_REPORT_OUTPUT_SERVICE_CARD:
    default:
      break;
    }

  letterhead = peygir_letterhead_new_from_store (store, error);
  if (letterhead == NULL)
    return NULL;
  if (task->path == NULL)
    return peygir_report_render_to_bytes (task->report, letterhead, error);
  if (task->output == PEYGIR_REPORT_OUTPUT_SERVICE_CARD)
    return peygir_service_card_render_to_file (task->report, letterhead, task->path, error)
           ? GINT_TO_POINTER (TRUE) : NULL;
  return peygir_report_render_to_file (task->report, letterhead, task->path, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
set_saving (PeygirReportsPage *self,
            gboolean           more)
{
  self->saving += more ? 1 : -1;
  if (self->saving <= 1)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVING]);
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(PeygirReportsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  SaveTask *task = peygir_session_run_get_data (result);

  g_autofree char *name = g_path_get_basename (task->path);
  g_autofree char *saved = NULL;

  set_saving (self, FALSE);
  if (peygir_session_run_finish (PEYGIR_SESSION (object), result, &error) == NULL)
    {
      _peygir_toast_overlay_add (self->toast_overlay, error->message, 8);
      return;
    }
  saved = g_strdup_printf (_("Saved as “%s”."), name);
  _peygir_toast_overlay_add (self->toast_overlay, saved, 5);
}

static SaveTask *
save_task_new (PeygirReportsPage  *self,
               PeygirReportOutput  output,
               const char         *path)
{
  SaveTask *task = g_new0 (SaveTask, 1);

  task->report = peygir_report_copy (self->report);
  task->output = output;
  task->path = g_strdup (path);
  return task;
}

void
peygir_reports_page_save_to (PeygirReportsPage  *self,
                             PeygirReportOutput  output,
                             GFile              *file)
{
  g_autofree char *path = NULL;

  g_return_if_fail (PEYGIR_IS_REPORTS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->report == NULL || self->session == NULL)
    return;
  path = g_file_get_path (file);
  if (path == NULL)
    {
      _peygir_toast_overlay_add (self->toast_overlay, _("The report can be saved only in a folder of this computer."), 8);
      return;
    }
  set_saving (self, TRUE);
  peygir_session_run (self->session, save_thread, save_task_new (self, output, path), save_task_free,
                      NULL, NULL, save_cb, g_object_ref (self));
}

static void
file_chosen_cb (GtkWidget *widget,
                GFile     *file)
{
  PeygirReportsPage *self = PEYGIR_REPORTS_PAGE (widget);

  peygir_reports_page_save_to (self, self->chosen_output, file);
}

/* A file name that says what and when: "گزارش ۱۴۰۵-۰۲-۰۱ تا ۱۴۰۵-۰۲-۳۱.pdf". */
static char *
suggested_name (PeygirReportsPage  *self,
                PeygirReportOutput  output,
                const char         *suffix)
{
  g_autofree char *from = peygir_day_format (self->report->from, PEYGIR_DATE_NUMERIC);
  g_autofree char *to = peygir_day_format (self->report->to, PEYGIR_DATE_NUMERIC);
  g_autofree char *name = NULL;
  PeygirPersianDate year;

  if (output == PEYGIR_REPORT_OUTPUT_SERVICE_CARD && peygir_day_to_persian (self->report->from, &year))
    {
      g_autofree char *number = peygir_text_format_number (year.year);

      /* Translators: the file name of a year's service card, without its suffix */
      name = g_strdup_printf (_("Service card %s"), number);
    }
  else
    /* Translators: the file name of a report, without its suffix */
    name = g_strdup_printf (_("Report %s to %s"), from, to);
  g_strdelimit (name, "/", '-');
  return g_strconcat (name, suffix, NULL);
}

static void
reports_save (GtkWidget  *widget,
              const char *action_name G_GNUC_UNUSED,
              GVariant   *parameter)
{
  PeygirReportsPage *self = PEYGIR_REPORTS_PAGE (widget);
  static const char * const pdf_types[] = { "application/pdf", NULL };
  static const char * const xlsx_types[] = { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", NULL };
  static const char * const csv_types[] = { "text/csv", NULL };
  const char *what = parameter != NULL ? g_variant_get_string (parameter, NULL) : "service-card";
  PeygirFileChooserOptions options = {
    .title = _("Save the Report"),
    .action = GTK_FILE_CHOOSER_ACTION_SAVE,
    .accept_label = _("_Save"),
    .cancel_label = _("_Cancel"),
    .modal = TRUE,
  };
  g_autofree char *name = NULL;

  if (self->report == NULL)
    return;
  if (g_str_equal (what, "xlsx"))
    {
      self->chosen_output = PEYGIR_REPORT_OUTPUT_XLSX;
      options.filter_name = _("Spreadsheets");
      options.mime_types = xlsx_types;
      name = suggested_name (self, self->chosen_output, ".xlsx");
    }
  else if (g_str_equal (what, "csv"))
    {
      self->chosen_output = PEYGIR_REPORT_OUTPUT_CSV;
      options.filter_name = _("CSV files");
      options.mime_types = csv_types;
      name = suggested_name (self, self->chosen_output, ".csv");
    }
  else
    {
      self->chosen_output = g_str_equal (what, "service-card") ? PEYGIR_REPORT_OUTPUT_SERVICE_CARD
                                                               : PEYGIR_REPORT_OUTPUT_PDF;
      if (self->chosen_output == PEYGIR_REPORT_OUTPUT_SERVICE_CARD)
        options.title = _("Save the Service Card");
      options.filter_name = _("PDF documents");
      options.mime_types = pdf_types;
      name = suggested_name (self, self->chosen_output, ".pdf");
    }
  options.current_name = name;
  peygir_file_chooser_open (widget, &self->chooser, &options, file_chosen_cb);
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               gpointer                 user_data)
{
  PeygirReportsPage *self = user_data;
  g_autoptr(GError) error = NULL;

  if (result != GTK_PRINT_OPERATION_RESULT_ERROR)
    return;
  gtk_print_operation_get_error (operation, &error);
  _peygir_toast_overlay_add (self->toast_overlay,
                             error != NULL ? error->message : _("The report could not be printed."), 8);
}

static void
print_rendered_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PeygirReportsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = peygir_session_run_finish (PEYGIR_SESSION (object), result, &error);
  g_autoptr(GPtrArray) pdfs = g_ptr_array_new ();
  g_autoptr(GtkPrintOperation) operation = NULL;

  set_saving (self, FALSE);
  if (pdf != NULL)
    {
      g_ptr_array_add (pdfs, pdf);
      operation = peygir_letter_print_operation_new (pdfs, _("Peygir report"), &error);
    }
  if (operation == NULL)
    {
      _peygir_toast_overlay_add (self->toast_overlay, error->message, 8);
      return;
    }
  g_signal_connect_object (operation, "done", G_CALLBACK (print_done_cb), self, 0);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               _peygir_widget_get_window (GTK_WIDGET (self)), &error)
      == GTK_PRINT_OPERATION_RESULT_ERROR)
    _peygir_toast_overlay_add (self->toast_overlay,
                               error != NULL ? error->message : _("The report could not be printed."), 8);
}

static void
reports_print (GtkWidget  *widget,
               const char *action_name G_GNUC_UNUSED,
               GVariant   *parameter G_GNUC_UNUSED)
{
  PeygirReportsPage *self = PEYGIR_REPORTS_PAGE (widget);

  if (self->report == NULL || self->session == NULL)
    return;
  set_saving (self, TRUE);
  peygir_session_run (self->session, save_thread, save_task_new (self, PEYGIR_REPORT_OUTPUT_PDF, NULL),
                      save_task_free, (GDestroyNotify) g_bytes_unref, NULL, print_rendered_cb,
                      g_object_ref (self));
}

static void
reports_refresh (GtkWidget  *widget,
                 const char *action_name G_GNUC_UNUSED,
                 GVariant   *parameter G_GNUC_UNUSED)
{
  peygir_reports_page_refresh (PEYGIR_REPORTS_PAGE (widget));
}

/* Whether @report is of a whole Persian year, as a service card is. */
static gboolean
report_is_a_year (const PeygirReport *report)
{
  PeygirPersianDate first;
  PeygirDay from, to;

  return peygir_day_to_persian (report->from, &first)
         && peygir_persian_months_period (first.year, 1, 12, &from, &to, NULL)
         && from == report->from && to == report->to;
}

/* Saving and printing are the office's figures', a manager's or an
 * administrator's; the service card is a year's (of the figures read: the
 * controls may have moved on while they are read). */
static void
update_actions (PeygirReportsPage *self)
{
  gboolean can = self->report != NULL && self->office_wide;

  gtk_widget_set_visible (GTK_WIDGET (self->output_button), self->office_wide);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.print", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.save", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.save-service-card",
                                 can && report_is_a_year (self->report));
}

/* The controls */

static void
period_changed_cb (PeygirReportsPage *self)
{
  if (!self->setting_controls)
    peygir_reports_page_refresh (self);
}

static void
span_changed_cb (PeygirReportsPage *self)
{
  show_span_controls (self);
  /* two dates are read when both are typed, on Enter */
  if (get_span (self) != SPAN_DAYS)
    period_changed_cb (self);
}

static void
dates_activate_cb (PeygirReportsPage *self)
{
  peygir_reports_page_refresh (self);
}

static void
set_months_controls (PeygirReportsPage *self,
                     int                year,
                     int                first_month,
                     int                n_months)
{
  self->setting_controls = TRUE;
  gtk_spin_button_set_value (self->year_spin, year);
  if (n_months == 12)
    gtk_drop_down_set_selected (self->span_dropdown, SPAN_YEAR);
  else if (n_months == 3)
    {
      gtk_drop_down_set_selected (self->season_dropdown, (first_month - 1) / 3);
      gtk_drop_down_set_selected (self->span_dropdown, SPAN_SEASON);
    }
  else
    {
      gtk_drop_down_set_selected (self->month_dropdown, first_month - 1);
      gtk_drop_down_set_selected (self->span_dropdown, SPAN_MONTH);
    }
  show_span_controls (self);
  self->setting_controls = FALSE;
}

void
peygir_reports_page_show_months (PeygirReportsPage *self,
                                 int                year,
                                 int                first_month,
                                 int                n_months)
{
  g_return_if_fail (PEYGIR_IS_REPORTS_PAGE (self));
  g_return_if_fail (n_months == 1 || n_months == 3 || n_months == 12);

  set_months_controls (self, year, first_month, n_months);
  peygir_reports_page_refresh (self);
}

void
peygir_reports_page_show_days (PeygirReportsPage *self,
                               PeygirDay          from,
                               PeygirDay          to)
{
  g_autofree char *first = peygir_day_format (from, PEYGIR_DATE_NUMERIC);
  g_autofree char *last = peygir_day_format (to, PEYGIR_DATE_NUMERIC);

  g_return_if_fail (PEYGIR_IS_REPORTS_PAGE (self));

  self->setting_controls = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), first);
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), last);
  gtk_drop_down_set_selected (self->span_dropdown, SPAN_DAYS);
  show_span_controls (self);
  self->setting_controls = FALSE;
  peygir_reports_page_refresh (self);
}

/* GObject */

static void
peygir_reports_page_dispose (GObject *object)
{
  PeygirReportsPage *self = PEYGIR_REPORTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->report, peygir_report_free);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  _peygir_widget_dispose_template (GTK_WIDGET (self), PEYGIR_TYPE_REPORTS_PAGE);

  G_OBJECT_CLASS (peygir_reports_page_parent_class)->dispose (object);
}

static void
peygir_reports_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  PeygirReportsPage *self = PEYGIR_REPORTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_SAVING:
      g_value_set_boolean (value, self->saving > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
peygir_reports_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  PeygirReportsPage *self = PEYGIR_REPORTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      peygir_reports_page_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
peygir_reports_page_class_init (PeygirReportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = peygir_reports_page_dispose;
  object_class->get_property = peygir_reports_page_get_property;
  object_class->set_property = peygir_reports_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, PEYGIR_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SAVING] =
    g_param_spec_boolean ("saving", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "reports.refresh", NULL, reports_refresh);
  gtk_widget_class_install_action (widget_class, "reports.print", NULL, reports_print);
  gtk_widget_class_install_action (widget_class, "reports.save", "s", reports_save);
  gtk_widget_class_install_action (widget_class, "reports.save-service-card", NULL, reports_save);

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/gov/peygir/peygir-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PeygirReportsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PeygirReportsPage, span_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PeygirReportsPage, month_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PeygirReportsPage, season_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PeygirReportsPage, year_spin);
  gtk_widget_class_bind_template_child (widget_class, PeygirReportsPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, PeygirReportsPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, PeygirReportsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PeygirReportsPage, output_button);
  gtk_widget_class_bind_template_child (widget_class, PeygirReportsPage, problem_label);
  gtk_widget_class_bind_template_child (widget_class, PeygirReportsPage, content_box);
  gtk_widget_class_bind_template_callback (widget_class, span_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, period_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, dates_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, _peygir_spin_button_input_cb);
  gtk_widget_class_bind_template_callback (widget_class, _peygir_spin_button_output_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

/* This month of this year, to begin with. */
static void
peygir_reports_page_init (PeygirReportsPage *self)
{
  g_autoptr(GtkStringList) months = gtk_string_list_new (NULL);
  PeygirPersianDate today = { 1405, 1, 1 };

  gtk_widget_init_template (GTK_WIDGET (self));
  for (int month = 1; month <= 12; month++)
    gtk_string_list_append (months, peygir_persian_month_name (month));
  gtk_drop_down_set_model (self->month_dropdown, G_LIST_MODEL (months));
  peygir_day_to_persian (peygir_day_today (), &today);
  set_months_controls (self, today.year, today.month, 1);
  update_actions (self);
}

GtkWidget *
peygir_reports_page_new (void)
{
  return g_object_new (PEYGIR_TYPE_REPORTS_PAGE, NULL);
}

void
peygir_reports_page_set_session (PeygirReportsPage *self,
                                 PeygirSession     *session)
{
  g_return_if_fail (PEYGIR_IS_REPORTS_PAGE (self));
  g_return_if_fail (session == NULL || PEYGIR_IS_SESSION (session));

  if (g_set_object (&self->session, session))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
  self->office_wide = session != NULL
                      && peygir_session_has_role (session, PEYGIR_ROLE_MANAGER | PEYGIR_ROLE_ADMIN);
  peygir_reports_page_refresh (self);
}

PeygirSession *
peygir_reports_page_get_session (PeygirReportsPage *self)
{
  g_return_val_if_fail (PEYGIR_IS_REPORTS_PAGE (self), NULL);

  return self->session;
}

gboolean
peygir_reports_page_get_loading (PeygirReportsPage *self)
{
  g_return_val_if_fail (PEYGIR_IS_REPORTS_PAGE (self), FALSE);

  return self->loading;
}

gboolean
peygir_reports_page_get_saving (PeygirReportsPage *self)
{
  g_return_val_if_fail (PEYGIR_IS_REPORTS_PAGE (self), FALSE);

  return self->saving > 0;
}

const PeygirReport *
peygir_reports_page_get_report (PeygirReportsPage *self)
{
  g_return_val_if_fail (PEYGIR_IS_REPORTS_PAGE (self), NULL);

  return self->report;
}

gboolean
peygir_reports_page_get_office_wide (PeygirReportsPage *self)
{
  g_return_val_if_fail (PEYGIR_IS_REPORTS_PAGE (self), FALSE);

  return self->office_wide;
}
