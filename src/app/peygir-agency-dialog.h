/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "peygir-types.h"

G_BEGIN_DECLS

/* The administrator's form for one agency: its name, its head's title
 * (the recipient line of the letters to it), the working days it has to
 * answer and, for one already there, whether it is active. The dialog
 * does not write: "agency.save" emits ::save once the form is complete,
 * and whoever opened it saves what is typed, then closes it, or tells it
 * why not (peygir_agency_dialog_add_toast ()) and it stays open with what
 * was typed. The fields are named agency-name, agency-head-title,
 * agency-response-days and agency-active. */

#define PEYGIR_TYPE_AGENCY_DIALOG (peygir_agency_dialog_get_type ())
G_DECLARE_FINAL_TYPE (PeygirAgencyDialog, peygir_agency_dialog, PEYGIR, AGENCY_DIALOG, AdwWindow)

/* @agency (copied) is the agency as the page listed it, NULL for a new
 * one, which starts with @response_days. */
GtkWidget          *peygir_agency_dialog_new          (GtkWindow          *parent,
                                                       const PeygirAgency *agency,
                                                       int                 response_days);
/* The agency as it was read, which a change is made against; NULL for a
 * new one. */
const PeygirAgency *peygir_agency_dialog_get_agency   (PeygirAgencyDialog *self);
/* After another desk changed the agency: @current becomes the agency
 * changed against, and the dialog says what it now holds; the fields keep
 * what was typed. */
void                peygir_agency_dialog_show_current (PeygirAgencyDialog *self,
                                                       const PeygirAgency *current);
/* What is typed, trimmed and sanitised, with the agency's id (0 for a new
 * one); free it. */
PeygirAgency       *peygir_agency_dialog_dup_typed    (PeygirAgencyDialog *self);
/* While a save is under way the form cannot be saved again. */
void                peygir_agency_dialog_set_saving   (PeygirAgencyDialog *self,
                                                       gboolean            saving);
void                peygir_agency_dialog_add_toast    (PeygirAgencyDialog *self,
                                                       const char         *message);

G_END_DECLS
