/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "peygir-case-page.h"
#include "peygir-workflow-chart.h"

G_BEGIN_DECLS

/* What the page shows, read in one trip to the worker. */
typedef struct
{
  PeygirCase *kase;
  GPtrArray  *documents;
  GPtrArray  *contacts;
  GPtrArray  *events;
  GPtrArray  *agencies;
  PeygirLetterRecord *answer_letter;  /* the written answer sent this round; NULL until then */
} CaseDetails;

struct _PeygirCasePage
{
  GtkWidget          parent_instance;

  GtkStack          *stack;
  GtkLabel          *state_label;
  GtkLabel          *subject_label;
  GtkLabel          *numbers_label;
  PeygirWorkflowChart *chart;
  GtkLabel          *description_label;
  GtkListBox        *case_list;
  GtkListBox        *applicant_list;
  GtkListBox        *documents_list;
  GtkListBox        *referrals_list;
  GtkListBox        *contacts_list;
  GtkListBox        *events_list;
  GtkWidget         *action_bar;
  GtkFlowBox        *actions_box;

  PeygirSession     *session;
  GCancellable      *cancellable;
  CaseDetails       *details;
  gint64             case_id;
  guint              load_serial;
  guint              busy;
  AdwMessageDialog  *dialog;
  GtkFileChooserNative *chooser;
  PeygirLetterSender *sender;      /* printing and sending the case's letters */
  char              *print_export; /* tests: print to this PDF file */

  /* What was typed for an action that was not saved (the database busy or
   * out of reach): the action's dialog starts from it next time, so that
   * trying again does not mean typing it again. */
  PeygirAction       unsaved_action;
  gint64             unsaved_case_id;
  char              *unsaved_note;
};

/* peygir-case-page.c */
void        _peygir_case_page_set_busy          (PeygirCasePage     *self,
                                                 gboolean            busy);
void        _peygir_case_page_update_actions    (PeygirCasePage     *self);
void        _peygir_case_page_toast             (PeygirCasePage     *self,
                                                 const char         *title);
void        _peygir_case_page_toast_error       (PeygirCasePage     *self,
                                                 const GError       *error);
gboolean    _peygir_case_page_can_send_answer   (PeygirCasePage     *self);
const char *_peygir_case_page_event_title       (const PeygirEvent  *event);

/* peygir-case-page-actions.c: the workflow's actions, documents and
 * letters, and the dialogs they ask in. */
void        _peygir_case_page_class_actions_init (PeygirCasePageClass *klass);

G_END_DECLS
