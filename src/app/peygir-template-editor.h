/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "peygir-letter.h"

G_BEGIN_DECLS

/* The editor of one kind's letter template, as a group of the letter
 * settings: the text, a warning under it naming the fields Peygir does not
 * know, the fields one may use (activating one puts it at the cursor),
 * "not saved yet", and buttons for the page's letter-settings.preview-,
 * restore- and save-template actions, aimed at the editor's kind. */

#define PEYGIR_TYPE_TEMPLATE_EDITOR (peygir_template_editor_get_type ())
G_DECLARE_FINAL_TYPE (PeygirTemplateEditor, peygir_template_editor, PEYGIR, TEMPLATE_EDITOR, AdwPreferencesGroup)

GtkWidget        *peygir_template_editor_new        (PeygirLetterKind      kind);
PeygirLetterKind  peygir_template_editor_get_kind   (PeygirTemplateEditor *self);
/* The text as it stands in the editor, untrimmed. */
char             *peygir_template_editor_dup_text   (PeygirTemplateEditor *self);
void              peygir_template_editor_set_text   (PeygirTemplateEditor *self,
                                                     const char           *text);
/* The template as the store has it ("": the built-in one), against which
 * the text is "not saved yet"; until it is set, nothing is. */
void              peygir_template_editor_set_saved  (PeygirTemplateEditor *self,
                                                     const char           *saved);
gboolean          peygir_template_editor_is_unsaved (PeygirTemplateEditor *self);

G_END_DECLS
