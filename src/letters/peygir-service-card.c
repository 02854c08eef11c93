/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-letters"

#include <glib/gi18n-lib.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "peygir-date.h"
#include "peygir-letter-renderer-private.h"
#include "peygir-report-sheet-private.h"
#include "peygir-service-card.h"
#include "peygir-text.h"
#include "peygir-workflow.h"

/* The card is a table of three columns, right to left as the printed form
 * has it: the group of fields (its name turned on its side), the field's
 * name, and its value; the value is text, boxes to tick, or both. */
#define PAGE_W      PEYGIR_LETTER_PAGE_WIDTH
#define PAGE_H      PEYGIR_LETTER_PAGE_HEIGHT
#define MARGIN      28.0
#define FOOT_H      34.0
#define GROUP_W     22.0
#define LABEL_W     122.0
#define VALUE_W     (PAGE_W - 2 * MARGIN - GROUP_W - LABEL_W)
#define PAD         3.5
#define BOX         7.0
#define BOX_GAP     3.0
#define CHOICE_GAP  12.0

#define SIZE_TEXT   9.0
#define SIZE_GROUP  8.5
#define SIZE_TITLE  15.0
#define SIZE_FOOT   8.0

/* A box to tick and its label, placed by lay_out_choices (). */
typedef struct
{
  PangoLayout *layout;
  gboolean     ticked;
  double       right;    /* from the value's right edge to the box's right side */
  double       top;      /* from the top of the choices */
} Choice;

typedef struct
{
  const char  *group;    /* translated; rows of one group share its cell */
  PangoLayout *label;
  PangoLayout *text;     /* NULL when the value is only boxes */
  PangoLayout *second;   /* a second column of text, at the left; or NULL */
  GArray      *choices;  /* of Choice; NULL when none */
  double       choices_height;
  double       choices_width;     /* when beside the text, on its line */
  double       height;
  guint        page;
  double       y;
} Row;

typedef struct
{
  PeygirLetterRenderer *renderer;
  const PeygirReport   *report;
  PangoLayout          *title;
  GArray               *rows;      /* of Row */
  guint                 n_pages;
} Card;

static void
choice_clear (gpointer data)
{
  g_clear_object (&((Choice *) data)->layout);
}

static void
row_clear (gpointer data)
{
  Row *row = data;

  g_clear_object (&row->label);
  g_clear_object (&row->text);
  g_clear_object (&row->second);
  g_clear_pointer (&row->choices, g_array_unref);
}

