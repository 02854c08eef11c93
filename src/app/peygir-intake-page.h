/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "peygir-session.h"

G_BEGIN_DECLS

/* The intake form: a new case at the desk. Fields are checked as they are
 * typed; "intake.save" is enabled only when the form is complete. */

#define PEYGIR_TYPE_INTAKE_PAGE (peygir_intake_page_get_type ())
G_DECLARE_FINAL_TYPE (PeygirIntakePage, peygir_intake_page, PEYGIR, INTAKE_PAGE, GtkWidget)

void        peygir_intake_page_set_session       (PeygirIntakePage *self,
                                                  PeygirSession    *session);
/* An empty form, the date received today. */
void        peygir_intake_page_reset             (PeygirIntakePage *self);
/* The form for a new case, the focus on its first field: the draft being
 * filled in when there is one (peygir_intake_page_has_input ()), else an
 * empty form. */
void        peygir_intake_page_start             (PeygirIntakePage *self);
/* Whether the form holds something typed or a file chosen that no case
 * was saved with yet. */
gboolean    peygir_intake_page_has_input         (PeygirIntakePage *self);
/* The form's editable widgets by name: "name", "national-id", "mobile",
 * "phone", "address", "postal-code", "email", "subject", "description",
 * "received-on" (GtkEditable or GtkTextView), "applicant-type", "kind",
 * "category", "agency", "channel" (GtkDropDown). */
GtkWidget  *peygir_intake_page_get_field         (PeygirIntakePage *self,
                                                  const char       *name);
/* The error shown under a field, or NULL. */
const char *peygir_intake_page_get_field_error   (PeygirIntakePage *self,
                                                  const char       *name);
/* Files to attach when the case is saved. */
void        peygir_intake_page_add_file          (PeygirIntakePage *self,
                                                  GFile            *file);
/* The earlier cases of this applicant found so far. */
GListModel *peygir_intake_page_get_earlier_cases (PeygirIntakePage *self);
/* Links the new case as a repeat of @case_id (0: none). */
void        peygir_intake_page_link_repeat       (PeygirIntakePage *self,
                                                  gint64            case_id);
/* After saving: the new case. */
gint64      peygir_intake_page_get_saved_case_id (PeygirIntakePage *self);
gboolean    peygir_intake_page_get_busy          (PeygirIntakePage *self);
/* The line under the form: what is still missing, or why saving failed. */
const char *peygir_intake_page_get_status        (PeygirIntakePage *self);

G_END_DECLS