static void
card_clear (Card *card)
{
  g_clear_object (&card->title);
  g_clear_pointer (&card->rows, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Card, card_clear)

/* Figures */

/* A number of the card: Persian digits, isolated so that it reads in its
 * own order beside Persian words. */
static char *
format_count (gint64 value)
{
  g_autofree char *ascii = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  return _peygir_letter_prepare_ltr_value (ascii);
}

/* One decimal and the Persian decimal separator (٫), isolated. */
static char *
format_decimal (double value)
{
  g_autofree char *text = peygir_text_format_decimal (value);

  return _peygir_letter_prepare_ltr_value (text);
}

/* A figure and what the card states beside it. Not a dash between them:
 * a dash stands for a missing figure. */
static char *
join_beside (const char *figure,
             const char *stated)
{
  /* TRANSLATORS: a figure measured; what the card states (Persian: ؛) */
  return g_strdup_printf (_("%s; %s"), figure, stated);
}

static gboolean
count_has_cases (GPtrArray  *counts,
                 const char *key)
{
  for (guint i = 0; counts != NULL && i < counts->len; i++)
    {
      const PeygirReportCount *count = g_ptr_array_index (counts, i);

      if (g_strcmp0 (count->key, key) == 0)
        return count->count > 0;
    }
  return FALSE;
}

/* Layout */

static PangoLayout *
text_layout (Card       *card,
             const char *text,
             double      size,
             gboolean    bold,
             double      width)
{
  return _peygir_letter_renderer_make_layout (card->renderer, NULL, text, size, bold, width,
                                              PANGO_ALIGN_RIGHT);
}

static GArray *
choices_new (void)
{
  GArray *choices = g_array_new (FALSE, TRUE, sizeof (Choice));

  g_array_set_clear_func (choices, choice_clear);
  return choices;
}

static void
choice_add (Card       *card,
            GArray     *choices,
            const char *label,
            gboolean    ticked)
{
  Choice choice = { 0, };

  choice.layout = text_layout (card, label, SIZE_TEXT, FALSE, -1.0);
  choice.ticked = ticked;
  g_array_append_val (choices, choice);
}

/* The choices flow from the right edge leftwards and wrap as words do:
 * box, its label, a gap, the next box. Returns their height. */
static double
lay_out_choices (GArray *choices,
                 double  width)
{
  double line_height = BOX;
  double x = 0.0, top = 0.0;

  for (guint i = 0; i < choices->len; i++)
    line_height = MAX (line_height,
                       _peygir_letter_layout_height (g_array_index (choices, Choice, i).layout));
  for (guint i = 0; i < choices->len; i++)
    {
      Choice *choice = &g_array_index (choices, Choice, i);
      double w = BOX + BOX_GAP + _peygir_letter_layout_width (choice->layout);

      if (x > 0.0 && x + w > width)
        {
          x = 0.0;
          top += line_height + 2.0;
        }
      choice->right = x;
      choice->top = top;
      x += w + CHOICE_GAP;
    }
  return choices->len > 0 ? top + line_height : 0.0;
}

/* The width of @choices on one line. */
static double
choices_width (GArray *choices)
{
  double width = 0.0;

  for (guint i = 0; i < choices->len; i++)
    width += (i > 0 ? CHOICE_GAP : 0.0) + BOX + BOX_GAP
             + _peygir_letter_layout_width (g_array_index (choices, Choice, i).layout);
  return width;
}

/* The width of @layout's only line, or G_MAXDOUBLE when it has more. */
static double
single_line_width (PangoLayout *layout)
{
  PangoRectangle logical;

  if (pango_layout_get_line_count (layout) != 1)
    return G_MAXDOUBLE;
  pango_layout_line_get_extents (pango_layout_get_line_readonly (layout, 0), NULL, &logical);
  return (double) logical.width / PANGO_SCALE;
}

/* Adds a row of @group: @label, then @text (may be NULL) and @choices (may
 * be NULL; the row takes it), at the left end of the text's line when
 * they fit there, as the printed form sets them, else below it. */
static void
add_row (Card       *card,
         const char *group,
         const char *label,
         const char *text,
         GArray     *choices)
{
  Row row = { 0, };
  double value_height = 0.0;

  row.group = group;
  row.label = text_layout (card, label, SIZE_TEXT, TRUE, LABEL_W - 2 * PAD);
  if (text != NULL)
    {
      row.text = text_layout (card, text, SIZE_TEXT, FALSE, VALUE_W - 2 * PAD);
      value_height += _peygir_letter_layout_height (row.text);
    }
  if (choices != NULL)
    {
      double width = choices_width (choices);

      row.choices = choices;
      if (text != NULL && single_line_width (row.text) + 2 * CHOICE_GAP + width <= VALUE_W - 2 * PAD)
        {
          /* a hair wider than they are: sums in another order may round up */
          row.choices_width = width;
          row.choices_height = lay_out_choices (choices, width + 0.5);
          value_height = MAX (value_height, row.choices_height);
        }
      else
        {
          row.choices_height = lay_out_choices (choices, VALUE_W - 2 * PAD);
          value_height += row.choices_height + (text != NULL ? 3.0 : 0.0);
        }
    }
  row.height = 2 * PAD + MAX (_peygir_letter_layout_height (row.label), value_height);
  g_array_append_val (card->rows, row);
}

/* "governorate — office", the executive body that provides the service;
 * the governorate's name may be unset: no dash before nothing. */
static char *
provider_name (const PeygirLetterhead *letterhead)
{
  g_autofree char *governorate = _peygir_letter_prepare_text (letterhead->governorate, FALSE);
  g_autofree char *office = _peygir_letter_prepare_text (letterhead->office, FALSE);

  if (g_strstrip (governorate)[0] == '\0')
    return g_steal_pointer (&office);
  return g_strjoin (" — ", governorate, office, NULL);
}

/* A field numbered as on the printed card: "۱- عنوان خدمت". */
static void
add_numbered_row (Card       *card,
                  const char *group,
                  int         number,
                  const char *label,
                  const char *text)
{
  g_autofree char *digits = peygir_text_format_number (number);
  g_autofree char *numbered = g_strdup_printf ("%s- %s", digits, label);

  add_row (card, group, numbered, text, NULL);
}

/* The fields that say what the service is: numbered 1–3 as on the card,
 * then the boxes of who it serves and what it concerns. */
static void
add_service_rows (Card                   *card,
                  const PeygirLetterhead *letterhead)
{
  const char *group = _("Service details");
  const PeygirReport *report = card->report;
  g_autofree char *provider = NULL;
  GArray *choices;

  add_numbered_row (card, group, 1, _("Service title"),
                    _("Handling of and answering people’s requests and complaints about the "
                      "province’s executive agencies"));
  add_numbered_row (card, group, 2, _("Service ID"),
                    _("(Filled in by the national Management and Planning Organization.)"));
  if (letterhead != NULL)
    {
      g_autofree char *ministry = _peygir_letter_prepare_text (letterhead->ministry, FALSE);
      g_autofree char *body = provider_name (letterhead);
      g_autofree char *executive = g_strdup_printf (_("Executive body: %s"), body);
      g_autofree char *parent = g_strdup_printf (_("Parent body: %s"), ministry);

      provider = g_strconcat (executive, "\n", parent, NULL);
    }
  add_numbered_row (card, group, 3, _("Service provider"), provider);
  add_row (card, group, _("Service description"),
           _("An applicant with any request or complaint brings their documents to the Office of "
             "Performance Management, Inspection and Legal Affairs; after an expert’s review, the "
             "office writes to the agency concerned so that the problem is resolved."), NULL);

  /* a box ticked for every applicant type that had cases */
  choices = choices_new ();
  for (PeygirApplicantType type = 0; type < PEYGIR_N_APPLICANT_TYPES; type++)
    choice_add (card, choices, peygir_applicant_type_label (type),
                count_has_cases (report->by_applicant_type, peygir_applicant_type_to_string (type)));
  add_row (card, group, _("Service type"), NULL, choices);
  add_row (card, group, _("Audience"),
           _("People who apply about, or complain of, the province’s executive agencies"), NULL);

  /* left for the office to tick: the card gives no answer the figures
   * could check */
  choices = choices_new ();
  choice_add (card, choices, _("Sovereign"), FALSE);
  choice_add (card, choices, _("Operational"), FALSE);
  add_row (card, group, _("Nature of the service"), NULL, choices);

  choices = choices_new ();
  choice_add (card, choices, _("National"), FALSE);
  choice_add (card, choices, _("Regional"), FALSE);
  choice_add (card, choices, _("Provincial"), TRUE);
  choice_add (card, choices, _("Urban"), FALSE);
  choice_add (card, choices, _("Rural"), FALSE);
  add_row (card, group, _("Service level"), NULL, choices);

  choices = choices_new ();
  for (PeygirCategory category = 0; category < PEYGIR_N_CATEGORIES; category++)
    choice_add (card, choices, peygir_category_label (category),
                count_has_cases (report->by_category, peygir_category_to_string (category)));
  add_row (card, group, _("Related life events"), NULL, choices);

  choices = choices_new ();
  choice_add (card, choices, _("At the recipient’s request"), TRUE);
  choice_add (card, choices, _("At a given date"), FALSE);
  choice_add (card, choices, _("On a given event"), FALSE);
  choice_add (card, choices, _("At the agency’s own decision"), FALSE);
  add_row (card, group, _("How the service starts"), NULL, choices);

  add_row (card, group, _("Documents required"),
           _("The request or complaint in writing, with its supporting documents"), NULL);
  add_row (card, group, _("Legal basis"),
           _("The duties assigned to the office, and the laws and regulations above them"), NULL);
}

/* Month, season, year: the period a count or a frequency is given for. */
static GArray *
period_choices (Card     *card,
                gboolean  yearly)
{
  GArray *choices = choices_new ();

  choice_add (card, choices, _("Per month"), FALSE);
  choice_add (card, choices, _("Per season"), FALSE);
  choice_add (card, choices, _("Per year"), yearly);
  return choices;
}

/* The measured figures, each beside what the card states. */
static void
add_figure_rows (Card *card)
{
  const char *group = _("Service particulars");
  const PeygirReport *report = card->report;
  g_autofree char *received = NULL;
  g_autofree char *days = NULL;
  g_autofree char *target_days = format_count (report->service_days);
  g_autofree char *target = g_strdup_printf (_("the card’s target: %s working days"), target_days);
  g_autofree char *days_text = NULL;
  g_autofree char *visits = NULL;
  g_autofree char *card_visits = format_count (PEYGIR_SERVICE_CARD_VISITS);
  g_autofree char *visits_target = g_strdup_printf (_("the card’s figure: %s"), card_visits);
  g_autofree char *visits_text = NULL;
  GArray *choices;

  /* nothing received or closed: no figure, rather than a zero that reads
   * as one */
  if (report->received > 0)
    {
      g_autofree char *count = format_count (report->received);

      received = g_strdup_printf (_("%s cases received"), count);
    }
  add_row (card, group, _("Number of recipients"), received != NULL ? received : "—",
           period_choices (card, TRUE));

  if (report->closed > 0)
    {
      g_autofree char *mean = format_decimal (report->days_mean);

      days = g_strdup_printf (_("%s working days"), mean);
    }
  days_text = join_beside (days != NULL ? days : "—", target);
  add_row (card, group, _("Average time to deliver"), days_text, NULL);

  choices = period_choices (card, FALSE);
  choice_add (card, choices, _("Once for ever"), FALSE);
  choice_add (card, choices, _("Per request"), TRUE);
  add_row (card, group, _("Frequency"), NULL, choices);

  if (report->received > 0)
    {
      g_autofree char *mean = format_decimal (report->visits_per_case);

      visits = g_strdup_printf (_("%s per request"), mean);
    }
  visits_text = join_beside (visits != NULL ? visits : "—", visits_target);
  add_row (card, group, _("In-person visits"), visits_text, NULL);
  add_row (card, group, _("Cost to the recipient (rials)"), _("No cost"), NULL);
}

/* A stage of the service: not electronic, and how it is done. */
static void
add_stage_row (Card       *card,
               const char *group,
               const char *stage,
               const char *how)
{
  GArray *choices = choices_new ();

  choice_add (card, choices, _("Electronic"), FALSE);
  choice_add (card, choices, _("Not electronic"), TRUE);
  add_row (card, group, stage, how, choices);
}

static void
add_access_rows (Card *card)
{
  const char *group = _("Access to the service");
  const PeygirReport *report = card->report;
  g_autofree char *links = NULL;

  add_row (card, group, _("Web address and system"), _("None: the service is not electronic yet"),
           NULL);
  add_stage_row (card, group, _("Information stage"),
                 _("In person: learning how the complaint is progressing, in person or by phone"));
  add_stage_row (card, group, _("Request stage"),
                 _("At a provincial office: the applicant’s request or complaint is registered in "
                   "the governorate’s secretariat"));
  add_stage_row (card, group, _("Production stage (inside the agency and with other agencies)"),
                 _("Receiving supplementary documents and, where needed, holding a meeting"));
  add_stage_row (card, group, _("Delivery stage"),
                 _("The answer given by guidance, in person or by phone"));

  if (report->agencies != NULL && report->agencies->len > 0)
    {
      g_autofree char *n = format_count (report->agencies->len);
      g_autofree char *referred = g_strdup_printf (_("referrals dispatched to %s agencies in the period"), n);

      links = join_beside (_("All the province’s executive agencies"), referred);
    }
  else
    {
      links = g_strdup (_("All the province’s executive agencies"));
    }
  add_row (card, group, _("Links with other agencies"), links, NULL);
}

/* The card's steps 1–7 are the workflow's states, named as the workflow
 * names them, in two columns as the list is long: 1–4 on the right, 5–7
 * on the left. */
static void
add_steps_row (Card *card)
{
  g_autoptr(GString) right = g_string_new (NULL);
  g_autoptr(GString) left = g_string_new (NULL);
  Row *row;

  for (int step = 1; step <= 7; step++)
    for (PeygirState state = 0; state < PEYGIR_N_STATES; state++)
      {
        GString *column = step <= 4 ? right : left;
        g_autofree char *number = NULL;

        if (peygir_workflow_state_info (state)->card_step != step)
          continue;
        number = peygir_text_format_number (step);
        if (column->len > 0)
          g_string_append_c (column, '\n');
        g_string_append_printf (column, "%s- %s", number, peygir_state_label (state));
      }
  add_row (card, _("Service processes"), _("Process steps"), right->str, NULL);

  row = &g_array_index (card->rows, Row, card->rows->len - 1);
  pango_layout_set_width (row->text, (int) ((VALUE_W / 2.0 - 2 * PAD) * PANGO_SCALE));
  row->second = text_layout (card, left->str, SIZE_TEXT, FALSE, VALUE_W / 2.0 - 2 * PAD);
  row->height = 2 * PAD + MAX (_peygir_letter_layout_height (row->label),
                               MAX (_peygir_letter_layout_height (row->text),
                                    _peygir_letter_layout_height (row->second)));
}

/* Rows go down the page and on to the next, never cut. */
static void
paginate (Card *card)
{
  const double bottom = PAGE_H - MARGIN - FOOT_H;
  double y = MARGIN + _peygir_letter_layout_height (card->title) + 2 * PAD;
  guint page = 0;

  for (guint i = 0; i < card->rows->len; i++)
    {
      Row *row = &g_array_index (card->rows, Row, i);

      if (y + row->height > bottom && y > MARGIN)
        {
          page++;
          y = MARGIN;
        }
      row->page = page;
      row->y = y;
      y += row->height;
    }
  card->n_pages = page + 1;
}

/* Drawing */

static void
draw_box (cairo_t  *cr,
          double    x,
          double    y,
          gboolean  ticked)
{
  cairo_save (cr);
  cairo_set_line_width (cr, 0.8);
  cairo_rectangle (cr, x, y, BOX, BOX);
  cairo_stroke (cr);
  if (ticked)
    {
      /* drawn, not a font's ✓ that the family may lack */
      cairo_set_line_width (cr, 1.4);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_move_to (cr, x + 1.3, y + BOX * 0.5);
      cairo_line_to (cr, x + BOX * 0.42, y + BOX - 1.2);
      cairo_line_to (cr, x + BOX + 1.2, y - 1.6);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

static void
draw_choices (cairo_t *cr,
              GArray  *choices,
              double   right,
              double   top)
{
  double line_height = BOX;

  for (guint i = 0; i < choices->len; i++)
    line_height = MAX (line_height,
                       _peygir_letter_layout_height (g_array_index (choices, Choice, i).layout));
  for (guint i = 0; i < choices->len; i++)
    {
      const Choice *choice = &g_array_index (choices, Choice, i);
      double box_right = right - choice->right;
      double y = top + choice->top;

      draw_box (cr, box_right - BOX, y + (line_height - BOX) / 2.0, choice->ticked);
      cairo_move_to (cr, box_right - BOX - BOX_GAP - _peygir_letter_layout_width (choice->layout), y);
      pango_cairo_show_layout (cr, choice->layout);
    }
}

static void
draw_row (cairo_t   *cr,
          const Row *row)
{
  const double label_x = PAGE_W - MARGIN - GROUP_W - LABEL_W;
  double y = row->y + PAD;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0.92, 0.92, 0.92);
  cairo_rectangle (cr, label_x, row->y, LABEL_W, row->height);
  cairo_fill (cr);
  cairo_restore (cr);
  cairo_rectangle (cr, label_x, row->y, LABEL_W, row->height);
  cairo_rectangle (cr, MARGIN, row->y, VALUE_W, row->height);
  cairo_stroke (cr);

  cairo_move_to (cr, label_x + PAD, y);
  pango_cairo_show_layout (cr, row->label);
  if (row->text != NULL)
    {
      /* a text narrowed to the right column keeps to the right */
      cairo_move_to (cr, MARGIN + VALUE_W - PAD - (double) pango_layout_get_width (row->text) / PANGO_SCALE, y);
      pango_cairo_show_layout (cr, row->text);
    }
  if (row->second != NULL)
    {
      cairo_move_to (cr, MARGIN + PAD, y);
      pango_cairo_show_layout (cr, row->second);
    }
  if (row->choices != NULL && row->choices_width > 0.0)
    draw_choices (cr, row->choices, MARGIN + PAD + row->choices_width, y);
  else if (row->choices != NULL)
    draw_choices (cr, row->choices, label_x - PAD,
                  row->text != NULL ? y + _peygir_letter_layout_height (row->text) + 3.0 : y);
}

/* The group's cell beside its rows on one page, its name turned to read
 * upwards as on the printed form. */
static void
draw_group (Card       *card,
            cairo_t    *cr,
            const char *group,
            double      top,
            double      bottom)
{
  const double x = PAGE_W - MARGIN - GROUP_W;
  g_autoptr(PangoLayout) layout = NULL;

  cairo_rectangle (cr, x, top, GROUP_W, bottom - top);
  cairo_stroke (cr);

  layout = _peygir_letter_renderer_make_layout (card->renderer, NULL, group, SIZE_GROUP, TRUE,
                                                bottom - top - 2 * PAD, PANGO_ALIGN_CENTER);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (layout, -1);
  cairo_save (cr);
  cairo_translate (cr, x + GROUP_W / 2.0, (top + bottom) / 2.0);
  cairo_rotate (cr, -G_PI / 2.0);
  cairo_move_to (cr, -(bottom - top - 2 * PAD) / 2.0, -_peygir_letter_layout_height (layout) / 2.0);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

static void
draw_foot (Card    *card,
           cairo_t *cr,
           guint    page)
{
  const PeygirReport *report = card->report;
  g_autofree char *from = peygir_day_format (report->from, PEYGIR_DATE_LONG);
  g_autofree char *to = peygir_day_format (report->to, PEYGIR_DATE_LONG);
  g_autofree char *today = peygir_day_format (peygir_day_today (), PEYGIR_DATE_LONG);
  g_autofree char *text = g_strdup_printf (_("From %s to %s · figures measured by Peygir · printed on %s"),
                                           from, to, today);
  g_autoptr(PangoLayout) layout = NULL;

  if (card->n_pages > 1)
    {
      g_autofree char *current = peygir_text_format_number (page + 1);
      g_autofree char *total = peygir_text_format_number (card->n_pages);
      g_autofree char *numbered = g_strdup_printf (_("Page %s of %s"), current, total);
      g_autofree char *line = g_steal_pointer (&text);

      text = g_strconcat (line, "\n", numbered, NULL);
    }
  layout = _peygir_letter_renderer_make_layout (card->renderer, NULL, text, SIZE_FOOT, FALSE,
                                                PAGE_W - 2 * MARGIN, PANGO_ALIGN_CENTER);
  cairo_move_to (cr, MARGIN, PAGE_H - MARGIN - FOOT_H + 8.0);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_pages (Card    *card,
            cairo_t *cr)
{
  guint next = 0;

  for (guint page = 0; page < card->n_pages; page++)
    {
      guint first = next;

      cairo_set_source_rgb (cr, 0.0, 0.0, 0.0);
      cairo_set_line_width (cr, 0.6);
      if (page == 0)
        {
          double height = _peygir_letter_layout_height (card->title) + 2 * PAD;

          cairo_rectangle (cr, MARGIN, MARGIN, PAGE_W - 2 * MARGIN, height);
          cairo_stroke (cr);
          cairo_move_to (cr, MARGIN, MARGIN + PAD);
          pango_cairo_show_layout (cr, card->title);
        }

      for (; next < card->rows->len; next++)
        {
          const Row *row = &g_array_index (card->rows, Row, next);

          if (row->page != page)
            break;
          draw_row (cr, row);
        }

      /* the groups' cells, each over its rows on this page */
      for (guint i = first; i < next;)
        {
          const Row *start = &g_array_index (card->rows, Row, i);
          const Row *end = start;

          while (i < next && g_str_equal (g_array_index (card->rows, Row, i).group, start->group))
            end = &g_array_index (card->rows, Row, i++);
          draw_group (card, cr, start->group, start->y, end->y + end->height);
        }

      draw_foot (card, cr, page);
      cairo_show_page (cr);
    }
}

static void
set_metadata (const PeygirLetterhead *letterhead,
              cairo_surface_t        *surface)
{
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("Service Identity Card"));
  if (letterhead != NULL)
    {
      g_autofree char *author = provider_name (letterhead);

      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, author);
    }
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Peygir " PEYGIR_VERSION);
  /* the day it was printed, not the second: the same card prints the
   * same bytes all day */
  _peygir_letter_pdf_set_day (surface, peygir_day_today ());
}

GBytes *
peygir_service_card_render_to_bytes (const PeygirReport     *report,
                                     const PeygirLetterhead *letterhead,
                                     GError                **error)
{
  g_auto(Card) card = { 0, };
  g_autoptr(GByteArray) pdf = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  GBytes *bytes;

  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  pdf = g_byte_array_sized_new (64 * 1024);
  surface = _peygir_letter_pdf_surface_new (pdf);
  cr = cairo_create (surface);
  card.renderer = _peygir_letter_renderer_get_default ();
  card.report = report;
  _peygir_letter_renderer_update_context (card.renderer, cr);

  card.title = _peygir_letter_renderer_make_layout (card.renderer, NULL, _("Service Identity Card"),
                                                    SIZE_TITLE, TRUE, PAGE_W - 2 * MARGIN,
                                                    PANGO_ALIGN_CENTER);
  card.rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (card.rows, row_clear);
  add_service_rows (&card, letterhead);
  add_figure_rows (&card);
  add_access_rows (&card);
  add_steps_row (&card);
  paginate (&card);

  set_metadata (letterhead, surface);
  draw_pages (&card, cr);

  bytes = _peygir_letter_pdf_finish (cr, surface, &pdf, &status);
  if (bytes == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 _("The service card could not be drawn: %s."), cairo_status_to_string (status));
  return bytes;
}

gboolean
peygir_service_card_render_to_file (const PeygirReport     *report,
                                    const PeygirLetterhead *letterhead,
                                    const char             *path,
                                    GError                **error)
{
  g_autoptr(GBytes) pdf = NULL;
  const char *data;
  gsize size;

  g_return_val_if_fail (path != NULL, FALSE);

  pdf = peygir_service_card_render_to_bytes (report, letterhead, error);
  if (pdf == NULL)
    return FALSE;
  data = g_bytes_get_data (pdf, &size);
  return _peygir_report_write_beside (data, size, path, error);
}
